"""Notices that a user lost access, whichever way it happened (admin, service, shell)."""

from __future__ import annotations

from apps.accounts.models import User
from apps.accounts.signals import access_revoked

# Set on the instance by pre_save, read by post_save: was the account active before the save?
WAS_ACTIVE = "_was_active_before_save"


def remember_active(sender, instance: User, update_fields=None, **kwargs) -> None:
    """pre_save: note whether the account was active before this save."""
    if instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        return
    before = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    setattr(instance, WAS_ACTIVE, before)


def announce_deactivation(sender, instance: User, **kwargs) -> None:
    """post_save: an active account made inactive has lost access."""
    if getattr(instance, WAS_ACTIVE, False) and not instance.is_active:
        access_revoked.send(sender=User, user=instance)
    setattr(instance, WAS_ACTIVE, instance.is_active)


def announce_deletion(sender, instance: User, **kwargs) -> None:
    """pre_delete: while its links to delegations still exist."""
    access_revoked.send(sender=User, user=instance)
