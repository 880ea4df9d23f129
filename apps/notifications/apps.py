from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    portal_nav = ()

    def ready(self) -> None:
        from apps.core.home import register_home_section
        from apps.notifications.home import inbox_home_section

        register_home_section(inbox_home_section, order=90)
        from apps.core.dashboard import register_section as register_dashboard_section
        from apps.core.health import register_section
        from apps.notifications.dashboard import outbox_section
        from apps.notifications.selectors import outbox_health, outbox_problems

        register_section("outbox", figures=outbox_health, problems=outbox_problems)
        register_dashboard_section(outbox_section, order=30)
