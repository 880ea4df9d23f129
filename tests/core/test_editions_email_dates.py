"""E-mail bodies name the day with its year, in the edition's zone with its offset: a notice of
the 94th (Hong Kong, UTC+8) read in 2026 is not mistaken for one of the 93rd. One e-mail of each
app that prints a date."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from apps.accounts.invitations import invite_user
from apps.agenda.services import SESSION_CHANGED
from apps.ceremonies import services as ceremony_services
from apps.ceremonies.models import RoleKind
from apps.meetings.models import Meeting
from apps.notifications import conf
from apps.notifications.models import Notification
from apps.notifications.rendering import render_email
from apps.notifications.services import notify, remind_at
from tests.agenda.factories import RoomFactory, VenueFactory
from tests.ceremonies.factories import CeremonyFactory, SessionFactory
from tests.factories import AssemblyFactory, UserFactory
from tests.meetings.factories import MeetingRequestFactory

UTC = dt.UTC
# 23:30 UTC on Wednesday 18 November 2026 is 07:30 on Thursday 19 November in Hong Kong: the
# day shown must be Hong Kong's, not UTC's.
LATE_UTC = dt.datetime(2026, 11, 18, 23, 30, tzinfo=UTC)
HONG_KONG_DAY = "Thursday 19 November 2026"
HONG_KONG_TIME = "07:30 Hong Kong (UTC+8)"


@pytest.fixture
def hong_kong(db):
    return AssemblyFactory(
        number=94,
        name="94th INTERPOL General Assembly",
        city="Hong Kong",
        country="China",
        start_date=dt.date(2026, 11, 16),
        end_date=dt.date(2026, 11, 19),
        time_zone="Asia/Hong_Kong",
        is_current=True,
    )


@pytest.fixture
def reader(db):
    return UserFactory(preferred_language="en", full_name="Ho Ka Yan")


def _email(kind: str, **filters):
    return render_email(Notification.objects.filter(kind=kind, **filters).latest("id"))


def _session(hong_kong):
    return SessionFactory(
        assembly=hong_kong,
        starts_at=LATE_UTC,
        ends_at=LATE_UTC + dt.timedelta(hours=2),
    )


@pytest.mark.django_db
def test_ceremony_role_email_names_the_day_with_its_year(hong_kong, organiser):
    ceremony = CeremonyFactory(assembly=hong_kong, session=_session(hong_kong))
    ceremony_services.assign_role(
        ceremony=ceremony,
        kind=RoleKind.MASTER_OF_CEREMONIES,
        guest_name="Chan Tai Man",
        guest_email="chan@example.org",
        call_time=LATE_UTC,
        by=organiser,
    )
    email = _email("ceremonies.role_assigned")
    assert f"{HONG_KONG_DAY} {HONG_KONG_TIME}" in email.text


@pytest.mark.django_db
def test_session_changed_email_names_the_day_with_its_year(hong_kong, reader):
    session = _session(hong_kong)
    notify(kind=SESSION_CHANGED, subject=session, recipients=[reader], context={})
    email = _email(SESSION_CHANGED)
    assert f"{HONG_KONG_DAY}, {HONG_KONG_TIME}" in email.text
    assert HONG_KONG_DAY in email.html


@pytest.mark.django_db
def test_meeting_scheduled_email_names_the_day_with_its_year(hong_kong, reader):
    request = MeetingRequestFactory(assembly=hong_kong)
    meeting = Meeting.objects.create(
        request=request,
        assembly=hong_kong,
        room=RoomFactory(venue=VenueFactory(assembly=hong_kong)),
        starts_at=LATE_UTC,
        ends_at=LATE_UTC + dt.timedelta(minutes=30),
    )
    notify(kind="meetings.scheduled", subject=meeting, recipients=[reader], context={})
    email = _email("meetings.scheduled")
    assert f"{HONG_KONG_DAY}, {HONG_KONG_TIME}" in email.text


@pytest.mark.django_db
def test_session_reminder_names_the_day_with_its_year(hong_kong, reader):
    remind_at(
        kind=conf.SESSION_REMINDER,
        subject=_session(hong_kong),
        recipients=[reader],
        due_at=LATE_UTC - dt.timedelta(minutes=30),
        context={"starts_at": LATE_UTC.isoformat(), "minutes_before": 30},
    )
    email = _email(conf.SESSION_REMINDER)
    assert f"{HONG_KONG_DAY}, {HONG_KONG_TIME}" in email.text


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 11, 23, 30, tzinfo=UTC), tick=False)
def test_invitation_expiry_is_in_the_editions_time_with_its_year(hong_kong):
    invite_user(email="new.focal@example.org", valid_for=dt.timedelta(days=7))
    email = _email("accounts.invitation")
    # 7 days after 23:30 UTC on 11 November: 07:30 on Thursday 19 November in Hong Kong.
    assert f"It expires on {HONG_KONG_DAY} at {HONG_KONG_TIME}." in email.text
    assert "(UTC)" not in email.text
