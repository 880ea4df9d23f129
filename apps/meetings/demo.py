"""Demo data of the meetings app: ~300 requests among the demo delegations, ~40 with the host.

Runs after the delegations and agenda demos; without their delegations or bilateral rooms it
creates nothing. Idempotent: once the current assembly has requests, it changes nothing.
With the scheduler package present, an initial schedule is computed; otherwise the accepted
requests stay unplaced until an organiser runs the scheduler. Every request, answer, rule,
unavailability, run and confirmation goes through the meetings' services, as the demo organiser
(who may act for either side), so the checks, the audit and the notices apply.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import random

from django.db import transaction

from apps.agenda.models import Room
from apps.core.models import Assembly
from apps.delegations.models import Delegation
from apps.meetings.grid import Grid
from apps.meetings.models import Meeting, MeetingRequest

TOTAL_REQUESTS = 300
HOST_REQUESTS = 40
TOPICS = [
    "Cybercrime cooperation",
    "Counter-terrorism information exchange",
    "Drug trafficking routes",
    "Trafficking in human beings",
    "Environmental and wildlife crime",
    "Financial crime and asset recovery",
    "Red Notices and extradition",
    "Maritime security",
    "Training and capacity building",
    "Stolen motor vehicles",
    "Border management and travel documents",
    "Child sexual exploitation online",
]
STATES = [  # (status, weight)
    (MeetingRequest.Status.ACCEPTED, 62),
    (MeetingRequest.Status.REQUESTED, 14),
    (MeetingRequest.Status.COUNTER_PROPOSED, 5),
    (MeetingRequest.Status.DECLINED, 9),
    (MeetingRequest.Status.CANCELLED, 5),
    (MeetingRequest.Status.EXPIRED, 5),
]
DECLINE_REASONS = ["Our head of delegation leaves early", "Agenda full", ""]


def solver_available() -> bool:
    return importlib.util.find_spec("apps.meetings.scheduling") is not None


def _pick_state(rng: random.Random) -> str:
    statuses, weights = zip(*STATES, strict=True)
    return rng.choices(statuses, weights=weights)[0]


def _request(rng, grid, requester, invitee, host) -> dict:
    """What one request asks and how it was answered (the draws in a fixed order)."""
    status = _pick_state(rng)
    tokens = [token for token, _label in grid.choices()]
    preferred = rng.sample(tokens, k=rng.choice([0, 0, 1, 2]))
    is_host = host is not None and host.pk in (requester.pk, invitee.pk)
    priority = rng.choices(
        ["normal", "high", "essential"], weights=[3, 2, 1] if is_host else [6, 3, 1]
    )[0]
    return {
        "requester": requester,
        "invitee": invitee,
        "topic": rng.choice(TOPICS),
        "duration_minutes": rng.choices([30, 60], weights=[3, 1])[0],
        "requester_attendees": rng.randint(1, 5),
        "invitee_attendees": rng.randint(1, 5),
        "priority": priority,
        "preferred": preferred,
        "counter_preferred": rng.sample(tokens, k=1)
        if status == MeetingRequest.Status.COUNTER_PROPOSED
        else [],
        "requester_head_required": rng.random() < 0.3,
        "invitee_head_required": rng.random() < 0.2,
        "status": status,
        "decline_reason": rng.choice(DECLINE_REASONS)
        if status == MeetingRequest.Status.DECLINED
        else "",
    }


def _ask_and_answer(specs: list[dict], by) -> None:
    """Each request made, then answered as drawn, through the request state machine."""
    from apps.meetings import services

    S = MeetingRequest.Status
    to_expire = []
    for spec in specs:
        status = spec.pop("status")
        counter = spec.pop("counter_preferred")
        reason = spec.pop("decline_reason")
        request = services.request_meeting(by=by, **spec)
        if status == S.ACCEPTED:
            services.accept_meeting_request(request=request, by=by)
        elif status == S.COUNTER_PROPOSED:
            services.counter_propose_meeting_request(request=request, by=by, preferred=counter)
        elif status == S.DECLINED:
            services.decline_meeting_request(request=request, by=by, reason=reason)
        elif status == S.CANCELLED:
            services.cancel_meeting_request(request=request, by=by)
        elif status == S.EXPIRED:
            to_expire.append(request.pk)
    # The demo's answer deadline has passed: these were left unanswered until it did.
    services.expire_meeting_requests(ids=to_expire)


def _first_schedule(assembly: Assembly, by) -> None:
    """Solve the waiting run, then confirm every third meeting it proposed."""
    from apps.meetings import services
    from apps.meetings.scheduler_adapter.runs import run_schedule

    run_schedule(assembly_id=assembly.pk, by=by, time_limit=10)
    proposed = Meeting.objects.filter(assembly=assembly, status=Meeting.Status.PROPOSED)
    for meeting in list(proposed.order_by("pk"))[::3]:
        services.confirm_meeting(meeting=meeting, by=by)


def seed() -> list[tuple[str, str, str]]:
    from apps.core.demo import organiser
    from apps.meetings import services

    assembly = Assembly.objects.filter(number=93).first()
    if assembly is None or MeetingRequest.objects.filter(assembly=assembly).exists():
        return []
    delegations = list(
        Delegation.objects.filter(assembly=assembly)
        .exclude(status=Delegation.Status.WITHDRAWN)
        .select_related("country", "organisation")
        .order_by("pk")
    )
    rooms = Room.objects.filter(venue__assembly=assembly, kind=Room.Kind.BILATERAL)
    if len(delegations) < 3 or not rooms.exists():
        return []
    by = organiser()
    rng = random.Random(93)  # noqa: S311 - demo data, reproducible on purpose
    grid = Grid.of(assembly)
    host = next(
        (d for d in delegations if d.country is not None and d.country.iso2 == "MA"),
        next((d for d in delegations if d.kind == Delegation.Kind.HOST), None),
    )
    others = [d for d in delegations if host is None or d.pk != host.pk]
    # Zipf-like popularity: a few delegations are asked by many.
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(len(others))]
    pairs: set[frozenset[int]] = set()
    requests: list[dict] = []

    def add(a: Delegation, b: Delegation) -> None:
        key = frozenset((a.pk, b.pk))
        if a.pk == b.pk or key in pairs:
            return
        pairs.add(key)
        requests.append(_request(rng, grid, a, b, host))

    if host is not None:
        for partner in rng.sample(others, k=min(HOST_REQUESTS, len(others))):
            add(host, partner) if rng.random() < 0.5 else add(partner, host)
    attempts = 0
    max_pairs = len(others) * (len(others) - 1) // 2
    while len(requests) < TOTAL_REQUESTS and attempts < TOTAL_REQUESTS * 20 and max_pairs:
        attempts += 1
        a = rng.choices(others, weights=popularity)[0]
        b = rng.choice(others)
        add(a, b) if rng.random() < 0.5 else add(b, a)

    services.set_meeting_rules(
        assembly=assembly,
        by=by,
        response_deadline=dt.datetime(2025, 11, 20, 17, tzinfo=dt.UTC),
    )
    _ask_and_answer(requests, by)
    if host is not None:
        services.set_delegation_meeting_settings(delegation=host, teams=2, max_per_day=12, by=by)
    first_day, last_day = grid.days[0], grid.days[-1]
    tz = assembly.tz
    for delegation in rng.sample(others, k=min(12, len(others))):
        late = rng.random() < 0.5
        day = first_day if late else last_day
        start, end = (dt.time(8), dt.time(13)) if late else (dt.time(13), dt.time(19))
        services.declare_unavailability(
            delegation=delegation,
            starts_at=dt.datetime.combine(day, start, tzinfo=tz),
            ends_at=dt.datetime.combine(day, end, tzinfo=tz),
            reason="Late arrival" if late else "Early departure",
            by=by,
        )

    if solver_available():
        # The accepted requests asked for a scheduler run once they commit (schedule_soon); the
        # demo's first schedule is that run, solved here rather than left to a worker.
        transaction.on_commit(lambda: _first_schedule(assembly, by))
    return []
