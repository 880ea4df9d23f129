"""Listening to delegations: an accreditation that stops being approved (rejected, withdrawn,
reopened) revokes the badge in the same transaction."""

from __future__ import annotations

from django.utils.translation import gettext as _

from apps.delegations.models import AccreditationStatus, Delegate


def revoke_badge_of_unapproved_delegate(sender, instance: Delegate, created: bool, **kwargs):
    if created or kwargs.get("raw"):
        return
    if instance.accreditation_status == AccreditationStatus.APPROVED:
        return
    from apps.badges.services.badges import revoke_for_holder

    revoke_for_holder(
        delegate=instance,
        by=instance.decided_by,
        reason=_("Accreditation %(status)s.")
        % {"status": instance.get_accreditation_status_display()},
    )
