from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "saferplaces.web.actions"
    label = "actions"
    verbose_name = "Priorities and the action plan"
