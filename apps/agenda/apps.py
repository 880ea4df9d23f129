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

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed

        from apps.accounts.signals import access_revoked
        from apps.agenda import receivers
        from apps.agenda.dashboard import sessions_today_section
        from apps.agenda.digest import todays_sessions
        from apps.core.dashboard import register_section
        from apps.core.redaction import register_secret_route
        from apps.delegations.models import Delegation
        from apps.notifications.digest import register_digest_section

        m2m_changed.connect(
            receivers.focal_points_changed,
            sender=Delegation.focal_points.through,
            dispatch_uid="agenda.focal_points_changed",
        )
        access_revoked.connect(receivers.user_lost_access, dispatch_uid="agenda.user_lost_access")
        register_secret_route("agenda:feed", "token")
        register_digest_section(todays_sessions)
        register_section(sessions_today_section, order=40)
