from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "apps.delegations"
    label = "delegations"
    verbose_name = _("Delegations")
    portal_nav = (
        ("delegations:dashboard", _("My delegation"), "delegation"),
        ("delegations:credentials", _("Credentials"), "delegation"),
    )

    def ready(self) -> None:
        from apps.core.dashboard import register_section
        from apps.delegations.dashboard import delegations_section

        register_section(delegations_section, order=10)
