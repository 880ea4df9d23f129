from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "apps.agenda"
    label = "agenda"
    verbose_name = _("Venue and agenda")
    portal_nav = (
        ("agenda:agenda", _("Agenda"), "all"),
        ("agenda:programme", _("My programme"), "delegation"),
        ("agenda:calendars", _("Calendars"), "delegation"),
    )
