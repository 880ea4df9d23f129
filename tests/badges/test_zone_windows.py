"""Zones follow the agenda: the press enters the plenary hall only during the sessions open to
the media (the opening, a closing flagged one by one), a margin either side; the verdict says
the zone is closed to the category now, and the gate bundle carries the windows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from apps.agenda.models import Room, Session
from apps.badges import services
from apps.badges.models import Participant, Reason, SessionAccess
from apps.badges.pdf import badge_token
from apps.core.errors import ApplicationError
from tests.agenda.factories import RoomFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def hall(assembly):
    return RoomFactory(
        venue=VenueFactory(assembly=assembly), kind=Room.Kind.PLENARY, name="Hall A", capacity=900
    )


@pytest.fixture
def agenda(assembly, hall):
    def session(kind, day, start, hours, **extra):
        starts = dt.datetime(2025, 11, day, start, tzinfo=UTC)
        return SessionFactory(
            assembly=assembly,
            room=hall,
            kind=kind,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=hours),
            **extra,
        )

    return {
        "opening": session(Session.Kind.OPENING, 24, 9, 1),
        "plenary": session(Session.Kind.PLENARY, 25, 9, 3),
        "closing": session(Session.Kind.CEREMONY, 27, 15, 1),
        "cancelled": session(Session.Kind.OPENING, 26, 9, 1, cancelled=True),
    }


@pytest.fixture
def press_rule(zones, categories, organiser, hall, agenda):
    plenary = zones["plenary"]
    plenary.room = hall
    services.save_config(obj=plenary, by=organiser, changed=["room"])
    services.set_category_zones(
        category=categories["media"], zones=[zones["press"], plenary], by=organiser
    )
    rule = services.save_config(
        obj=SessionAccess(
            zone=plenary, category=categories["media"], session_kinds=["opening"], margin_minutes=15
        ),
        by=organiser,
    )
    services.set_access_sessions(access=rule, sessions=[agenda["closing"]], by=organiser)
    return rule


@pytest.fixture
def press_badge(assembly, categories, organiser):
    participant = services.save_config(
        obj=Participant(
            assembly=assembly,
            family_name="Martin",
            given_names="Claire",
            organisation="Agence Presse",
            category=categories["media"],
        ),
        by=organiser,
    )
    services.approve_participant(participant=participant, by=organiser)
    return participant.badge


def _verdict(badge, zone, at):
    with time_machine.travel(at, tick=False):
        return services.verify_token(token=badge_token(badge), zone=zone, at=at)


@pytest.mark.parametrize(
    ("at", "admitted", "reason"),
    [
        (dt.datetime(2025, 11, 24, 8, 45, tzinfo=UTC), True, Reason.OK),  # margin before
        (dt.datetime(2025, 11, 24, 9, 30, tzinfo=UTC), True, Reason.OK),  # the opening
        (dt.datetime(2025, 11, 24, 10, 15, tzinfo=UTC), True, Reason.OK),  # margin after
        (dt.datetime(2025, 11, 24, 10, 16, tzinfo=UTC), False, Reason.ZONE_CLOSED),
        (dt.datetime(2025, 11, 24, 8, 44, tzinfo=UTC), False, Reason.ZONE_CLOSED),
        (dt.datetime(2025, 11, 25, 10, 0, tzinfo=UTC), False, Reason.ZONE_CLOSED),  # plenary
        (dt.datetime(2025, 11, 26, 9, 30, tzinfo=UTC), False, Reason.ZONE_CLOSED),  # cancelled
        (dt.datetime(2025, 11, 27, 15, 30, tzinfo=UTC), True, Reason.OK),  # flagged closing
    ],
)
def test_press_enters_the_plenary_only_during_sessions_open_to_it(
    press_rule, press_badge, zones, at, admitted, reason
):
    verdict = _verdict(press_badge, zones["plenary"], at)

    assert (verdict.admitted, verdict.reason) == (admitted, reason)


def test_closed_zone_reason_is_readable_and_other_categories_are_not_limited(
    press_rule, press_badge, badge, zones
):
    at = dt.datetime(2025, 11, 25, 10, 0, tzinfo=UTC)

    closed = _verdict(press_badge, zones["plenary"], at)

    assert closed.reason_label == "zone closed to your category now"
    assert _verdict(badge, zones["plenary"], at).admitted is True
    assert _verdict(press_badge, zones["press"], at).admitted is True


def test_recorded_scan_keeps_the_zone_closed_reason(press_rule, press_badge, zones, gate_staff):
    import uuid

    with time_machine.travel(dt.datetime(2025, 11, 25, 10, 0, tzinfo=UTC), tick=False):
        scan, _, created = services.record_scan(
            scan_id=uuid.uuid4(),
            token=badge_token(press_badge),
            zone=zones["plenary"],
            gate="North",
            direction="in",
            by=gate_staff,
        )

    assert (created, scan.admitted, scan.reason) == (True, False, Reason.ZONE_CLOSED)


def test_gate_bundle_carries_the_windows(press_rule, press_badge, zones, gate_staff, categories):
    api = APIClient()
    api.force_authenticate(gate_staff)

    body = api.get(reverse("api:badge-gate-bundle"), {"zone": zones["plenary"].pk}).json()

    windows = body["windows"][str(categories["media"].pk)]
    spans = [
        (dt.datetime.fromisoformat(w["start"]), dt.datetime.fromisoformat(w["end"]))
        for w in windows
    ]
    assert spans == [
        (
            dt.datetime(2025, 11, 24, 8, 45, tzinfo=UTC),
            dt.datetime(2025, 11, 24, 10, 15, tzinfo=UTC),
        ),
        (
            dt.datetime(2025, 11, 27, 14, 45, tzinfo=UTC),
            dt.datetime(2025, 11, 27, 16, 15, tzinfo=UTC),
        ),
    ]
    assert str(categories["delegate"].pk) not in body["windows"]
    [entry] = [e for e in body["roster"] if e["id"] == press_badge.pk]
    assert entry["category_id"] == categories["media"].pk


def test_only_sessions_of_the_zones_room_can_open_it(press_rule, assembly, organiser):
    elsewhere = SessionFactory(
        assembly=assembly, room=RoomFactory(venue=press_rule.zone.room.venue, name="Side room")
    )

    with pytest.raises(ApplicationError):
        services.set_access_sessions(access=press_rule, sessions=[elsewhere], by=organiser)
    assert list(press_rule.sessions.all()) != [elsewhere]


def test_a_zone_without_room_cannot_follow_the_agenda(zones, categories, organiser):
    with pytest.raises(ValidationError) as caught:
        services.save_config(
            obj=SessionAccess(zone=zones["lounge"], category=categories["media"]), by=organiser
        )
    assert "zone" in caught.value.message_dict


def test_unknown_session_kind_is_refused(press_rule, organiser):
    press_rule.session_kinds = ["opening", "banquet"]

    with pytest.raises(ValidationError) as caught:
        services.save_config(obj=press_rule, by=organiser, changed=["session_kinds"])
    assert "session_kinds" in caught.value.message_dict
