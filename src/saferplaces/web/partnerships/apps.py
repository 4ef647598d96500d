from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "saferplaces.web.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships, organisations and members"
