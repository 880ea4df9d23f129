"""Preparing the next edition copies exactly what carries over, and nothing else; a focal point
may then copy last year's delegates, as a choice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.accounts.invitations import KIND as INVITATION_KIND
from apps.accounts.models import Invitation
from apps.agenda.models import Room, Session, Venue
from apps.core.models import Assembly, AuditEntry
from apps.core.services import make_assembly_current, prepare_next_edition, set_assembly_state
from apps.delegations import services as delegation_services
from apps.delegations.models import Credentials, Delegate, Delegation, DelegationSettings
from apps.delegations.services.editions import copy_previous_delegates
from apps.meetings.models import AssemblyMeetingSettings, DelegationMeetingSettings, MeetingRequest
from apps.meetings.services.requests import set_delegation_meeting_settings, set_meeting_rules
from apps.notifications.models import Notification
from tests.agenda.factories import RoomFactory, SessionFactory
from tests.factories import DelegateFactory, DelegationFactory, MemberCountryFactory, UserFactory

NEXT = {
    "number": 94,
    "name": "94th INTERPOL General Assembly",
    "city": "Hong Kong",
    "country": "China",
    "time_zone": "Asia/Hong_Kong",
    "start_date": dt.date(2026, 11, 16),
    "end_date": dt.date(2026, 11, 19),
}


@pytest.fixture
def last_year(assembly, organiser):
    """The 93rd with everything an edition holds: delegations, focal points, delegates,
    credentials, settings, a venue and programme, meeting rules and a request."""
    france = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="FR"), quota=6)
    kenya = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="KE"))
    withdrawn = DelegationFactory(
        assembly=assembly,
        country=MemberCountryFactory(iso2="BR"),
        status=Delegation.Status.WITHDRAWN,
    )
    focal_point = UserFactory(email="fp.france@example.org", full_name="Fanny Point")
    france.focal_points.add(focal_point)
    DelegateFactory(delegation=france, family_name="Martin", email="martin@example.org")
    DelegateFactory(delegation=france, family_name="Durand", email="durand@example.org")
    Credentials.objects.create(delegation=france, issued_by="Ministère de l'Intérieur")
    delegation_services.set_default_quotas(
        assembly=assembly, member_quota=7, observer_quota=3, invitation_days=10, by=organiser
    )
    set_meeting_rules(
        assembly=assembly,
        auto_confirm=True,
        solver_time_limit=20,
        response_deadline=dt.datetime(2025, 11, 20, tzinfo=dt.UTC),
        by=organiser,
    )
    set_delegation_meeting_settings(delegation=france, teams=2, max_per_day=5, by=organiser)
    room = RoomFactory()
    SessionFactory(assembly=assembly, room=room)
    MeetingRequest.objects.create(
        assembly=assembly,
        requester=france,
        invitee=kenya,
        topic="Cooperation",
        requested_by=focal_point,
    )
    return {"france": france, "kenya": kenya, "withdrawn": withdrawn, "focal_point": focal_point}


@pytest.mark.django_db
def test_prepare_next_edition_copies_exactly_what_carries_over(assembly, organiser, last_year):
    before = {
        "venues": Venue.objects.count(),
        "rooms": Room.objects.count(),
        "sessions": Session.objects.count(),
        "delegates": Delegate.objects.count(),
        "credentials": Credentials.objects.count(),
        "requests": MeetingRequest.objects.count(),
    }

    new, counts = prepare_next_edition(previous=assembly, by=organiser, **NEXT)

    assert new.state == Assembly.State.PREPARING
    assert (new.meeting_day_start, new.meeting_day_end, new.meeting_slot_minutes) == (
        assembly.meeting_day_start,
        assembly.meeting_day_end,
        assembly.meeting_slot_minutes,
    )
    assert new.venue_name == ""
    carried = Delegation.objects.filter(assembly=new).order_by("country__iso2")
    assert [(d.country.iso2, d.status, d.quota) for d in carried] == [
        ("FR", Delegation.Status.INVITED, 6),
        ("KE", Delegation.Status.INVITED, None),
    ]
    france_94 = carried.get(country__iso2="FR")
    assert list(france_94.focal_points.values_list("email", flat=True)) == ["fp.france@example.org"]
    assert Invitation.objects.filter(user=last_year["focal_point"]).count() == 1
    invitation = Invitation.objects.get(user=last_year["focal_point"])
    assert list(
        Notification.objects.filter(kind=INVITATION_KIND).values_list("object_id", flat=True)
    ) == [str(invitation.pk)]
    settings = DelegationSettings.objects.get(assembly=new)
    assert (settings.member_quota, settings.observer_quota, settings.invitation_days) == (7, 3, 10)
    rules = AssemblyMeetingSettings.objects.get(assembly=new)
    assert (rules.auto_confirm, rules.solver_time_limit, rules.response_deadline) == (
        True,
        20,
        None,
    )
    assert DelegationMeetingSettings.objects.get(delegation=france_94).teams == 2
    # Nothing of the edition's own life carries over.
    assert Venue.objects.filter(assembly=new).count() == 0
    assert Session.objects.filter(assembly=new).count() == 0
    assert Delegate.objects.filter(delegation__assembly=new).count() == 0
    assert Credentials.objects.filter(delegation__assembly=new).count() == 0
    assert MeetingRequest.objects.filter(assembly=new).count() == 0
    assert {
        "venues": Venue.objects.count(),
        "rooms": Room.objects.count(),
        "sessions": Session.objects.count(),
        "delegates": Delegate.objects.count(),
        "credentials": Credentials.objects.count(),
        "requests": MeetingRequest.objects.count(),
    } == before
    assert counts["delegations"] == 2
    assert counts["focal_points_invited"] == 1
    assert AuditEntry.objects.filter(action="core.assembly.prepared").count() == 1


@pytest.mark.django_db
def test_prepare_next_edition_refuses_a_lower_number(assembly, organiser):
    from apps.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        prepare_next_edition(previous=assembly, by=organiser, **{**NEXT, "number": 93})


@pytest.mark.django_db
def test_prepare_next_edition_command(assembly, organiser, last_year):
    out = StringIO()

    call_command(
        "prepare_next_edition",
        "--from=93",
        "--number=94",
        "--city=Hong Kong",
        "--country=China",
        "--zone=Asia/Hong_Kong",
        "--start=2026-11-16",
        "--end=2026-11-19",
        f"--by={organiser.email}",
        stdout=out,
    )

    new = Assembly.objects.get(number=94)
    assert new.name == "94th INTERPOL General Assembly"
    assert new.time_zone == "Asia/Hong_Kong"
    assert "delegations: 2" in out.getvalue()


@pytest.mark.django_db
def test_prepare_next_edition_command_refuses_an_unknown_zone(assembly, organiser):
    with pytest.raises(CommandError):
        call_command(
            "prepare_next_edition",
            "--from=93",
            "--number=94",
            "--city=Hong Kong",
            "--country=China",
            "--zone=Mars/Olympus",
            "--start=2026-11-16",
            "--end=2026-11-19",
            f"--by={organiser.email}",
        )


@pytest.mark.django_db
def test_admin_prepares_the_next_edition(client, organiser, assembly):
    client.force_login(organiser)

    response = client.post(
        reverse("admin:core_assembly_prepare_next"),
        {"from": assembly.pk, **{k: str(v) for k, v in NEXT.items()}},
    )

    new = Assembly.objects.get(number=94)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:core_assembly_change", args=[new.pk])


@pytest.mark.django_db
def test_focal_point_copies_last_years_delegates_as_a_choice(
    client, assembly, organiser, last_year
):
    new, _counts = prepare_next_edition(previous=assembly, by=organiser, **NEXT)
    set_assembly_state(assembly=new, state=Assembly.State.REGISTRATION_OPEN, by=organiser)
    make_assembly_current(assembly=new, by=organiser)  # after the flag handover
    france_94 = Delegation.objects.get(assembly=new, country__iso2="FR")
    focal_point = last_year["focal_point"]
    assert Delegate.objects.filter(delegation=france_94).count() == 0  # never automatic
    client.force_login(focal_point)

    page = client.get(reverse("delegations:dashboard")).content.decode()
    response = client.post(reverse("delegations:delegates_copy_previous"))

    assert "Copy last year's delegates (93rd INTERPOL General Assembly)" in page
    assert response.status_code == 302
    copied = Delegate.objects.filter(delegation=france_94).order_by("family_name")
    assert [(d.family_name, d.email, d.accreditation_status) for d in copied] == [
        ("Durand", "durand@example.org", "draft"),
        ("Martin", "martin@example.org", "draft"),
    ]
    # Twice is harmless: people already registered by e-mail are skipped.
    assert copy_previous_delegates(delegation=france_94, by=focal_point) == []


@pytest.mark.django_db
def test_another_delegation_cannot_copy_into_a_foreign_delegation(assembly, organiser, last_year):
    from django.core.exceptions import PermissionDenied

    new, _counts = prepare_next_edition(previous=assembly, by=organiser, **NEXT)
    kenya_94 = Delegation.objects.get(assembly=new, country__iso2="KE")

    with pytest.raises(PermissionDenied):
        copy_previous_delegates(delegation=kenya_94, by=last_year["focal_point"])
