"""Notices that a user lost access, whichever way it happened (admin, service, shell)."""

from __future__ import annotations

from apps.accounts.models import User
from apps.accounts.signals import access_revoked


def remember_active(sender, instance: User, update_fields=None, **kwargs) -> None:
    """pre_save: note whether the account was active before this save."""
    if instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        return
    instance._was_active = (
        User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    )


def announce_deactivation(sender, instance: User, **kwargs) -> None:
    """post_save: an active account made inactive has lost access."""
    if getattr(instance, "_was_active", False) and not instance.is_active:
        access_revoked.send(sender=User, user=instance)
    instance._was_active = instance.is_active


def announce_deletion(sender, instance: User, **kwargs) -> None:
    """pre_delete: while its links to delegations still exist."""
    access_revoked.send(sender=User, user=instance)
