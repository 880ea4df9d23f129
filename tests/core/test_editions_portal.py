"""Portal pages follow the person's edition: a focal point of a delegation at the 93rd (no longer
the current edition) sees the 93rd's agenda, bilateral requests and ceremonies; a focal point at
the 94th (current) sees the 94th's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.ceremonies.models import CeremonyRole, RoleKind
from apps.core.models import Assembly
from tests.agenda.factories import SessionFactory
from tests.ceremonies.factories import CeremonyFactory
from tests.ceremonies.factories import SessionFactory as CeremonySessionFactory
from tests.factories import (
    AssemblyFactory,
    DelegateFactory,
    DelegationFactory,
    MemberCountryFactory,
    UserFactory,
)
from tests.meetings.factories import MeetingRequestFactory

UTC = dt.UTC


def _edition(assembly: Assembly, tag: str, start: dt.datetime, codes: tuple[str, str]) -> dict:
    """A delegation with a focal point, and what it sees at `assembly`: a plenary on the first
    day, a bilateral request, a ceremony where its delegate has a part."""
    focal = UserFactory(email=f"focal.{tag}@example.org")
    delegation = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2=codes[0]))
    delegation.focal_points.add(focal)
    other = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2=codes[1]))
    SessionFactory(
        assembly=assembly,
        title_en=f"Plenary of the {tag}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    MeetingRequestFactory(
        assembly=assembly, requester=delegation, invitee=other, topic=f"Request at the {tag}"
    )
    ceremony = CeremonyFactory(
        assembly=assembly,
        title_en=f"Ceremony of the {tag}",
        session=CeremonySessionFactory(
            assembly=assembly, starts_at=start, ends_at=start + dt.timedelta(hours=2)
        ),
    )
    CeremonyRole.objects.create(
        ceremony=ceremony,
        kind=RoleKind.FLAG_BEARER,
        delegate=DelegateFactory(delegation=delegation),
    )
    return {"focal": focal}


@pytest.fixture
def editions(db):
    ninety_third = AssemblyFactory(is_current=False, state=Assembly.State.ENDED)
    ninety_fourth = AssemblyFactory(
        number=94,
        name="94th INTERPOL General Assembly",
        city="Hong Kong",
        country="China",
        start_date=dt.date(2026, 11, 16),
        end_date=dt.date(2026, 11, 19),
        time_zone="Asia/Hong_Kong",
        is_current=True,
    )
    return {
        "93rd": _edition(
            ninety_third, "93rd", dt.datetime(2025, 11, 24, 9, tzinfo=UTC), ("FR", "KE")
        ),
        "94th": _edition(
            ninety_fourth, "94th", dt.datetime(2026, 11, 16, 2, tzinfo=UTC), ("JP", "BR")
        ),
    }


PAGES = ["agenda:agenda", "meetings:requests", "ceremonies:list"]
SHOWN = {
    "agenda:agenda": "Plenary of the {}",
    "meetings:requests": "Request at the {}",
    "ceremonies:list": "Ceremony of the {}",
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("mine", "other"), [("93rd", "94th"), ("94th", "93rd")])
def test_portal_page_shows_the_focal_points_edition(client, editions, page, mine, other):
    client.force_login(editions[mine]["focal"])

    response = client.get(reverse(page))

    body = response.content.decode()
    assert response.status_code == 200
    assert SHOWN[page].format(mine) in body
    assert SHOWN[page].format(other) not in body
