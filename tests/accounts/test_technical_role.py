"""Celery beat's schedule (django_celery_beat) is for the technical operators, not organisers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.accounts.roles import (
    CREDENTIALS_COMMITTEE,
    ORGANISER_ADMIN,
    ORGANISER_READ_ONLY,
    TECHNICAL_OPERATOR,
)
from tests.roles import staff_user

pytestmark = pytest.mark.django_db

BEAT_PAGES = [
    "admin:django_celery_beat_periodictask_changelist",
    "admin:django_celery_beat_intervalschedule_changelist",
    "admin:django_celery_beat_crontabschedule_changelist",
]


@pytest.mark.parametrize("role", [ORGANISER_ADMIN, ORGANISER_READ_ONLY, CREDENTIALS_COMMITTEE])
def test_organisers_neither_see_nor_reach_the_beat_tables(client, role):
    client.force_login(staff_user("someone@example.org", role))

    index = client.get(reverse("admin:index")).content.decode()
    statuses = [client.get(reverse(name)).status_code for name in BEAT_PAGES]

    assert "Periodic tasks" not in index
    assert statuses == [403, 403, 403]


def test_technical_operator_keeps_the_beat_schedule(client):
    operator = staff_user("ops@example.org", TECHNICAL_OPERATOR)
    client.force_login(operator)

    index = client.get(reverse("admin:index")).content.decode()
    statuses = [client.get(reverse(name)).status_code for name in BEAT_PAGES]

    assert "Periodic tasks" in index
    assert statuses == [200, 200, 200]
    assert operator.has_perm("django_celery_beat.change_periodictask")
    assert operator.has_perm("core.view_heartbeat")  # health and metrics
    assert not operator.has_perm("delegations.view_delegation")
