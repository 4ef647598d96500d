from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "saferplaces.web.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self) -> None:
        # Start-up: the built-in plugins and any installed ones register, once per process
        # (the sources a warehouse's own specs declare register when it is first opened).
        from saferplaces import extensions

        extensions.load()
        # The documents only the web app builds (meeting papers, the action plan, money).
        extensions.add_plugin("saferplaces.web.plugin")
