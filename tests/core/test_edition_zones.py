"""Every time people read is in the edition's zone, named with its offset, for an assembly in
Asia/Hong_Kong (UTC+8) and one in America/Sao_Paulo (UTC-3): portal pages, e-mails, the
.ics feed, the run sheet and the live console."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from apps.agenda import services as agenda_services
from apps.ceremonies.selectors import console_state
from apps.notifications.models import Notification
from apps.notifications.rendering import render_email
from tests.ceremonies.factories import CeremonyFactory
from tests.ceremonies.factories import SessionFactory as CeremonySessionFactory
from tests.factories import AssemblyFactory, UserFactory

EDITIONS = {
    "hong-kong": (
        {
            "number": 94,
            "name": "94th INTERPOL General Assembly",
            "city": "Hong Kong",
            "country": "China",
            "start_date": dt.date(2026, 11, 16),
            "end_date": dt.date(2026, 11, 19),
            "time_zone": "Asia/Hong_Kong",
        },
        dt.datetime(2026, 11, 16, 1, 0, tzinfo=dt.UTC),  # 09:00 in Hong Kong
        "09:00 Hong Kong (UTC+8)",
        "DTSTART;TZID=Asia/Hong_Kong:20261116T090000",
    ),
    "sao-paulo": (
        {
            "number": 95,
            "name": "95th INTERPOL General Assembly",
            "city": "São Paulo",
            "country": "Brazil",
            "start_date": dt.date(2026, 11, 16),
            "end_date": dt.date(2026, 11, 19),
            "time_zone": "America/Sao_Paulo",
        },
        dt.datetime(2026, 11, 16, 12, 0, tzinfo=dt.UTC),  # 09:00 in São Paulo
        "09:00 São Paulo (UTC-3)",
        "DTSTART;TZID=America/Sao_Paulo:20261116T090000",
    ),
}


@pytest.fixture(params=list(EDITIONS), ids=list(EDITIONS))
def edition(request, db):
    fields, nine, label, dtstart = EDITIONS[request.param]
    assembly = AssemblyFactory(**fields, is_current=True)
    return assembly, nine, label, dtstart


@pytest.mark.django_db
def test_agenda_page_shows_local_times(client, organiser, edition):
    assembly, nine, label, _dtstart = edition
    CeremonySessionFactory(
        assembly=assembly,
        title_en="Opening",
        starts_at=nine,
        ends_at=nine + dt.timedelta(hours=1),
    )
    client.force_login(organiser)

    body = client.get(reverse("agenda:agenda") + "?day=2026-11-16").content.decode()

    assert label in body


@pytest.mark.django_db
def test_session_ics_is_in_the_editions_zone(edition):
    assembly, nine, _label, dtstart = edition
    session = CeremonySessionFactory(
        assembly=assembly, starts_at=nine, ends_at=nine + dt.timedelta(hours=1)
    )

    ics = session.to_ics().decode()

    assert dtstart in ics
    assert f"TZID:{assembly.time_zone}" in ics


@pytest.mark.django_db
def test_change_notice_email_is_in_the_subjects_edition_zone(organiser, edition):
    assembly, nine, label, _dtstart = edition
    focal_point = UserFactory(full_name="Fanny Focal")
    from tests.factories import DelegationFactory, MemberCountryFactory

    delegation = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="FR"))
    delegation.focal_points.add(focal_point)
    session = CeremonySessionFactory(
        assembly=assembly,
        title_en="Plenary 3",
        starts_at=nine - dt.timedelta(hours=1),
        ends_at=nine,
    )
    agenda_services.move_session(
        session=session, starts_at=nine, ends_at=nine + dt.timedelta(hours=1), room=None
    )
    notification = Notification.objects.filter(channel="email", recipient=focal_point).get()

    # Rendered as a batch of the current assembly would be: the subject's edition still wins.
    email = render_email(notification, assembly=None)

    assert label in email.text
    assert label in email.html
    assert assembly.name in email.html  # the footer says which edition


@pytest.mark.django_db
def test_run_sheet_and_console_are_in_the_editions_zone(client, organiser, edition):
    assembly, nine, label, _dtstart = edition
    ceremony = CeremonyFactory(
        assembly=assembly,
        session=CeremonySessionFactory(
            assembly=assembly, starts_at=nine, ends_at=nine + dt.timedelta(hours=2)
        ),
    )
    client.force_login(organiser)

    body = client.get(reverse("ceremonies:run_sheet", args=[ceremony.pk])).content.decode()
    with time_machine.travel(nine + dt.timedelta(minutes=5, seconds=7), tick=False):
        state = console_state(ceremony)

    assert label in body
    assert state["updated_local"] == label.replace("09:00", "09:05:07")
