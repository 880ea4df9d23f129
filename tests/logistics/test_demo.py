from __future__ import annotations

import pytest

from apps.agenda import demo as agenda_demo
from apps.core import demo as core_demo
from apps.delegations import demo as delegations_demo
from apps.delegations.models import Delegate
from apps.logistics import demo
from apps.logistics.models import Booking, Hotel, Shuttle, TransferRun, TravelRecord


@pytest.mark.django_db
def test_demo_gives_every_delegate_travel_and_is_idempotent():
    core_demo.seed()
    delegations_demo.seed()
    agenda_demo.seed()  # the programme the daily shuttles follow

    demo.seed()
    counts = (Hotel.objects.count(), TravelRecord.objects.count(), Booking.objects.count())
    demo.seed()

    assert (Hotel.objects.count(), TravelRecord.objects.count(), Booking.objects.count()) == counts
    delegates = Delegate.objects.filter(delegation__assembly__number=93).count()
    assert counts[0] == 4
    assert counts[1] == delegates
    assert counts[2] > 0
    assert not TravelRecord.objects.filter(passport_number_hint="").exists()
    assert TransferRun.objects.filter(assembly__number=93).exists()
    # Each hotel with guests has a shuttle to the venue and one back on each day of sessions.
    shuttles = Shuttle.objects.filter(assembly__number=93)
    assert shuttles.filter(way="to_venue").exists()
    assert shuttles.filter(way="to_venue").count() == shuttles.exclude(way="to_venue").count()
