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
        from apps.delegations.models import Delegate

        post_save.connect(
            revoke_badge_of_unapproved_delegate,
            sender=Delegate,
            dispatch_uid="badges.revoke_unapproved",
        )
