"""Undo the last "Next" on the live console: the service, the console button, the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.ceremonies import services
from apps.ceremonies.selectors import console_state
from apps.core.errors import ApplicationError, ConflictError
from apps.core.models import AuditEntry
from tests.ceremonies.factories import CueFactory
from tests.factories import UserFactory

UTC = dt.UTC
START = dt.datetime(2025, 11, 27, 13, 0, tzinfo=UTC)


@pytest.fixture
def cues(ceremony):
    return [
        CueFactory(ceremony=ceremony, order=1, title_en="Welcome", duration_minutes=10),
        CueFactory(ceremony=ceremony, order=2, title_en="Speech", duration_minutes=10),
    ]


def _advance(ceremony, organiser, expected, minutes):
    services.advance_cue(
        ceremony=ceremony,
        expected_current_id=expected,
        by=organiser,
        now=START + dt.timedelta(minutes=minutes),
    )


@pytest.mark.django_db
def test_undo_makes_the_last_cue_upcoming_again_and_is_audited(ceremony, organiser, cues):
    welcome, speech = cues
    _advance(ceremony, organiser, None, 0)
    _advance(ceremony, organiser, welcome.pk, 12)
    assert console_state(ceremony)["version"] == 2

    services.undo_last_advance(ceremony=ceremony, expected_version=2, by=organiser)

    state = console_state(ceremony)
    assert state["current"]["id"] == welcome.pk
    assert state["next"]["id"] == speech.pk
    assert state["version"] == 1
    speech.refresh_from_db()
    welcome.refresh_from_db()
    assert speech.actual_started_at is None
    assert welcome.actual_started_at == START  # the cue before keeps its time
    entry = AuditEntry.objects.get(action="ceremonies.cue.start_undone")
    assert entry.actor == organiser
    assert entry.data == {"cue": speech.pk, "was": "2025-11-27T13:12:00+00:00"}


@pytest.mark.django_db
def test_undo_after_the_end_reopens_the_run(ceremony, organiser, cues):
    welcome, speech = cues
    _advance(ceremony, organiser, None, 0)
    _advance(ceremony, organiser, welcome.pk, 10)
    _advance(ceremony, organiser, speech.pk, 20)
    ceremony.refresh_from_db()
    assert console_state(ceremony)["ended"]

    services.undo_last_advance(ceremony=ceremony, expected_version=3, by=organiser)

    ceremony.refresh_from_db()
    state = console_state(ceremony)
    assert ceremony.live_ended_at is None
    assert not state["ended"]
    assert state["current"]["id"] == speech.pk
    assert AuditEntry.objects.filter(action="ceremonies.run.end_undone").count() == 1


@pytest.mark.django_db
def test_a_second_undo_from_the_same_page_changes_nothing(ceremony, organiser, cues):
    welcome, _speech = cues
    _advance(ceremony, organiser, None, 0)
    _advance(ceremony, organiser, welcome.pk, 10)
    services.undo_last_advance(ceremony=ceremony, expected_version=2, by=organiser)

    with pytest.raises(ConflictError) as caught:
        services.undo_last_advance(ceremony=ceremony, expected_version=2, by=organiser)

    assert caught.value.extra == {"version": 1}
    welcome.refresh_from_db()
    assert welcome.actual_started_at == START
    assert AuditEntry.objects.filter(action="ceremonies.cue.start_undone").count() == 1


@pytest.mark.django_db
def test_nothing_to_undo_before_the_first_cue(ceremony, organiser, cues):
    with pytest.raises(ApplicationError, match="Nothing to undo"):
        services.undo_last_advance(ceremony=ceremony, expected_version=0, by=organiser)


@pytest.mark.django_db
def test_undo_refused_for_someone_who_may_not_run_the_ceremony(ceremony, organiser, cues):
    _advance(ceremony, organiser, None, 0)
    with pytest.raises(PermissionDenied):
        services.undo_last_advance(ceremony=ceremony, expected_version=1, by=UserFactory())
    cues[0].refresh_from_db()
    assert cues[0].actual_started_at == START


@pytest.mark.django_db
def test_console_undo_button_takes_back_the_last_next(client, organiser, ceremony, cues):
    welcome, _speech = cues
    client.force_login(organiser)
    _advance(ceremony, organiser, None, 0)
    page = client.get(reverse("ceremonies:console", args=[ceremony.pk])).content.decode()
    assert 'id="console-undo-button"' in page
    assert 'name="expected_version" value="1"' in page
    url = reverse("ceremonies:console_undo", args=[ceremony.pk])

    undone = client.post(url, {"expected_version": "1"}, HTTP_ACCEPT="application/json")
    stale = client.post(url, {"expected_version": "1"}, HTTP_ACCEPT="application/json")
    bad = client.post(url, {"expected_version": "x"}, HTTP_ACCEPT="application/json")

    assert undone.json()["current"] is None
    assert undone.json()["version"] == 0
    assert stale.status_code == 409
    assert "changed meanwhile" in stale.json()["error"]
    assert bad.status_code == 400
    welcome.refresh_from_db()
    assert welcome.actual_started_at is None


@pytest.mark.django_db
def test_console_undo_without_script_redirects_to_the_console(client, organiser, ceremony, cues):
    client.force_login(organiser)
    _advance(ceremony, organiser, None, 0)
    response = client.post(
        reverse("ceremonies:console_undo", args=[ceremony.pk]), {"expected_version": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ceremonies:console", args=[ceremony.pk])
    cues[0].refresh_from_db()
    assert cues[0].actual_started_at is None


@pytest.mark.django_db
def test_api_undo_advance(client, organiser, ceremony, cues):
    client.force_login(organiser)
    url = reverse("api:ceremony-undo-advance", args=[ceremony.pk])
    _advance(ceremony, organiser, None, 0)

    done = client.post(url, {"expected_version": 1}, "application/json")
    again = client.post(url, {"expected_version": 1}, "application/json")
    invalid = client.post(url, {"expected_version": -1}, "application/json")

    assert done.status_code == 200
    assert done.json()["version"] == 0
    assert again.status_code == 409
    assert invalid.status_code == 400
    assert "expected_version" in str(invalid.json())
