"""Defect 11: cues added at once get distinct numbers and the overrun check counts them all;
the admin's cue table is saved through the services and numbered 1..n."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse
from rest_framework.test import APIClient

from apps.ceremonies.models import Ceremony, Cue
from apps.core.models import AuditEntry
from tests.ceremonies.factories import CeremonyFactory, CueFactory
from tests.factories import AssemblyFactory


def _post_at_once(ceremony: Ceremony, user, count: int, minutes: int) -> list[int]:
    barrier = threading.Barrier(count)
    statuses: list[int] = []

    def post(n: int) -> None:
        try:
            barrier.wait()
            client = APIClient()
            client.force_authenticate(user)
            response = client.post(
                reverse("api:ceremony-cue-create", args=[ceremony.pk]),
                {"title_en": f"Speech {n}", "duration_minutes": minutes},
                format="json",
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


@pytest.fixture
def ceremony_with_five_cues(transactional_db):
    ceremony = CeremonyFactory(assembly=AssemblyFactory(is_current=True))  # 120 minutes
    for n in range(1, 6):
        CueFactory(ceremony=ceremony, order=n, duration_minutes=10)
    return ceremony


@pytest.mark.postgres
def test_five_cues_added_at_once_get_five_numbers(ceremony_with_five_cues, organiser):
    statuses = _post_at_once(ceremony_with_five_cues, organiser, 5, minutes=10)

    assert statuses == [201] * 5
    orders = list(ceremony_with_five_cues.cues.order_by("order").values_list("order", flat=True))
    assert orders == list(range(1, 11))


@pytest.mark.postgres
def test_the_overrun_check_counts_cues_added_at_the_same_moment(ceremony_with_five_cues, organiser):
    statuses = _post_at_once(ceremony_with_five_cues, organiser, 5, minutes=30)

    assert statuses == [201, 201, 400, 400, 400]  # 50 + 2 x 30 fits 120 minutes, a third not
    assert sum(ceremony_with_five_cues.cues.values_list("duration_minutes", flat=True)) == 110


@pytest.mark.django_db
def test_the_database_refuses_two_cues_with_one_number(ceremony):
    CueFactory(ceremony=ceremony, order=1)

    with pytest.raises(IntegrityError):
        Cue.objects.create(ceremony=ceremony, order=1, title_en="Twin", duration_minutes=5)


@pytest.mark.django_db
def test_reordering_through_the_api_keeps_numbers_unique(client, organiser, ceremony):
    cues = [CueFactory(ceremony=ceremony, order=n, duration_minutes=5) for n in (1, 2, 3)]
    client.force_login(organiser)

    response = client.post(
        reverse("api:ceremony-cue-reorder", args=[ceremony.pk]),
        {"cue_ids": [cues[2].pk, cues[0].pk, cues[1].pk]},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert list(ceremony.cues.order_by("order").values_list("pk", "order")) == [
        (cues[2].pk, 1),
        (cues[0].pk, 2),
        (cues[1].pk, 3),
    ]


def _change_form(ceremony, cues, changes, *, new=()):
    data = {
        "assembly": ceremony.assembly_id,
        "kind": ceremony.kind,
        "session": ceremony.session_id,
        "title_en": ceremony.title_en,
        "_save": "Save",
    }
    rows = [
        {
            "id": cue.pk,
            "ceremony": ceremony.pk,
            "order": cue.order,
            "title_en": cue.title_en,
            "duration_minutes": cue.duration_minutes,
            **changes.get(cue.pk, {}),
        }
        for cue in cues
    ] + list(new)
    for prefix, formset in [("cues", rows), ("roles", []), ("rehearsals", []), ("precedence", [])]:
        data[f"{prefix}-TOTAL_FORMS"] = len(formset)
        data[f"{prefix}-INITIAL_FORMS"] = len(cues) if prefix == "cues" else 0
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for index, row in enumerate(formset):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


@pytest.mark.django_db
def test_admin_moves_a_cue_by_its_number_and_numbers_the_run_again(client, organiser, ceremony):
    first, second, third = (
        CueFactory(ceremony=ceremony, order=n, title_en=t, duration_minutes=5)
        for n, t in ((1, "Welcome"), (2, "Speech"), (3, "Anthem"))
    )
    client.force_login(organiser)

    response = client.post(
        reverse("admin:ceremonies_ceremony_change", args=[ceremony.pk]),
        _change_form(
            ceremony,
            [first, second, third],
            {third.pk: {"order": 1}, first.pk: {"DELETE": "on"}},
            new=[{"order": 9, "title_en": "Photo", "duration_minutes": 10}],
        ),
    )

    assert response.status_code == 302
    assert list(ceremony.cues.order_by("order").values_list("title_en", "order")) == [
        ("Anthem", 1),
        ("Speech", 2),
        ("Photo", 3),
    ]
    actions = list(
        AuditEntry.objects.filter(action__startswith="ceremonies.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["ceremonies.cue.deleted", "ceremonies.cue.added", "ceremonies.cue.reordered"]


@pytest.mark.django_db
def test_admin_creates_a_ceremony_through_the_service(client, organiser, ceremony):
    client.force_login(organiser)
    data = _change_form(ceremony, [], {})
    data["title_en"] = "Opening ceremony"

    response = client.post(reverse("admin:ceremonies_ceremony_add"), data)

    assert response.status_code == 302
    created = Ceremony.objects.get(title_en="Opening ceremony")
    entry = AuditEntry.objects.get(action="ceremonies.ceremony.created")
    assert (entry.object_id, entry.actor, entry.data) == (
        str(created.pk),
        organiser,
        {"kind": ceremony.kind},
    )
