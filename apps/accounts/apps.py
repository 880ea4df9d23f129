from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_delete, pre_save

        from apps.accounts import (
            checks,  # noqa: F401 - registers the deploy checks
            receivers,
        )
        from apps.accounts.invitations import KIND, email_context
        from apps.accounts.models import User
        from apps.accounts.roles import sync_roles_after_migrate
        from apps.accounts.sessions import on_logged_in
        from apps.core.redaction import register_secret_route
        from apps.notifications.rendering import register_render_context

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        user_logged_in.connect(on_logged_in, dispatch_uid="accounts.on_logged_in")
        pre_save.connect(receivers.remember_active, sender=User, dispatch_uid="accounts.active")
        post_save.connect(
            receivers.announce_deactivation, sender=User, dispatch_uid="accounts.deactivated"
        )
        pre_delete.connect(
            receivers.announce_deletion, sender=User, dispatch_uid="accounts.deleted"
        )
        # The invitation link is computed when its e-mail is rendered; it is never stored.
        register_render_context(KIND, email_context)
        register_secret_route("accounts:invitation", "token")
        register_secret_route("accounts:invitation_reissue", "token")
        register_secret_route("accounts:password_reset_confirm", "token", uidb64="x")
