"""Badges: issued only to approved participants, revoked the moment that stops, printed (a
reprint raises the version, so the old card stops working) and collected."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.badges.models import Badge, BadgeCategory, Participant
from apps.badges.permissions import can_manage_badges, can_print_badges
from apps.core.errors import ApplicationError
from apps.core.services import log_action
from apps.delegations.models import AccreditationStatus, Delegate, Delegation

# The category a delegate's badge gets by default, by code (organisers name the codes).
HEAD_CODE, DELEGATE_CODE, OBSERVER_CODE, SECRETARIAT_CODE, HOST_CODE = (
    "head",
    "delegate",
    "observer",
    "secretariat",
    "host",
)


def default_category_code(delegate: Delegate) -> str:
    kind = delegate.delegation.kind
    if kind == Delegation.Kind.OBSERVER:
        return OBSERVER_CODE
    if kind == Delegation.Kind.SECRETARIAT:
        return SECRETARIAT_CODE
    if delegate.function == Delegate.Function.HEAD:
        return HEAD_CODE
    return DELEGATE_CODE


def _check_approved(*, delegate: Delegate | None, participant: Participant | None) -> None:
    if delegate is not None and delegate.accreditation_status != AccreditationStatus.APPROVED:
        raise ApplicationError(
            _("%(name)s is not accredited: only approved participants get a badge.")
            % {"name": delegate.full_name},
            status=409,
        )
    if participant is not None and not participant.approved:
        raise ApplicationError(
            _("%(name)s is not approved: only approved participants get a badge.")
            % {"name": str(participant)},
            status=409,
        )


@transaction.atomic
def issue_badge(
    *,
    category: BadgeCategory,
    by,
    delegate: Delegate | None = None,
    participant: Participant | None = None,
) -> Badge:
    """The holder's badge in `category`; a revoked one is issued again under a new version."""
    if not can_manage_badges(by):
        raise PermissionDenied
    if (delegate is None) == (participant is None):
        raise ApplicationError(_("A badge is a delegate's or a participant's."))
    if delegate is not None:
        delegate = Delegate.objects.select_for_update(of=("self",)).get(pk=delegate.pk)
        assembly_id = delegate.delegation.assembly_id
    else:
        assert participant is not None  # noqa: S101 (checked above; for mypy)
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        assembly_id = participant.assembly_id
    _check_approved(delegate=delegate, participant=participant)
    if category.assembly_id != assembly_id:
        raise ApplicationError(
            _("The category belongs to another assembly."), extra={"category": [_("Wrong.")]}
        )
    holder = {"delegate": delegate} if delegate is not None else {"participant": participant}
    badge = Badge.objects.select_for_update().filter(**holder).first()
    if badge is None:
        badge = Badge(assembly_id=assembly_id, category=category, **holder)
        action = "badges.badge.issued"
    else:
        if badge.revoked_at is None and badge.category_id == category.pk:
            return badge
        if badge.revoked_at is not None or badge.printed_at is not None:
            badge.version += 1
            badge.printed_at = None
            badge.printed_by = None
            badge.collected_at = None
        badge.category = category
        badge.revoked_at = None
        badge.revoked_reason = ""
        action = "badges.badge.reissued"
    badge.full_clean()
    badge.save()
    log_action(badge, action, by=by, category=category.code, version=badge.version)
    return badge


@transaction.atomic
def issue_badges_for_approved(*, assembly, by) -> dict[str, int]:
    """A badge for every approved delegate without one, in the category their function and
    delegation suggest; returns how many were issued and how many lacked a category."""
    if not can_manage_badges(by):
        raise PermissionDenied
    categories = {c.code: c for c in BadgeCategory.objects.filter(assembly=assembly)}
    delegates = (
        Delegate.objects.filter(
            delegation__assembly=assembly,
            accreditation_status=AccreditationStatus.APPROVED,
            badge__isnull=True,
        )
        .select_related("delegation")
        .order_by("id")
    )
    issued = missing = 0
    for delegate in delegates:
        category = categories.get(default_category_code(delegate)) or categories.get(DELEGATE_CODE)
        if category is None:
            missing += 1
            continue
        issue_badge(category=category, delegate=delegate, by=by)
        issued += 1
    return {"issued": issued, "without_category": missing}


def revoke_for_holder(
    *, by, reason: str, delegate: Delegate | None = None, participant: Participant | None = None
) -> Badge | None:
    """Called inside the accreditation's own transaction: the badge stops working at once."""
    holder = {"delegate": delegate} if delegate is not None else {"participant": participant}
    badge = Badge.objects.select_for_update().filter(**holder, revoked_at__isnull=True).first()
    if badge is None:
        return None
    badge.revoked_at = timezone.now()
    badge.revoked_reason = reason[:200]
    badge.full_clean()
    badge.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    log_action(badge, "badges.badge.revoked", by=by, reason=badge.revoked_reason)
    return badge


@transaction.atomic
def revoke_badge(*, badge: Badge, by, reason: str) -> Badge:
    if not can_manage_badges(by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give the reason for the revocation."), extra={"reason": [_("Required.")]}
        )
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.revoked_at is not None:
        return badge
    badge.revoked_at = timezone.now()
    badge.revoked_reason = reason
    badge.full_clean()
    badge.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    log_action(badge, "badges.badge.revoked", by=by, reason=reason)
    return badge


@transaction.atomic
def print_badges(*, badges: Sequence[Badge], by, paper: str, duplex: bool = False) -> bytes:
    """The badges as one PDF; each is marked printed (who, when); a badge printed before gets
    a new version, so the card printed before stops working. Duplex: each card is followed by
    its back (zones and instructions)."""
    from apps.badges.pdf import PAPERS, render_badges
    from apps.badges.selectors import badges_with_holder

    if not can_print_badges(by):
        raise PermissionDenied
    if paper not in PAPERS:
        raise ApplicationError(_("Unknown badge format."), extra={"paper": [_("Unknown.")]})
    ids = [badge.pk for badge in badges]
    if not ids:
        raise ApplicationError(_("There is no badge to print."))
    locked = list(Badge.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    now = timezone.now()
    reprinted = []
    for badge in locked:
        if badge.revoked_at is not None:
            raise ApplicationError(
                _("A revoked badge cannot be printed: %(name)s.") % {"name": badge.holder_name},
                status=409,
            )
        if badge.printed_at is not None:
            badge.version += 1
            badge.collected_at = None
            reprinted.append(badge.pk)
        badge.printed_at = now
        badge.printed_by = by
    Badge.objects.bulk_update(
        locked, ["version", "printed_at", "printed_by", "collected_at", "updated_at"]
    )
    for badge in locked:
        log_action(
            badge,
            "badges.badge.reprinted" if badge.pk in reprinted else "badges.badge.printed",
            by=by,
            version=badge.version,
        )
    order = {pk: n for n, pk in enumerate(ids)}
    fresh = sorted(
        badges_with_holder(Badge.objects.filter(pk__in=ids)).select_related("assembly"),
        key=lambda b: order[b.pk],
    )
    return render_badges(fresh, paper=paper, duplex=duplex)


@transaction.atomic
def collect_badge(*, badge: Badge, by) -> Badge:
    """The holder picked the printed badge up at the desk."""
    if not can_manage_badges(by):
        raise PermissionDenied
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.printed_at is None or badge.revoked_at is not None:
        raise ApplicationError(_("Only a printed, valid badge can be collected."), status=409)
    badge.collected_at = timezone.now()
    badge.save(update_fields=["collected_at", "updated_at"])
    log_action(badge, "badges.badge.collected", by=by)
    return badge
