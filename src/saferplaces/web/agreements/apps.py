from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "saferplaces.web.agreements"
    label = "agreements"
    verbose_name = "Information-sharing agreements"
