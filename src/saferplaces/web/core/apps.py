from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "saferplaces.web.core"
    label = "core"
    verbose_name = "Core: records, audit log and permissions"
