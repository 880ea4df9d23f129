"""At the gate: a token's verdict, the scan it leaves (once per scan id), and the batches a
device queued while offline."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.badges import signing
from apps.badges.models import Badge, Direction, Reason, Scan, Zone
from apps.badges.permissions import can_scan_badges
from apps.badges.selectors import category_windows, is_inside
from apps.badges.validity import valid_from
from apps.core.errors import ApplicationError

# A device's clock may run a little ahead; a scan further in the future is refused.
CLOCK_SKEW = dt.timedelta(minutes=5)
MAX_BATCH = 1000


@dataclass
class Verdict:
    admitted: bool
    reason: str
    badge: Badge | None = None

    @property
    def reason_label(self) -> str:
        return str(Reason(self.reason).label)


def _judge(
    badge: Badge, *, zone: Zone, direction: str, at: dt.datetime, passback: bool = True
) -> Verdict:
    if badge.revoked_at is not None and badge.revoked_at <= at:
        return Verdict(False, Reason.REVOKED, badge)
    if at < valid_from(zone.assembly):
        return Verdict(False, Reason.NOT_YET_VALID, badge)
    if not any(z.pk == zone.pk for z in badge.category.zones.all()):
        return Verdict(False, Reason.WRONG_ZONE, badge)
    windows = category_windows(zone, badge.category_id)
    if windows is not None and not any(start <= at <= end for start, end in windows):
        return Verdict(False, Reason.ZONE_CLOSED, badge)
    if passback and direction == Direction.IN and zone.no_passback and is_inside(badge, zone):
        return Verdict(False, Reason.ALREADY_INSIDE, badge)
    return Verdict(True, Reason.OK, badge)


def _badge(badge_id: int, zone: Zone, *, lock: bool) -> Badge | None:
    badges = Badge.objects.select_related("category").prefetch_related("category__zones")
    if lock:
        badges = badges.select_for_update(of=("self",))
    return badges.filter(pk=badge_id, assembly_id=zone.assembly_id).first()


def verify_token(
    *,
    token: str,
    zone: Zone,
    direction: str = Direction.IN,
    at: dt.datetime | None = None,
    lock: bool = False,
    passback: bool = True,
) -> Verdict:
    """The verdict on a scanned token; the reason names the first rule it breaks."""
    at = at or timezone.now()
    claims = signing.read_token(token)
    if claims is None:
        return Verdict(False, Reason.UNKNOWN)
    badge = _badge(claims.badge_id, zone, lock=lock)
    if badge is None or claims.version > badge.version:
        return Verdict(False, Reason.UNKNOWN)
    if badge.revoked_at is not None and badge.revoked_at <= at:
        return Verdict(False, Reason.REVOKED, badge)
    if claims.version < badge.version:
        return Verdict(False, Reason.OLD_VERSION, badge)
    if at.timestamp() >= claims.expires:
        return Verdict(False, Reason.EXPIRED, badge)
    return _judge(badge, zone=zone, direction=direction, at=at, passback=passback)


def _check_time(scanned_at: dt.datetime) -> None:
    if scanned_at > timezone.now() + CLOCK_SKEW:
        raise ApplicationError(
            _("The scan's time lies in the future."), extra={"scanned_at": [_("In the future.")]}
        )


def _existing(scan_id: uuid.UUID) -> Scan | None:
    return Scan.objects.select_related("badge", "zone").filter(scan_id=scan_id).first()


def _save_scan(scan: Scan) -> tuple[Scan, bool]:
    """Saves the scan unless one with its id exists (sent twice, or by two requests at once)."""
    # The scan id's uniqueness is the database's to enforce: checked here, two requests
    # could both pass the check before either saves.
    scan.full_clean(exclude=["badge", "zone", "staff"], validate_unique=False)
    try:
        with transaction.atomic():
            scan.save()
    except IntegrityError:
        existing = _existing(scan.scan_id)
        if existing is None:
            raise
        return existing, False
    return scan, True


@transaction.atomic
def record_scan(
    *,
    scan_id: uuid.UUID,
    zone: Zone,
    gate: str,
    direction: str,
    by,
    token: str = "",
    badge: Badge | None = None,
    scanned_at: dt.datetime | None = None,
) -> tuple[Scan, Verdict, bool]:
    """Verify and record one scan (online). With `badge` instead of a token, the staff member
    found the person by name and checked the photo. Returns (scan, verdict, created); a scan id
    seen before returns the scan recorded then, and records nothing."""
    if not can_scan_badges(by):
        raise PermissionDenied
    existing = _existing(scan_id)
    if existing is not None:
        return existing, Verdict(existing.admitted, existing.reason, existing.badge), False
    scanned_at = scanned_at or timezone.now()
    _check_time(scanned_at)
    if badge is not None:
        locked = _badge(badge.pk, zone, lock=True)
        if locked is None:
            verdict = Verdict(False, Reason.UNKNOWN)
        else:
            verdict = _judge(locked, zone=zone, direction=direction, at=scanned_at)
    else:
        # The badge's row lock makes two gates scanning one badge at once take turns, so
        # "already inside" holds under concurrency.
        verdict = verify_token(
            token=token, zone=zone, direction=direction, at=scanned_at, lock=True
        )
    scan = Scan(
        scan_id=scan_id,
        badge=verdict.badge,
        badge_version=verdict.badge.version if verdict.badge else None,
        zone=zone,
        gate=gate,
        direction=direction,
        scanned_at=scanned_at,
        staff=by,
        admitted=verdict.admitted,
        reason=verdict.reason,
    )
    scan, created = _save_scan(scan)
    return scan, Verdict(scan.admitted, scan.reason, scan.badge), created


@transaction.atomic
def sync_scans(*, scans: list[dict[str, Any]], zones: dict[int, Zone], by) -> list[dict]:
    """Scans a device queued offline, each recorded once. The device's decision stands (the
    person went in or not); an admission of a badge revoked before the scan is flagged
    "admitted while revoked" and reported back.

    Each item: scan_id, zone (id), gate, direction, scanned_at, token, admitted, reason."""
    if not can_scan_badges(by):
        raise PermissionDenied
    if len(scans) > MAX_BATCH:
        raise ApplicationError(
            _("At most %(n)d scans per batch.") % {"n": MAX_BATCH},
            extra={"scans": [_("Too many.")]},
        )
    results = []
    for item in scans:
        zone = zones[item["zone"]]
        existing = _existing(item["scan_id"])
        if existing is not None:
            results.append(_result(existing, created=False))
            continue
        _check_time(item["scanned_at"])
        server = _offline_verdict(item, zone)
        admitted = bool(item["admitted"])
        reason = item.get("reason") or (Reason.OK if admitted else server.reason)
        scan = Scan(
            scan_id=item["scan_id"],
            badge=server.badge,
            badge_version=server.badge.version if server.badge else None,
            zone=zone,
            gate=item["gate"],
            direction=item["direction"],
            scanned_at=item["scanned_at"],
            staff=by,
            admitted=admitted,
            reason=reason,
            offline=True,
            admitted_while_revoked=admitted and server.reason == Reason.REVOKED,
        )
        scan, created = _save_scan(scan)
        results.append(_result(scan, created=created))
    return results


def _offline_verdict(item: dict[str, Any], zone: Zone) -> Verdict:
    """What the server says of a queued scan, at the time it was made."""
    if not item.get("token") and item.get("badge") is not None:
        badge = _badge(item["badge"], zone, lock=False)
        if badge is None:
            return Verdict(False, Reason.UNKNOWN)
        return _judge(
            badge, zone=zone, direction=item["direction"], at=item["scanned_at"], passback=False
        )
    return verify_token(
        token=item.get("token", ""),
        zone=zone,
        direction=item["direction"],
        at=item["scanned_at"],
        passback=False,
    )


def _result(scan: Scan, *, created: bool) -> dict:
    return {
        "scan_id": str(scan.scan_id),
        "recorded": created,
        "admitted": scan.admitted,
        "reason": scan.reason,
        "admitted_while_revoked": scan.admitted_while_revoked,
    }
