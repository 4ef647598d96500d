from django.apps import AppConfig


class CountyConfig(AppConfig):
    name = "saferplaces.web.county"
    label = "county"
    verbose_name = "The county view and the community safety agreement"
