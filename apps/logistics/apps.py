from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "apps.logistics"
    label = "logistics"
    verbose_name = _("Travel and accommodation")
    portal_nav = (
        ("logistics:travel", _("Travel"), "delegation"),
        ("logistics:rooms", _("Hotel rooms"), "delegation"),
    )
