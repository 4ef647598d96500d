from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "saferplaces.web.finance"
    label = "finance"
    verbose_name = "Money: budgets, funds, grants and year end"

    def ready(self) -> None:
        # A budget may name actions the plan does not hold yet: link them when added.
        from django.db.models.signals import post_save

        from saferplaces.web.actions.models import Action

        post_save.connect(_link_action, sender=Action, dispatch_uid="finance-link-action")


def _link_action(sender, instance, **kwargs) -> None:
    from saferplaces.web.finance.ledger import link_new_action

    if instance.archived_on is None:
        link_new_action(instance)
