from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "saferplaces.web.problems"
    label = "problems"
    verbose_name = "Problem-solving plans"
