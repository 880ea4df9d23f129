"""Reads of badges, scans and presence, scoped to the user."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from apps.badges.models import Badge, Direction, Scan, Zone
from apps.badges.permissions import can_view_all_badges
from apps.core.i18n import sorted_by_name
from apps.core.models import Assembly
from apps.delegations.models import Credentials, Delegate, MemberCountry


def badges_with_holder(queryset: QuerySet[Badge] | None = None) -> QuerySet[Badge]:
    queryset = Badge.objects.all() if queryset is None else queryset
    return queryset.select_related(
        "category",
        "participant",
        "delegate__delegation__country",
        "delegate__delegation__organisation",
        "printed_by",
    ).prefetch_related("category__zones")


def badges_for_user(user, *, assembly: Assembly) -> QuerySet[Badge]:
    """Every badge for organisers who may view them; a focal point's own delegations' badges;
    nothing for anyone else."""
    badges = badges_with_holder(Badge.objects.filter(assembly=assembly))
    if can_view_all_badges(user):
        return badges
    if not getattr(user, "is_authenticated", False):
        return badges.none()
    return badges.filter(delegate__delegation__focal_points=user)


def badges_to_print(
    *,
    assembly: Assembly,
    delegation_id: int | None = None,
    category_id: int | None = None,
    not_printed: bool = False,
) -> QuerySet[Badge]:
    badges = badges_with_holder(Badge.objects.filter(assembly=assembly, revoked_at__isnull=True))
    if delegation_id is not None:
        badges = badges.filter(delegate__delegation_id=delegation_id)
    if category_id is not None:
        badges = badges.filter(category_id=category_id)
    if not_printed:
        badges = badges.filter(printed_at__isnull=True)
    return badges.order_by("category__name", "delegate__delegation_id", "id")


def zones_of(assembly: Assembly) -> list[Zone]:
    """The assembly's zones in the reader's alphabet (their names in the reader's language)."""
    return sorted_by_name(Zone.objects.filter(assembly=assembly), lambda zone: zone.display_name)


def inside_zone(zone: Zone) -> QuerySet[Badge]:
    """Badges whose latest admitted scan at this zone was an entry."""
    last_direction = (
        Scan.objects.filter(badge=OuterRef("pk"), zone=zone, admitted=True)
        .order_by("-scanned_at", "-id")
        .values("direction")[:1]
    )
    return (
        badges_with_holder(Badge.objects.filter(assembly_id=zone.assembly_id))
        .annotate(last_direction=Subquery(last_direction))
        .filter(last_direction=Direction.IN)
    )


def is_inside(badge: Badge, zone: Zone) -> bool:
    last = (
        Scan.objects.filter(badge=badge, zone=zone, admitted=True)
        .order_by("-scanned_at", "-id")
        .values_list("direction", flat=True)
        .first()
    )
    return last == Direction.IN


def presence_by_zone(assembly: Assembly) -> list[dict]:
    """Per zone: participants inside now, their delegations and member countries."""
    rows = []
    for zone in zones_of(assembly):
        inside = inside_zone(zone)
        figures = inside.aggregate(
            people=Count("id", distinct=True),
            delegations=Count("delegate__delegation", distinct=True),
            countries=Count("delegate__delegation__country", distinct=True),
        )
        rows.append({"zone": zone, **figures})
    return rows


def presence_on_day(assembly: Assembly, day: dt.date) -> list[dict]:
    """Per zone: people and member countries admitted at least once on that local day."""
    tz = zoneinfo.ZoneInfo(assembly.time_zone)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    counts = (
        Scan.objects.filter(
            zone__assembly=assembly,
            admitted=True,
            direction=Direction.IN,
            scanned_at__gte=start,
            scanned_at__lt=end,
        )
        .values("zone")
        .annotate(
            people=Count("badge", distinct=True),
            countries=Count("badge__delegate__delegation__country", distinct=True),
        )
    )
    by_zone = {row["zone"]: (row["people"], row["countries"]) for row in counts}
    return [
        {
            "zone": zone,
            "people": by_zone.get(zone.pk, (0, 0))[0],
            "countries": by_zone.get(zone.pk, (0, 0))[1],
        }
        for zone in zones_of(assembly)
    ]


ACCEPTED_CREDENTIALS = (Credentials.Status.ACCEPTED, Credentials.Status.PROVISIONAL)


def plenary_countries_present(assembly: Assembly) -> QuerySet[MemberCountry]:
    """Member countries with accepted (or provisional) credentials and at least one of their
    delegation's approved delegates inside a plenary zone now: the quorum's figure."""
    plenaries = list(Zone.objects.filter(assembly=assembly, plenary=True))
    if not plenaries:
        return MemberCountry.objects.none()
    inside = Q()
    for zone in plenaries:
        inside |= Q(badge__in=inside_zone(zone).values("pk"))
    present_delegates = Delegate.objects.filter(inside, accreditation_status="approved")
    return MemberCountry.objects.filter(
        Exists(
            present_delegates.filter(
                delegation__country=OuterRef("pk"),
                delegation__assembly=assembly,
                delegation__credentials__status__in=ACCEPTED_CREDENTIALS,
            )
        ),
        active=True,
    ).order_by("name_en")


def presence_by_region(assembly: Assembly) -> dict[str, int]:
    counts = plenary_countries_present(assembly).values("region").annotate(n=Count("id")).order_by()
    return {row["region"]: row["n"] for row in counts}


def recent_scans(assembly: Assembly, *, limit: int = 50) -> QuerySet[Scan]:
    return (
        Scan.objects.filter(zone__assembly=assembly)
        .select_related("zone", "staff", "badge__category")
        .order_by("-scanned_at", "-id")[:limit]
    )


def gate_bundle(zone: Zone) -> dict:
    """What a gate device keeps to decide offline: the public key, the revocation list, the
    windows of categories whose access follows the agenda and a minimal roster (no e-mail, no
    passport: name, affiliation, category, zones and a thumbnail of the photo, a few KB, for
    the staff to compare faces offline)."""
    from django.utils import timezone

    from apps.badges.photos import thumbnails
    from apps.badges.signing import public_key_b64url
    from apps.badges.validity import valid_from

    roster = []
    revoked = []
    badges = list(
        badges_with_holder(Badge.objects.filter(assembly_id=zone.assembly_id)).order_by("id")
    )
    photos = thumbnails({b.pk: getattr(b.holder, "photo", None) for b in badges})
    for badge in badges:
        holder = badge.holder
        if badge.revoked_at is not None:
            revoked.append(badge.pk)
        roster.append(
            {
                "id": badge.pk,
                "version": badge.version,
                "name": badge.holder_name,
                "native_name": " ".join(
                    p for p in (holder.given_names_native, holder.family_name_native) if p
                ),
                "affiliation": badge.delegate.delegation.name
                if badge.delegate is not None
                else badge.participant.organisation
                if badge.participant is not None
                else "",
                "category": badge.category.display_name,
                "category_id": badge.category_id,
                "colour": badge.category.colour,
                "zones": [z.pk for z in badge.category.zones.all()],
                "revoked": badge.revoked_at is not None,
                "photo": photos.get(badge.pk, ""),
            }
        )
    return {
        "public_key": public_key_b64url(),
        "generated_at": timezone.now(),
        "valid_from": valid_from(zone.assembly),
        "zone": {
            "id": zone.pk,
            "code": zone.code,
            "name": zone.display_name,
            "name_en": zone.name,
            "name_fr": zone.name_fr,
            "name_es": zone.name_es,
            "name_ar": zone.name_ar,
            "no_passback": zone.no_passback,
        },
        "revoked": revoked,
        # Categories whose access follows the agenda: when they may enter (margins included).
        "windows": {
            str(category_id): [{"start": start, "end": end} for start, end in spans]
            for category_id, spans in access_windows(zone).items()
        },
        "inside": list(inside_zone(zone).values_list("pk", flat=True)),
        "roster": roster,
    }


Window = tuple[dt.datetime, dt.datetime]


def access_windows(zone: Zone) -> dict[int, list[Window]]:
    """Per category whose access to this zone follows the agenda: the times it may enter (each
    session open to it in the zone's room, widened by the margin). A category absent from the
    result enters whenever its badge opens the zone."""
    from apps.agenda.models import Session
    from apps.badges.models import SessionAccess

    rules = list(SessionAccess.objects.filter(zone=zone).prefetch_related("sessions"))
    if not rules:
        return {}
    held = []
    if zone.room_id is not None:
        held = list(
            Session.objects.filter(
                assembly_id=zone.assembly_id,
                room_id=zone.room_id,
                cancelled=False,
                visibility=Session.Visibility.PUBLISHED,
            )
            .only("id", "kind", "starts_at", "ends_at")
            .order_by("starts_at", "id")
        )
    windows: dict[int, list[Window]] = {}
    for rule in rules:
        flagged = {session.pk for session in rule.sessions.all()}
        margin = dt.timedelta(minutes=rule.margin_minutes)
        windows[rule.category_id] = [
            (session.starts_at - margin, session.ends_at + margin)
            for session in held
            if session.kind in rule.session_kinds or session.pk in flagged
        ]
    return windows


def category_windows(zone: Zone, category_id: int) -> list[Window] | None:
    """The windows of one category at this zone, or None when its access is not limited."""
    return access_windows(zone).get(category_id)
