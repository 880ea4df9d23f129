"""Badges exist only for approved participants, stop working when that ends, and gates give
each token a verdict with its reason."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from apps.badges import services, signing
from apps.badges.models import Badge, Participant, Reason, Scan
from apps.badges.pdf import badge_token
from apps.core.errors import ApplicationError
from apps.core.models import AuditEntry
from apps.delegations import services as delegation_services
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db


def test_issue_badge_refuses_unapproved_delegate(delegation, categories, organiser):
    draft = DelegateFactory(delegation=delegation)

    with pytest.raises(ApplicationError) as error:
        services.issue_badge(category=categories["delegate"], delegate=draft, by=organiser)

    assert error.value.status == 409
    assert Badge.objects.count() == 0


def test_issue_badge_audited(badge, organiser):
    assert badge.version == 1
    assert AuditEntry.objects.filter(action="badges.badge.issued", object_id=str(badge.pk)).exists()


@pytest.mark.parametrize("action", ["withdraw", "reopen"])
def test_accreditation_ending_revokes_badge_at_once(badge, delegate, organiser, action):
    if action == "withdraw":
        delegation_services.withdraw_accreditation(delegate=delegate, by=organiser)
    else:
        delegation_services.reopen_accreditation(delegate=delegate, by=organiser)

    badge.refresh_from_db()
    assert badge.revoked_at is not None
    assert badge.status == "revoked"


def test_reissue_after_revocation_raises_version(badge, delegate, categories, organiser):
    services.revoke_badge(badge=badge, by=organiser, reason="Lost")

    again = services.issue_badge(category=categories["head"], delegate=delegate, by=organiser)

    assert (again.pk, again.version, again.revoked_at) == (badge.pk, 2, None)


def test_participant_badge_needs_approval(assembly, categories, organiser):
    guest = services.save_config(
        obj=Participant(
            assembly=assembly,
            family_name="Reporter",
            given_names="Ana",
            organisation="AFP",
            category=categories["media"],
        ),
        by=organiser,
    )
    with pytest.raises(ApplicationError):
        services.issue_badge(category=categories["media"], participant=guest, by=organiser)

    services.approve_participant(participant=guest, by=organiser)
    badge = Badge.objects.get(participant=guest)

    assert badge.participant == guest
    guest.refresh_from_db()
    assert guest.accreditation_number == f"{assembly.number}-P-{guest.pk:06d}"


def test_issue_badges_for_approved_uses_function_category(delegate, categories, organiser):
    figures = services.issue_badges_for_approved(
        assembly=delegate.delegation.assembly, by=organiser
    )

    assert figures == {"issued": 1, "without_category": 0}
    assert Badge.objects.get(delegate=delegate).category == categories["delegate"]


def test_gate_staff_cannot_issue(delegate, categories, gate_staff):
    with pytest.raises(PermissionDenied):
        services.issue_badge(category=categories["delegate"], delegate=delegate, by=gate_staff)


# --- tokens -----------------------------------------------------------------------------------


def test_token_verifies_and_carries_no_personal_data(badge, zones, during):
    token = badge_token(badge)

    verdict = services.verify_token(token=token, zone=zones["plenary"])

    assert (verdict.admitted, verdict.reason, verdict.badge) == (True, Reason.OK, badge)
    assert "Haddad" not in token
    assert len(token) < 110


def test_tampered_token_is_unknown(badge, zones, during):
    raw = bytearray(signing._from_b64url(badge_token(badge)))
    raw[5] ^= 1  # the version's low byte

    verdict = services.verify_token(token=signing._b64url(bytes(raw)), zone=zones["plenary"])

    assert (verdict.admitted, verdict.reason) == (False, Reason.UNKNOWN)


def test_token_from_another_key_is_unknown(badge, zones, during, settings):
    token = badge_token(badge)
    settings.BADGE_SIGNING_KEY = "A" * 43 + "="
    signing.signing_key.cache_clear()

    verdict = services.verify_token(token=token, zone=zones["plenary"])

    assert verdict.reason == Reason.UNKNOWN


def test_revoked_badge_refused(badge, zones, organiser, during):
    token = badge_token(badge)
    services.revoke_badge(badge=badge, by=organiser, reason="Lost")

    assert services.verify_token(token=token, zone=zones["plenary"]).reason == Reason.REVOKED


def test_old_version_refused_after_reprint(badge, zones, organiser, during):
    services.print_badges(badges=[badge], by=organiser, paper="cr80")
    badge.refresh_from_db()
    first = badge_token(badge)

    services.print_badges(badges=[badge], by=organiser, paper="cr80")
    badge.refresh_from_db()

    assert badge.version == 2
    assert services.verify_token(token=first, zone=zones["plenary"]).reason == Reason.OLD_VERSION
    assert services.verify_token(token=badge_token(badge), zone=zones["plenary"]).admitted


def test_wrong_zone_refused(badge, zones, during):
    verdict = services.verify_token(token=badge_token(badge), zone=zones["press"])

    assert verdict.reason == Reason.WRONG_ZONE


def test_not_yet_valid_and_expired(badge, zones):
    token = badge_token(badge)
    with time_machine.travel(dt.datetime(2025, 11, 20, 12, tzinfo=dt.UTC), tick=False):
        assert services.verify_token(token=token, zone=zones["plenary"]).reason == (
            Reason.NOT_YET_VALID
        )
    with time_machine.travel(dt.datetime(2025, 11, 28, 12, tzinfo=dt.UTC), tick=False):
        assert services.verify_token(token=token, zone=zones["plenary"]).reason == Reason.EXPIRED


def test_garbage_tokens_are_unknown(zones, during):
    for token in ("", "not a token", "٣٣٣", "A" * 500, "AAAA"):
        assert services.verify_token(token=token, zone=zones["plenary"]).reason == Reason.UNKNOWN


# --- scans ------------------------------------------------------------------------------------


def test_record_scan_idempotent_and_refuses_second_entry(badge, zones, gate_staff, during):
    token, plenary = badge_token(badge), zones["plenary"]
    first_id = uuid.uuid4()

    scan, verdict, created = services.record_scan(
        scan_id=first_id, token=token, zone=plenary, gate="North 1", direction="in", by=gate_staff
    )
    again, _verdict, created_again = services.record_scan(
        scan_id=first_id, token=token, zone=plenary, gate="North 1", direction="in", by=gate_staff
    )
    _second, passback, _c = services.record_scan(
        scan_id=uuid.uuid4(),
        token=token,
        zone=plenary,
        gate="North 2",
        direction="in",
        by=gate_staff,
    )

    assert (verdict.admitted, created, created_again, again.pk) == (True, True, False, scan.pk)
    assert passback.reason == Reason.ALREADY_INSIDE
    assert Scan.objects.count() == 2


def test_sync_reports_admitted_while_revoked(badge, zones, gate_staff, organiser, during):
    token = badge_token(badge)
    services.revoke_badge(badge=badge, by=organiser, reason="Stolen")
    item = {
        "scan_id": uuid.uuid4(),
        "zone": zones["lounge"].pk,
        "gate": "Lounge",
        "direction": "in",
        "scanned_at": dt.datetime(2025, 11, 25, 9, 0, tzinfo=dt.UTC) + dt.timedelta(seconds=1),
        "token": token,
        "admitted": True,
        "reason": "",
    }
    zone_map = {zones["lounge"].pk: zones["lounge"]}

    with time_machine.travel(dt.datetime(2025, 11, 25, 9, 5, tzinfo=dt.UTC), tick=False):
        first = services.sync_scans(scans=[item, item], zones=zone_map, by=gate_staff)

    assert [r["recorded"] for r in first] == [True, False]
    assert first[0]["admitted_while_revoked"] is True
    assert Scan.objects.get().admitted_while_revoked is True


def test_scan_needs_gate_permission(badge, zones, organiser, during, delegation):
    focal = delegation.focal_points.get()
    with pytest.raises(PermissionDenied):
        services.record_scan(
            scan_id=uuid.uuid4(),
            token=badge_token(badge),
            zone=zones["plenary"],
            gate="G",
            direction="in",
            by=focal,
        )
