from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "saferplaces.web.notices"
    label = "notices"
    verbose_name = "Email notices"
