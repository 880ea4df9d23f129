"""Organisers' configuration: zones, categories (with the zones they open), participants who
are not delegates, and their approval."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from apps.badges.models import BadgeCategory, Participant, SessionAccess, Zone
from apps.badges.permissions import can_manage_badges
from apps.core.errors import ApplicationError
from apps.core.services import log_action

M = TypeVar("M", bound=models.Model)


def _label(obj: models.Model) -> str:
    return f"badges.{obj._meta.model_name}"


@transaction.atomic
def save_config(*, obj: M, by, changed: Iterable[str] = ()) -> M:
    """Create or edit a zone, a category or a participant with the values set on it."""
    creating = obj.pk is None
    opts = obj._meta
    if not by.has_perm(f"badges.{'add' if creating else 'change'}_{opts.model_name}"):
        raise PermissionDenied
    obj.full_clean()
    obj.save()
    log_action(
        obj, f"{_label(obj)}.{'created' if creating else 'updated'}", by=by, fields=sorted(changed)
    )
    if isinstance(obj, Participant) and not obj.approved and not creating:
        from apps.badges.services.badges import revoke_for_holder

        revoke_for_holder(participant=obj, by=by, reason=_("Accreditation no longer approved."))
    return obj


@transaction.atomic
def delete_config(*, obj: models.Model, by) -> None:
    if not by.has_perm(f"badges.delete_{obj._meta.model_name}"):
        raise PermissionDenied
    log_action(obj, f"{_label(obj)}.deleted", by=by, name=str(obj))
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        raise ApplicationError(
            _("Badges still use this; it cannot be removed."), status=409
        ) from exc


@transaction.atomic
def set_category_zones(*, category: BadgeCategory, zones: Iterable[Zone], by) -> BadgeCategory:
    """The zones a category opens (the gate bundles follow at their next download)."""
    if not by.has_perm("badges.change_badgecategory"):
        raise PermissionDenied
    zones = list(zones)
    if any(zone.assembly_id != category.assembly_id for zone in zones):
        raise ApplicationError(
            _("A zone of another assembly."), extra={"zones": [_("Wrong assembly.")]}
        )
    before = sorted(category.zones.values_list("code", flat=True))
    category.zones.set(zones)
    after = sorted(zone.code for zone in zones)
    if before != after:
        log_action(category, "badges.badgecategory.zones_set", by=by, before=before, after=after)
    return category


@transaction.atomic
def set_access_sessions(*, access: SessionAccess, sessions: Iterable, by) -> SessionAccess:
    """The sessions flagged open to the category one by one; each must be held in the zone's
    room (the windows of the gate bundles follow at their next download)."""
    if not by.has_perm("badges.change_sessionaccess"):
        raise PermissionDenied
    sessions = list(sessions)
    zone = access.zone
    if any(
        s.assembly_id != zone.assembly_id or s.room_id is None or s.room_id != zone.room_id
        for s in sessions
    ):
        raise ApplicationError(
            _("Only sessions held in the zone's room can open it."),
            extra={"sessions": [_("Not in the zone's room.")]},
        )
    before = sorted(access.sessions.values_list("pk", flat=True))
    access.sessions.set(sessions)
    after = sorted(s.pk for s in sessions)
    if before != after:
        log_action(access, "badges.sessionaccess.sessions_set", by=by, before=before, after=after)
    return access


@transaction.atomic
def approve_participant(*, participant: Participant, by) -> Participant:
    if not can_manage_badges(by):
        raise PermissionDenied
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.approved:
        return participant
    participant.approved = True
    if not participant.accreditation_number:
        participant.accreditation_number = f"{participant.assembly.number}-P-{participant.pk:06d}"
    participant.full_clean()
    participant.save()
    log_action(participant, "badges.participant.approved", by=by)
    from apps.badges.services.badges import issue_badge

    issue_badge(category=participant.category, participant=participant, by=by)
    return participant


@transaction.atomic
def carry_badge_setup(*, previous, new, by) -> dict[str, int]:
    """The next edition starts with last year's zones and categories (with their names in
    the four languages, their colours and the zones they open), so media can apply and badges
    be issued from day one. A zone's room and the sessions open to a category belong to the
    venue and the programme, which do not carry over; organisers tie them again. Codes the
    new edition already has are kept."""
    counts = {"zones": 0, "badge_categories": 0}
    zones = {zone.code: zone for zone in Zone.objects.filter(assembly=new)}
    for old_zone in Zone.objects.filter(assembly=previous).order_by("pk"):
        if old_zone.code not in zones:
            zones[old_zone.code] = save_config(
                obj=Zone(
                    assembly=new,
                    code=old_zone.code,
                    name=old_zone.name,
                    name_fr=old_zone.name_fr,
                    name_es=old_zone.name_es,
                    name_ar=old_zone.name_ar,
                    no_passback=old_zone.no_passback,
                    plenary=old_zone.plenary,
                ),
                by=by,
            )
            counts["zones"] += 1
    existing = set(BadgeCategory.objects.filter(assembly=new).values_list("code", flat=True))
    for old in BadgeCategory.objects.filter(assembly=previous).prefetch_related("zones"):
        if old.code in existing:
            continue
        category = save_config(
            obj=BadgeCategory(
                assembly=new,
                code=old.code,
                name=old.name,
                name_fr=old.name_fr,
                name_es=old.name_es,
                name_ar=old.name_ar,
                colour=old.colour,
            ),
            by=by,
        )
        set_category_zones(
            category=category, zones=[zones[zone.code] for zone in old.zones.all()], by=by
        )
        counts["badge_categories"] += 1
    return counts
