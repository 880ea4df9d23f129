from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "apps.badges"
    label = "badges"
    verbose_name = _("Badges and access")
    portal_nav = (
        ("badges:own", _("Badges"), "delegation"),
        ("badges:gate", _("Gate check-in"), "organiser"),
        ("badges:presence", _("Presence"), "organiser"),
    )

    def ready(self) -> None:
        # An accreditation that stops being approved revokes the badge in the same transaction.
        from django.db.models.signals import post_save

        from apps.badges.receivers import revoke_badge_of_unapproved_delegate
        from apps.badges.services.config import carry_badge_setup
        from apps.core.editions import register_carry_over
        from apps.delegations.models import Delegate

        post_save.connect(
            revoke_badge_of_unapproved_delegate,
            sender=Delegate,
            dispatch_uid="badges.revoke_unapproved",
        )
        # Preparing the next edition carries the zones and categories (not rooms or sessions).
        register_carry_over("badges", carry_badge_setup)
