from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    label = "meetings"
    verbose_name = _("Bilateral meetings")
    portal_nav = (
        ("meetings:requests", _("Bilateral requests"), "delegation"),
        ("meetings:schedule", _("My meetings"), "delegation"),
    )
