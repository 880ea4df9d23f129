"""Transfer grouping on 1,000 arrivals over four days: time, runs and vehicles against the
lower bound; then 1,000 visa letters rendered as PDFs.

    .venv/bin/python bench/logistics.py [arrivals] [seed] [letters]

Arrivals come in by flight (about 8 delegates a flight, landing 06:00-23:30, more on the eve
of the assembly), to 12 hotels; 5% are VIPs who ride alone. Vehicles: car (3), van (8),
minibus (20), coach (50); window 60 minutes, buffer 30 minutes after the last landing.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.logistics.transfers import (
    Arrival,
    Vehicle,
    group_arrivals,
    group_departures,
    lower_bound,
    peak_vehicles,
)

FLEET = [Vehicle("car", 3), Vehicle("van", 8), Vehicle("minibus", 20), Vehicle("coach", 50)]
VIP = Vehicle("vip car", 3)
WINDOW, BUFFER = dt.timedelta(minutes=60), dt.timedelta(minutes=30)
MARGIN = dt.timedelta(minutes=180)
DAY0 = dt.datetime(2025, 11, 20, tzinfo=dt.UTC)


def arrivals(count: int, seed: int) -> list[Arrival]:
    rng = random.Random(seed)
    made: list[Arrival] = []
    while len(made) < count:
        day = rng.choices(range(4), weights=[1, 2, 4, 2])[0]
        minute = rng.randint(6 * 60, 23 * 60 + 30)
        lands = DAY0 + dt.timedelta(days=day, minutes=minute)
        for _ in range(min(rng.randint(1, 16), count - len(made))):
            made.append(
                Arrival(
                    person_id=len(made),
                    lands_at=lands,
                    hotel_id=rng.randint(1, 12),
                    vip=rng.random() < 0.05,
                )
            )
    return made


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    people = arrivals(count, seed)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        runs = group_arrivals(people, vehicles=FLEET, window=WINDOW, buffer=BUFFER, vip_vehicle=VIP)
        timings.append(time.perf_counter() - start)
    bound = lower_bound(people, capacity=FLEET[-1].capacity, window=WINDOW)
    seats = sum(run.vehicle.capacity for run in runs)
    by_kind: dict[str, int] = {}
    for run in runs:
        by_kind[run.vehicle.kind] = by_kind.get(run.vehicle.kind, 0) + 1
    print(f"arrivals: {count} over 4 days (seed {seed}), VIPs {sum(a.vip for a in people)}")
    print(f"grouping: median {statistics.median(timings) * 1000:.1f} ms over 5 runs")
    print(f"runs: {len(runs)}; lower bound {bound}; ratio {len(runs) / bound:.3f}")
    print(f"vehicles by kind: {by_kind}")
    print(f"seats offered {seats} for {count} passengers ({count / seats:.0%} filled)")
    peak = peak_vehicles(runs, trip=dt.timedelta(minutes=90))
    print(f"peak vehicles on the road (90-minute trips): {peak}")
    departures(people)


def departures(people: list[Arrival]) -> None:
    """The same delegates leaving four days after they came (same hour and hotel): departure
    runs leaving the hotel MARGIN before their earliest flight."""
    leaving = [
        Arrival(p.person_id, p.lands_at + dt.timedelta(days=4), p.hotel_id, p.vip) for p in people
    ]
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        runs = group_departures(
            leaving, vehicles=FLEET, window=WINDOW, margin=MARGIN, vip_vehicle=VIP
        )
        timings.append(time.perf_counter() - start)
    bound = lower_bound(leaving, capacity=FLEET[-1].capacity, window=WINDOW)
    late = sum(1 for run in runs for p in run.passengers if run.pickup_at > p.lands_at - MARGIN)
    over = sum(1 for run in runs if len(run.passengers) > run.vehicle.capacity)
    print(f"departures: median {statistics.median(timings) * 1000:.1f} ms over 5 runs")
    print(f"departure runs: {len(runs)}; lower bound {bound}; ratio {len(runs) / bound:.3f}")
    print(f"passengers dropped too late: {late}; runs over capacity: {over}")


def visa_letters(count: int) -> None:
    """Render `count` visa letters as PDFs (in-memory rows, no database), the four languages
    in turn; prints the total and per-letter time."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from apps.core.models import Assembly
    from apps.core.secrets import encrypt
    from apps.delegations.models import Delegate, Delegation, MemberCountry
    from apps.logistics.letters import visa_letter_pdf
    from apps.logistics.models import TravelRecord, VisaLetter
    from apps.logistics.services.travel import PASSPORT_PURPOSE

    assembly = Assembly(
        number=93,
        name="93rd INTERPOL General Assembly",
        city="Marrakech",
        country="Morocco",
        venue_name="Palmeraie Conference Village",
        start_date=dt.date(2025, 11, 24),
        end_date=dt.date(2025, 11, 27),
        time_zone="Africa/Casablanca",
    )
    country = MemberCountry(iso2="KE", name_en="Kenya", name_fr="Kenya", name_es="Kenia")
    country.name_ar = "كينيا"
    delegation = Delegation(assembly=assembly, country=country)
    languages = ["ar", "en", "fr", "es"]
    start = time.perf_counter()
    size = 0
    for i in range(count):
        delegate = Delegate(delegation=delegation, family_name=f"Otieno{i}", given_names="Amina")
        travel = TravelRecord(
            delegate=delegate,
            passport_name=f"OTIENO{i} AMINA",
            nationality="KE",
            passport_number_encrypted=encrypt(PASSPORT_PURPOSE, f"AK{1000000 + i}"),
            passport_expiry=dt.date(2030, 1, 31),
        )
        delegate.travel = travel
        letter = VisaLetter(
            pk=i + 1,
            delegate=delegate,
            reference=f"GA93-V{i + 1:05d}",
            language=languages[i % 4],
            consulate="Embassy of Morocco in Nairobi",
            status=VisaLetter.Status.APPROVED,
            decided_at=dt.datetime(2025, 10, 1, 9, tzinfo=dt.UTC),
        )
        size += len(visa_letter_pdf(letter))
    took = time.perf_counter() - start
    print(
        f"visa letters: {count} PDFs in {took:.1f} s ({took / count * 1000:.0f} ms each), "
        f"{size / count / 1024:.0f} KiB each on average"
    )


if __name__ == "__main__":
    main()
    if (letters := int(sys.argv[3]) if len(sys.argv) > 3 else 1000) > 0:
        visa_letters(letters)
