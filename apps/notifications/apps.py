from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    portal_nav = ()

    def ready(self) -> None:
        from apps.core.health import register_section
        from apps.notifications.selectors import outbox_health, outbox_problems

        register_section("outbox", figures=outbox_health, problems=outbox_problems)
