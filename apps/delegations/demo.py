"""Demo data of the delegations app: the 196 member countries with their regions."""

from __future__ import annotations

import csv
from pathlib import Path

from apps.delegations.models import MemberCountry

COUNTRIES_CSV = Path(__file__).parent / "data" / "interpol_member_countries.csv"
REGIONS = {"Africa": "africa", "Americas": "americas", "Asia": "asia", "Europe": "europe"}


def seed_member_countries() -> None:
    """Loads the reference list; a region an organiser has corrected is left as they set it."""
    with COUNTRIES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(MemberCountry.objects.values_list("iso2", flat=True))
    MemberCountry.objects.bulk_create(
        [
            MemberCountry(
                iso2=row["iso2"],
                name_en=row["name_en"],
                region=REGIONS[row["region"]],
                region_confidence=row["region_confidence"],
                region_note=row["note"],
            )
            for row in rows
            if row["iso2"] not in existing
        ]
    )


def seed() -> list[tuple[str, str, str]]:
    seed_member_countries()
    return []
