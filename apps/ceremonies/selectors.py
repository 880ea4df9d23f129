"""Reads of ceremonies, already optimised and scoped to the asking user.

Organisers see every ceremony of the assembly; a focal point sees only the ceremonies in which
delegates of their own delegation have a part, and only those roles.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.ceremonies.models import (
    Ceremony,
    CeremonyRole,
    Cue,
    PrecedenceEntry,
    Rehearsal,
    RoleKind,
)
from apps.ceremonies.permissions import can_view_ceremonies
from apps.ceremonies.timeline import TimelineRow, build_timeline, minutes_between
from apps.core.access import get_in_scope_or_404
from apps.core.models import Assembly
from apps.core.timezones import format_local, zone_label
from apps.delegations.selectors import delegation_of


def _base_ceremonies(assembly: Assembly) -> QuerySet[Ceremony]:
    return Ceremony.objects.filter(assembly=assembly).select_related(
        "assembly", "session__room", "outgoing_country", "incoming_country"
    )


def own_roles(user, *, assembly: Assembly) -> QuerySet[CeremonyRole]:
    """The roles held by delegates of the focal point's delegation (none for anyone else)."""
    delegation = delegation_of(user, assembly=assembly)
    if delegation is None:
        return CeremonyRole.objects.none()
    return CeremonyRole.objects.filter(
        ceremony__assembly=assembly, delegate__delegation=delegation
    ).select_related("delegate", "ceremony")


def ceremonies_for_user(user, *, assembly: Assembly) -> QuerySet[Ceremony]:
    """Organisers: all, with counts. Focal points: theirs, with only their own roles attached."""
    qs = _base_ceremonies(assembly)
    if can_view_ceremonies(user):
        return qs.annotate(
            cue_count=Count("cues", distinct=True), role_count=Count("roles", distinct=True)
        )
    roles = own_roles(user, assembly=assembly)
    return (
        qs.filter(pk__in=roles.values("ceremony"))
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=roles.order_by("call_time", "id"),
                to_attr="own_roles",
            )
        )
        .order_by("session__starts_at", "id")
    )


def ceremony_for_user(user, *, assembly: Assembly, pk: int) -> Ceremony:
    """One ceremony the user may see; a foreign one is a 404."""
    return get_in_scope_or_404(ceremonies_for_user(user, assembly=assembly), user, pk=pk)


def role_for_user(user, *, assembly: Assembly, pk: int) -> CeremonyRole:
    qs = CeremonyRole.objects.filter(ceremony__assembly=assembly).select_related(
        "delegate__delegation__country", "ceremony__session__room"
    )
    if not can_view_ceremonies(user):
        qs = qs.filter(pk__in=own_roles(user, assembly=assembly).values("pk"))
    return get_in_scope_or_404(qs, user, pk=pk)


def roles_for_user(user, *, assembly: Assembly) -> QuerySet[CeremonyRole]:
    """Every role of the assembly for organisers; a focal point's own (none for other staff)."""
    if can_view_ceremonies(user):
        return CeremonyRole.objects.filter(ceremony__assembly=assembly).select_related(
            "delegate", "ceremony"
        )
    return own_roles(user, assembly=assembly)


def rehearsals_for_roles(roles: QuerySet[CeremonyRole]) -> QuerySet[Rehearsal]:
    """Rehearsals any of these roles must attend, each with just these roles attached."""
    return (
        Rehearsal.objects.filter(attendees__in=roles.values("pk"))
        .distinct()
        .select_related("ceremony")
        .prefetch_related(Prefetch("attendees", queryset=roles, to_attr="called_roles"))
        .order_by("starts_at")
    )


def cues_of(ceremony: Ceremony) -> list[Cue]:
    return list(ceremony.cues.order_by("order", "id"))


def precedence_of(ceremony: Ceremony) -> QuerySet[PrecedenceEntry]:
    """The order of precedence, with each person's role and delegate (one query)."""
    return ceremony.precedence.select_related("role__delegate").order_by("rank", "id")


def ceremony_timeline(ceremony: Ceremony, cues: list[Cue] | None = None) -> list[TimelineRow]:
    cues = cues_of(ceremony) if cues is None else cues
    return build_timeline(start=ceremony.session.starts_at, cues=cues)


@dataclass(frozen=True)
class TimelineBar:
    """One cue beside the admin's cue rows: start (assembly time, HH:MM), a bar as long as the
    cue in proportion to the whole run, and who is on."""

    order: int
    title: str
    start: str
    minutes: int
    width_percent: float
    roles: list[str]


@dataclass(frozen=True)
class AdminTimeline:
    zone: str
    total_minutes: int
    session_minutes: int
    bars: list[TimelineBar]


def admin_timeline(ceremony: Ceremony) -> AdminTimeline:
    """The saved run-of-show as bars, for the ceremony's admin page (one query: the cues)."""
    assembly = ceremony.assembly
    session = ceremony.session
    rows = ceremony_timeline(ceremony)
    total = sum(row.cue.duration_minutes for row in rows)
    session_minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    scale = max(total, session_minutes, 1)
    labels = dict(RoleKind.choices)
    bars = [
        TimelineBar(
            order=row.cue.order,
            title=row.cue.title,
            start=row.planned_start.astimezone(assembly.tz).strftime("%H:%M"),
            minutes=row.cue.duration_minutes,
            width_percent=round(100 * row.cue.duration_minutes / scale, 1),
            roles=[str(labels[kind]) for kind in row.cue.responsible_roles if kind in labels],
        )
        for row in rows
    ]
    return AdminTimeline(
        zone=zone_label(session.starts_at, assembly.tz, assembly.display_city),
        total_minutes=total,
        session_minutes=session_minutes,
        bars=bars,
    )


def ceremony_for_organiser(*, assembly: Assembly, pk: int) -> Ceremony:
    """One ceremony with its session and hosts, for the console (cues are read separately)."""
    return get_object_or_404(_base_ceremonies(assembly), pk=pk)


def full_ceremony(*, assembly: Assembly, pk: int) -> Ceremony:
    """A ceremony with everything an organiser's pages show (roles, rehearsals, precedence)."""
    return get_object_or_404(
        _base_ceremonies(assembly).prefetch_related(
            Prefetch(
                "roles",
                queryset=CeremonyRole.objects.select_related(
                    "delegate__delegation__country", "delegate__delegation__organisation"
                ),
            ),
            Prefetch(
                "rehearsals",
                queryset=Rehearsal.objects.prefetch_related(
                    Prefetch("attendees", queryset=CeremonyRole.objects.select_related("delegate"))
                ),
            ),
            "precedence__role__delegate",
        ),
        pk=pk,
    )


def people_by_role(ceremony: Ceremony) -> dict[str, list[str]]:
    """{'president': ['Maj. Gen. ... (country)'], ...} from prefetched roles."""
    people: dict[str, list[str]] = defaultdict(list)
    for role in ceremony.roles.all():
        if role.delegate is not None:
            people[role.kind].append(f"{role.person_name} ({role.delegate.delegation.name})")
        else:
            people[role.kind].append(role.person_label)
    return dict(people)


@dataclass(frozen=True)
class RunSheetRow:
    cue: Cue
    planned_start: Any
    people: list[str]


def run_sheet_rows(ceremony: Ceremony) -> list[RunSheetRow]:
    """Timeline rows with the names of the people filling each cue's responsible roles."""
    people = people_by_role(ceremony)
    return [
        RunSheetRow(
            cue=row.cue,
            planned_start=row.planned_start,
            people=[name for kind in row.cue.responsible_roles for name in people.get(kind, [])],
        )
        for row in ceremony_timeline(ceremony)
    ]


def missing_role_kinds(ceremony: Ceremony) -> list[str]:
    filled = {role.kind for role in ceremony.roles.all()}
    labels = dict(RoleKind.choices)
    return [str(labels[kind]) for kind in ceremony.required_roles if kind not in filled]


# --- the live console -----------------------------------------------------------------------------


def _delta_label(minutes: int | None) -> str:
    if minutes is None:
        return ""
    if minutes == 0:
        return _("on time")
    if minutes > 0:
        return _("%(minutes)d min behind") % {"minutes": minutes}
    return _("%(minutes)d min ahead") % {"minutes": -minutes}


REBASE_AFTER = dt.timedelta(hours=6)


def console_state(ceremony: Ceremony) -> dict[str, Any]:
    """What the live console shows, as JSON: current and next cue, all cues, ahead/behind.

    `delta_minutes` is positive when running behind plan, negative when ahead. A run started
    far from the planned time (a rehearsal on another day) is measured from its first cue's
    actual start instead, and says so (`rebased`).
    """
    assembly = ceremony.assembly
    rows = ceremony_timeline(ceremony)
    labels = dict(RoleKind.choices)
    offset = dt.timedelta(0)
    if rows and rows[0].actual_start is not None:
        drift = rows[0].actual_start - rows[0].planned_start
        if abs(drift) > REBASE_AFTER:
            offset = drift
    rebased = bool(offset)

    def local(instant):
        return format_local(instant, assembly.tz, assembly.display_city) if instant else ""

    def delta_of(row: TimelineRow) -> int | None:
        if row.actual_start is None:
            return None
        return minutes_between(row.planned_start + offset, row.actual_start)

    def cue_json(row: TimelineRow, state: str) -> dict[str, Any]:
        cue = row.cue
        delta = delta_of(row)
        return {
            "id": cue.pk,
            "order": cue.order,
            "title": cue.title,
            "duration_minutes": cue.duration_minutes,
            "position": cue.display_position,
            "av": cue.display_av_instructions,
            "description": cue.display_description,
            "interpretation": cue.display_interpretation_notes,
            "who": [str(labels[k]) for k in cue.responsible_roles if k in labels],
            "planned_start": row.planned_start.isoformat(),
            "planned_local": local(row.planned_start),
            "actual_start": row.actual_start.isoformat() if row.actual_start else None,
            "actual_local": local(row.actual_start),
            "delta_minutes": delta,
            "delta_label": _delta_label(delta),
            "state": state,
        }

    current_index = None
    for index, row in enumerate(rows):
        if row.actual_start is not None:
            current_index = index
    ended = ceremony.live_ended_at is not None
    items = []
    for index, row in enumerate(rows):
        if current_index is not None and index < current_index:
            state = "done"
        elif index == current_index:
            state = "done" if ended else "current"
        else:
            state = "upcoming"
        items.append(cue_json(row, state))
    current = items[current_index] if current_index is not None and not ended else None
    upcoming_index = 0 if current_index is None else current_index + 1
    upcoming = items[upcoming_index] if upcoming_index < len(items) and not ended else None
    delta: int | None
    if ended and rows and ceremony.live_ended_at:
        delta = minutes_between(rows[-1].planned_end + offset, ceremony.live_ended_at)
    else:
        delta = current["delta_minutes"] if current else None
    return {
        "ceremony": ceremony.pk,
        "title": ceremony.title,
        "status": ceremony.status,
        "started": current_index is not None,
        "ended": ended,
        "ended_local": local(ceremony.live_ended_at),
        # The console's "Updated 17:15:49 Marrakech (UTC+1)": assembly time, 24-hour, never the
        # browser's clock.
        "updated_local": format_local(
            timezone.now(), assembly.tz, assembly.display_city, "%H:%M:%S"
        ),
        "expected_current_id": current["id"] if current else None,
        "current": current,
        "next": upcoming,
        "delta_minutes": delta,
        "delta_label": _delta_label(delta),
        "rebased": rebased,
        "note": _(
            "Run on another day than planned (a rehearsal?): ahead and behind are measured "
            "from the first cue's actual start."
        )
        if rebased
        else "",
        "cues": items,
        "version": sum(1 for row in rows if row.actual_start) + (1 if ended else 0),
    }
