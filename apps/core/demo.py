"""Demo data of the core app: three editions and an organiser account.

The 92nd (Glasgow, archived) and the 93rd (Marrakech, ended) are created first, so every app's
demo fills them; then `seed_after` prepares the 94th (Hong Kong, registration open, current)
from the 93rd through the same service an organiser uses after the flag handover.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.core.models import Assembly
from apps.core.services import (
    create_assembly,
    make_assembly_current,
    prepare_next_edition,
    set_assembly_state,
)

ORGANISER_EMAIL = "organiser@ga-planner.local"
DEMO_PASSWORD = "marrakech-2025"  # noqa: S105 - demo data, printed by make run

ASSEMBLIES: list[dict[str, Any]] = [
    {
        "number": 92,
        "name": "92nd INTERPOL General Assembly",
        "city": "Glasgow",
        "country": "United Kingdom",
        "venue_name": "Scottish Event Campus",
        "start_date": dt.date(2024, 11, 4),
        "end_date": dt.date(2024, 11, 7),
        "time_zone": "Europe/London",
    },
    {
        "number": 93,
        "name": "93rd INTERPOL General Assembly",
        "city": "Marrakech",
        "country": "Morocco",
        "venue_name": "Palmeraie Conference Village",
        "start_date": dt.date(2025, 11, 24),
        "end_date": dt.date(2025, 11, 27),
        "time_zone": "Africa/Casablanca",
    },
]


NEXT_EDITION: dict[str, Any] = {
    "number": 94,
    "name": "94th INTERPOL General Assembly",
    "city": "Hong Kong",
    "country": "China",
    "start_date": dt.date(2026, 11, 23),
    "end_date": dt.date(2026, 11, 26),
    "time_zone": "Asia/Hong_Kong",
}


def organiser():
    """The demo's organiser, who acts in every app's demo; made (with the roles) if missing."""
    from apps.accounts.models import User
    from apps.accounts.roles import ORGANISER_ADMIN, sync_roles
    from apps.accounts.services import create_organiser

    found = User.objects.filter(email=ORGANISER_EMAIL).first()
    if found is not None:
        return found
    sync_roles()
    return create_organiser(
        email=ORGANISER_EMAIL,
        password=DEMO_PASSWORD,
        full_name="Organiser Demo",
        role=ORGANISER_ADMIN,
    )


def seed() -> list[tuple[str, str, str]]:
    from apps.accounts.roles import sync_roles

    sync_roles()
    by = organiser()
    existing = set(Assembly.objects.values_list("number", flat=True))
    for data in ASSEMBLIES:
        if data["number"] not in existing:  # an organiser may have edited one since
            create_assembly(by=by, **data)
    if not Assembly.objects.filter(is_current=True).exists():
        make_assembly_current(assembly=Assembly.objects.get(number=93), by=by)
    return [("Organiser (admin)", ORGANISER_EMAIL, DEMO_PASSWORD)]


def seed_after() -> list[tuple[str, str, str]]:
    """Once every app has filled the 92nd and 93rd: the flag handover. The 94th is prepared
    from the 93rd (delegations and focal points carried over), opens registration and becomes
    current; the 93rd has ended and the 92nd is archived."""
    by = organiser()
    previous = Assembly.objects.get(number=93)
    following = Assembly.objects.filter(number=NEXT_EDITION["number"]).first()
    if following is None:
        following, _counts = prepare_next_edition(previous=previous, by=by, **NEXT_EDITION)
        set_assembly_state(assembly=following, state=Assembly.State.REGISTRATION_OPEN, by=by)
        make_assembly_current(assembly=following, by=by)
        previous.refresh_from_db()  # no longer the current one
    if previous.state not in Assembly.PAST_STATES:
        set_assembly_state(assembly=previous, state=Assembly.State.ENDED, by=by)
    glasgow = Assembly.objects.get(number=92)
    if glasgow.state != Assembly.State.ARCHIVED:
        set_assembly_state(assembly=glasgow, state=Assembly.State.ARCHIVED, by=by)
    return []
