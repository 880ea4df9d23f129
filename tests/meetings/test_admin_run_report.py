"""The scheduler run's page says the result in words, lists what was not placed with links,
and keeps the raw input and output behind permission-checked downloads."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from apps.accounts.roles import CREDENTIALS_COMMITTEE, ORGANISER_READ_ONLY
from apps.meetings.models import MeetingRequest, ScheduleRun
from tests.meetings.factories import MeetingRequestFactory
from tests.roles import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(assembly, morocco, france):
    request = MeetingRequestFactory(
        assembly=assembly,
        requester=morocco,
        invitee=france,
        topic="Maritime <security>",
        status=MeetingRequest.Status.ACCEPTED,
    )
    return ScheduleRun.objects.create(
        assembly=assembly,
        status=ScheduleRun.Status.SUCCEEDED,
        input={"delegations": ["MA", "FR"], "requests": [{"id": "r1", "secretmarker": 1}]},
        figures={"placed": 180, "requests": 181, "weight": 282, "upper_bound": 283},
        unplaced=[
            {
                "request": "r1",
                "reason": "MA and FR have no common free slot",
                "request_id": request.pk,
                "requester": "Morocco",
                "invitee": "France",
                "topic": request.topic,
            }
        ],
    ), request


def test_run_page_says_the_result_in_words_and_links_the_unplaced(client, organiser, run):
    run, request = run
    client.force_login(organiser)

    page = client.get(reverse("admin:meetings_schedulerun_change", args=[run.pk])).content.decode()

    assert (
        "180 of 181 accepted meetings placed; priority weight 282 of at most 283 possible "
        "(99.6 %): the plan is at most 1 short of the best." in page
    )
    assert "MA and FR have no common free slot" in page
    assert reverse("admin:meetings_meetingrequest_change", args=[request.pk]) in page
    assert reverse("admin:meetings_meetingrequest_place", args=[request.pk]) in page
    assert "Maritime &lt;security&gt;" in page
    assert "secretmarker" not in page  # the raw input only through its download
    assert "upper_bound" not in page
    assert reverse("admin:meetings_schedulerun_input", args=[run.pk]) in page


def test_run_page_says_a_proven_best(client, organiser, run):
    run, _request = run
    run.figures = {"placed": 181, "requests": 181, "weight": 283, "upper_bound": 283}
    run.unplaced = []
    run.save()
    client.force_login(organiser)

    page = client.get(reverse("admin:meetings_schedulerun_change", args=[run.pk])).content.decode()

    assert "181 of 181 accepted meetings placed; the best possible, proven." in page


@pytest.mark.parametrize("part", ["input", "result"])
def test_run_downloads_are_files_for_readers_only(client, run, part):
    run, _request = run
    url = reverse(f"admin:meetings_schedulerun_{part}", args=[run.pk])
    reader = staff_user("reader@example.org", ORGANISER_READ_ONLY)
    committee = staff_user("committee@example.org", CREDENTIALS_COMMITTEE)

    client.force_login(committee)
    refused = client.get(url)
    client.force_login(reader)
    response = client.get(url)

    assert refused.status_code == 403
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="scheduler-run-{run.pk}-{part}.json"'
    )
    data = json.loads(response.content)
    if part == "input":
        assert data == run.input
    else:
        assert data["figures"] == run.figures
        assert data["unplaced"] == run.unplaced


@pytest.mark.parametrize("count", [1, 3])
def test_run_list_query_count_does_not_grow(
    client, organiser, assembly, count, django_assert_num_queries
):
    for number in range(count):
        ScheduleRun.objects.create(
            assembly=assembly,
            status=ScheduleRun.Status.SUCCEEDED,
            figures={"placed": number, "requests": 3, "weight": number, "upper_bound": 3},
        )
    client.force_login(organiser)

    with django_assert_num_queries(10):
        page = client.get(reverse("admin:meetings_schedulerun_changelist")).content.decode()

    assert "of 3 accepted meetings placed" in page
