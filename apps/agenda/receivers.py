"""A calendar feed never outlives the access it came from: when someone who could see a
delegation's feed addresses (its focal points) loses access, the addresses change."""

from __future__ import annotations

from apps.agenda import services


def focal_points_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """m2m_changed on Delegation.focal_points: a focal point removed (or all of them)."""
    if action == "post_remove":
        delegation_ids = pk_set if reverse else {instance.pk}
    elif action == "pre_clear":
        delegation_ids = (
            set(instance.delegations.values_list("pk", flat=True)) if reverse else {instance.pk}
        )
    else:
        return
    services.rotate_delegation_feeds(delegation_ids=delegation_ids, reason="focal point removed")


def user_lost_access(sender, user, **kwargs) -> None:
    """accounts.signals.access_revoked: a focal point deactivated or deleted."""
    services.rotate_delegation_feeds(
        delegation_ids=user.delegations.values_list("pk", flat=True),
        reason="focal point deactivated or deleted",
    )
