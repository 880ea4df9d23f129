"""The API keeps the promises of its schema: schemathesis against /api/schema/, three roles.

For anonymous, a focal point of delegation A and an organiser, every operation gets at least
EXAMPLES generated requests that fit the schema and EXAMPLES that do not, sent in-process
(WSGI) to the test database. Path ids are drawn from real objects, other delegations' among
them. Every response goes through all of schemathesis's checks: no 5xx, no status or header
the schema does not document, bodies and content types as documented, invalid data refused,
valid data not refused for its shape (a rule of the business, 400/404/409/422, may still
refuse it: a second request to the same delegation, an overrun, a quota).
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth

from apps.accounts.api_tokens import create_api_token
from apps.agenda.models import Session
from tests.agenda.factories import RoomFactory, SessionFactory, VenueFactory, local
from tests.ceremonies.factories import CeremonyFactory, CeremonyRoleFactory, CueFactory
from tests.factories import DelegateFactory, DelegationFactory, MemberCountryFactory, UserFactory
from tests.meetings.factories import MeetingRequestFactory
from tests.notifications.factories import NotificationFactory

EXAMPLES = 50
# Requests that break the schema, per operation that takes any input (each must be refused).
NEGATIVE_EXAMPLES = 20
# Business rules refuse some requests whose shape is right; those answers are documented.
ACCEPTED_REFUSALS = ["2xx", "400", "401", "403", "404", "409", "422"]


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    """The API-key rate limit (accounts) is not what this test is about; 3,700 requests a
    role in a few minutes would reach it."""
    from apps.accounts.api.authentication import ApiTokenRateThrottle

    monkeypatch.setattr(ApiTokenRateThrottle, "THROTTLE_RATES", {"api_key": "1000000/min"})


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler inside the test's transaction (as Django's test client does)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def world(assembly, organiser):
    """Two delegations with everything the API shows, so every path id is a real object."""
    focal_a, focal_b = UserFactory(email="focal.a@example.org"), UserFactory()
    a = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="FR"))
    b = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="KE"))
    c = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="BR"))
    a.focal_points.add(focal_a)
    b.focal_points.add(focal_b)
    delegates = [DelegateFactory(delegation=d) for d in (a, a, b, b)]
    venue = VenueFactory(assembly=assembly)
    room = RoomFactory(venue=venue, code="B01", kind="bilateral", capacity=8)
    sessions = [
        SessionFactory(assembly=assembly, room=room, starts_at=local(2025, 11, 25, 9)),
        SessionFactory(
            assembly=assembly,
            starts_at=local(2025, 11, 26, 9),
            visibility=Session.Visibility.DRAFT,
        ),
    ]
    requests = [
        MeetingRequestFactory(assembly=assembly, requester=a, invitee=b),
        MeetingRequestFactory(assembly=assembly, requester=b, invitee=c),
    ]
    ceremony = CeremonyFactory(assembly=assembly)
    for order in (1, 2):
        CueFactory(ceremony=ceremony, order=order, duration_minutes=10)
    CeremonyRoleFactory(ceremony=ceremony, delegate=delegates[0], guest_name="")
    notifications = [
        NotificationFactory(recipient=focal_a),
        NotificationFactory(recipient=organiser),
    ]
    # A badge of each of A's and B's approved delegates (focal points see their own only).
    from apps.badges import services as badge_services
    from apps.badges.models import BadgeCategory, Zone
    from tests.delegations.factories import approved_delegate

    zone = badge_services.save_config(
        obj=Zone(assembly=assembly, code="plenary", name="Plenary", plenary=True), by=organiser
    )
    category = badge_services.save_config(
        obj=BadgeCategory(assembly=assembly, code="delegate", name="Delegate"), by=organiser
    )
    badge_services.set_category_zones(category=category, zones=[zone], by=organiser)
    badges = [
        badge_services.issue_badge(
            category=category, delegate=approved_delegate(d, organiser), by=organiser
        )
        for d in (a, b)
    ]
    from apps.elections.models import Candidate, Election, RollEntry, Round

    election = Election.objects.create(
        assembly=assembly,
        seat="president",
        nomination_deadline=local(2025, 11, 20, 9),
        mode="electronic",
    )
    Candidate.objects.create(election=election, delegation=a, name="Candidate A")
    vote = Round.objects.create(
        election=election, number=1, mode="electronic", opened_at=local(2025, 11, 25, 9)
    )
    for delegation, delegate in ((a, delegates[0]), (b, delegates[2])):
        RollEntry.objects.create(round=vote, delegation=delegation, voting_delegate=str(delegate))
    # A travel record of one of A's delegates (the others have none: their detail is a 404).
    from apps.logistics import services as logistics_services

    logistics_services.save_travel_record(
        delegate=delegates[0], by=focal_a, arrival_mode="other", needs="Vegetarian"
    )
    return {
        "users": {"focal point": focal_a, "organiser": organiser},
        "ids": {
            "delegations": [a.pk, b.pk, c.pk],
            "delegates": [d.pk for d in delegates],
            "agenda/sessions": [s.pk for s in sessions],
            "meetings/requests": [r.pk for r in requests],
            "meetings": [r.pk for r in requests],  # no meeting placed: every confirm is a 404
            "ceremonies": [ceremony.pk],
            "notifications": [n.pk for n in notifications],
            "elections/rounds": [vote.pk],
            "badges": [badge.pk for badge in badges],
            "travel/records": [d.pk for d in delegates],
        },
    }


def _ids_for(path: str, ids: dict[str, list[int]]) -> list[int]:
    """The real ids for a templated path: the longest known prefix names the collection."""
    tail = path.removeprefix("/api/v1/")
    prefix = max((p for p in ids if tail.startswith(p + "/{")), key=len)
    return ids[prefix]


def _takes_input(operation) -> bool:
    """Anything but a real id and the credentials: what a negative example can get wrong."""
    headers = [header.name for header in operation.headers if header.name != "Authorization"]
    return bool(len(operation.query) or len(operation.body) or headers)


def _run_operation(operation, *, mode, ids, headers, calls: Counter) -> None:
    fixed = {"generation_mode": mode, "headers": headers or None}
    strategy = (
        st.sampled_from(_ids_for(operation.path, ids)).flatmap(
            lambda pk: operation.as_strategy(**fixed, path_parameters={"id": pk})
        )
        if "{id}" in operation.path
        else operation.as_strategy(**fixed)
    )
    auth_confirmed = []

    @settings(
        max_examples=EXAMPLES if mode == GenerationMode.POSITIVE else NEGATIVE_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        response = case.call(headers=headers)
        calls[response.status_code // 100 * 100] += 1
        calls["requests"] += 1
        # Like schemathesis's own runner: once an operation has refused a request without (and
        # with wrong) credentials, later successes need not be sent again without them.
        case.validate_response(
            response, headers=headers, excluded_checks=[ignored_auth] if auth_confirmed else []
        )
        if 200 <= response.status_code < 300:
            auth_confirmed.append(True)

    check()


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "focal point", "organiser"])
def test_api_keeps_its_schema(role, world, wsgi_app, capsys):
    config = SchemathesisConfig.from_dict(
        {"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED_REFUSALS}}}
    )
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, config=config)
    headers = {}
    if role != "anonymous":
        _row, key = create_api_token(user=world["users"][role], name="tests")
        headers = {"Authorization": f"Token {key}"}
    calls: Counter = Counter()
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]

    failures = {}
    for operation in operations:
        modes = [GenerationMode.POSITIVE]
        if _takes_input(operation):
            modes.append(GenerationMode.NEGATIVE)
            calls["with invalid variants"] += 1
        for mode in modes:
            try:
                _run_operation(operation, mode=mode, ids=world["ids"], headers=headers, calls=calls)
            except Unsatisfiable:  # no invalid variant of this input exists
                calls["nothing to get wrong"] += 1
            except Exception as exc:
                failures[f"{operation.label} ({mode})"] = str(exc)

    with capsys.disabled():
        print(  # noqa: T201 - the figures asked for in the report
            f"\nschemathesis {role}: {len(operations)} operations, {calls['requests']} requests "
            f"({calls[200]} 2xx, {calls[400]} 4xx, {calls[500]} 5xx; invalid variants sent to "
            f"{calls['with invalid variants'] - calls['nothing to get wrong']}) "
            f"in {time.monotonic() - started:.0f} s"
        )
    assert failures == {}
    assert len(operations) >= 50
    assert calls[500] == 0
    assert calls["requests"] >= len(operations) * EXAMPLES
