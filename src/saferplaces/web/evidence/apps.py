from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "saferplaces.web.evidence"
    label = "evidence"
    verbose_name = "Evidence"
