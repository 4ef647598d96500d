from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "saferplaces.web.planning"
    label = "planning"
    verbose_name = "Prioritisation and the partnership plan"
