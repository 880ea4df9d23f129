"""The admin list pages of the elections models: the same number of queries for 1 and 3 rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.elections.models import (
    Candidate,
    CommitteeMember,
    Election,
    PaperCount,
    Presence,
    Resolution,
    RollEntry,
    Round,
)

REGIONS = ["africa", "americas", "asia"]
# admin list page -> queries, whatever the number of rows (the list filters' choices included)
EXPECTED = {
    "committeemember": 10,
    "election": 10,
    "candidate": 11,
    "resolution": 10,
    "presence": 10,
    "round": 10,
    "rollentry": 11,
    "papercount": 10,
}

# Lists without actions have no row checkbox: a column's cell marks each row.
ROW_MARK = {"presence": 'class="field-present"', "papercount": 'class="field-stage"'}


def _rows(assembly, organiser, roll, count: int) -> None:
    now = timezone.now()
    for n in range(count):
        delegation = roll[n]
        CommitteeMember.objects.create(
            name=f"Member {n}",
            country=delegation.country,
            seat="delegate",
            region=delegation.country.region,
            term_start=2022,
            term_end=2026,
        )
        election = Election.objects.create(
            assembly=assembly,
            seat="delegate",
            region=REGIONS[n],
            nomination_deadline=now - dt.timedelta(hours=1),
            mode="paper",
        )
        Candidate.objects.create(election=election, delegation=delegation, name=f"Cand {n}")
        resolution = Resolution.objects.create(
            assembly=assembly, reference=f"R{n}", title_en=f"Resolution {n}"
        )
        Presence.objects.create(delegation=delegation)
        round_ = Round.objects.create(
            resolution=resolution, mode="paper", status="closed", opened_at=now, certified_by=None
        )
        Round.objects.create(election=election, mode="paper", opened_at=now)
        RollEntry.objects.create(round=round_, delegation=delegation, voting_delegate="V")
        PaperCount.objects.create(round=round_, stage="first", teller=organiser)


@pytest.mark.parametrize("count", [1, 3])
def test_elections_admin_lists_query_count(client, assembly, organiser, roll, count):
    _rows(assembly, organiser, roll, count)
    client.force_login(organiser)
    client.get(reverse("admin:elections_election_changelist"))  # the session's first request
    counted, listed = {}, {}

    for model in EXPECTED:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"admin:elections_{model}_changelist"))
        counted[model] = len(queries)
        mark = ROW_MARK.get(model, 'name="_selected_action"')
        listed[model] = response.content.decode().count(mark)

    assert counted == EXPECTED
    assert listed == {model: 2 * count if model == "round" else count for model in EXPECTED}
