from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "saferplaces.web.core"
    label = "core"
    verbose_name = "Core: records, audit log and permissions"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from saferplaces.web.core import files, signin  # noqa: F401  (signal receivers)

        connection_created.connect(files.keep_database_private)
