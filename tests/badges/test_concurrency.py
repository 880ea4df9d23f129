"""Two gates scan one badge at the same moment: the badge's row lock makes them take turns, so
a zone that refuses a second entry admits exactly one."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection

from apps.badges import services
from apps.badges.models import Scan
from apps.badges.pdf import badge_token

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_entries_at_two_gates_admit_once(badge, zones, gate_staff, during):
    token, plenary = badge_token(badge), zones["plenary"]
    barrier = threading.Barrier(2)
    verdicts: list[str] = []
    errors: list[BaseException] = []

    def scan(gate: str) -> None:
        try:
            barrier.wait(timeout=10)
            _scan, verdict, _created = services.record_scan(
                scan_id=uuid.uuid4(),
                token=token,
                zone=plenary,
                gate=gate,
                direction="in",
                by=gate_staff,
            )
            verdicts.append(verdict.reason)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan, args=(g,)) for g in ("North", "South")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(verdicts) == ["already_inside", "ok"]
    assert Scan.objects.filter(admitted=True).count() == 1


def test_same_scan_id_from_two_requests_recorded_once(badge, zones, gate_staff, during):
    token, lounge = badge_token(badge), zones["lounge"]
    scan_id = uuid.uuid4()
    barrier = threading.Barrier(2)
    created: list[bool] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            barrier.wait(timeout=10)
            _scan, _verdict, was_created = services.record_scan(
                scan_id=scan_id, token=token, zone=lounge, gate="G", direction="in", by=gate_staff
            )
            created.append(was_created)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(created) == [False, True]
    assert Scan.objects.count() == 1
