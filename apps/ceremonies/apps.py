from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CeremoniesConfig(AppConfig):
    name = "apps.ceremonies"
    label = "ceremonies"
    verbose_name = _("Ceremonies")
    portal_nav = (("ceremonies:list", _("Ceremonies"), "all"),)

    def ready(self) -> None:
        from apps.ceremonies.dashboard import ceremonies_today_section
        from apps.ceremonies.services import reminders
        from apps.ceremonies.services.templates import carry_ceremony_templates
        from apps.core.dashboard import register_section
        from apps.core.editions import register_carry_over
        from apps.notifications.inbox import register_read_context
        from apps.notifications.rendering import register_render_context

        register_carry_over("ceremonies", carry_ceremony_templates)
        register_section(ceremonies_today_section, order=50)
        for kind in (
            reminders.KIND_ROLE_ASSIGNED,
            reminders.KIND_CALL_TIME,
            reminders.KIND_REHEARSAL,
        ):
            register_read_context(kind, reminders.read_context)  # the inbox
            register_render_context(kind, reminders.read_context)  # the e-mail
