"""Tests of the pure bilateral-meeting scheduler (no Django needed: run with -p no:django)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.meetings.scheduling import (
    Day,
    Delegation,
    Instance,
    Placement,
    Request,
    Result,
    Room,
    Stats,
    Unplaced,
    check_solution,
    count_moves,
    generate,
    greedy_fcfs,
    insert_requests,
    solve,
)

ROOT = Path(__file__).resolve().parents[2]


def make(
    *,
    slots: int = 4,
    days: int = 1,
    rooms: tuple[int, ...] = (8,),
    delegations: dict[str, dict] | None = None,
    requests: list[dict] | None = None,
    fixed: list[Placement] | None = None,
    previous: list[Placement] | None = None,
) -> Instance:
    """A small hand-made instance; delegations and requests given as keyword dicts."""
    delegations = delegations or {"MA": {}, "FR": {}}
    return Instance(
        slot_minutes=30,
        days=[Day(f"2025-11-{24 + d}", "09:00", slots) for d in range(days)],
        rooms=[Room(f"B{i + 1:02d}", c) for i, c in enumerate(rooms)],
        delegations=[Delegation(code, **kw) for code, kw in delegations.items()],
        requests=[Request(**r) for r in (requests or [])],
        fixed=fixed or [],
        previous=previous or [],
    )


def reasons(result: Result) -> dict[str, str]:
    return {u.request: u.reason for u in result.unplaced}


# -- feasibility (property test, independent checker) ----------------------------------------


@st.composite
def small_instances(draw: st.DrawFn) -> Instance:
    n_days = draw(st.integers(1, 2))
    per_day = draw(st.integers(2, 5))
    n_slots = n_days * per_day
    codes = ["MA", "FR", "US", "SN", "JP"][: draw(st.integers(2, 5))]
    delegations = [
        Delegation(
            code,
            blocked=frozenset(draw(st.sets(st.integers(0, n_slots - 1), max_size=n_slots // 2))),
            teams=draw(st.integers(1, 2)),
            max_per_day=draw(st.one_of(st.none(), st.integers(0, 3))),
        )
        for code in codes
    ]
    rooms = [
        Room(f"B{i}", draw(st.sampled_from([2, 4, 6, 8]))) for i in range(draw(st.integers(1, 3)))
    ]
    requests = []
    for i in range(draw(st.integers(0, 8))):
        a, b = draw(st.lists(st.sampled_from(codes), min_size=2, max_size=2, unique=True))
        requests.append(
            Request(
                id=f"r{i}",
                a=a,
                b=b,
                slots=draw(st.integers(1, 2)),
                attendees=draw(st.integers(2, 9)),
                priority=draw(st.integers(1, 3)),
                heads=tuple(draw(st.sets(st.sampled_from([a, b])))),
                preferred=frozenset(draw(st.sets(st.integers(0, n_slots - 1), max_size=3))),
            )
        )
    return Instance(
        slot_minutes=30,
        days=[Day(f"2025-11-{24 + d}", "09:00", per_day) for d in range(n_days)],
        rooms=rooms,
        delegations=delegations,
        requests=requests,
    )


@settings(max_examples=40, deadline=None, database=None)
@given(small_instances())
def test_solve_random_small_instances_never_infeasible(instance: Instance) -> None:
    result = solve(instance, time_limit=2.0)
    assert check_solution(instance, result) == []
    assert check_solution(instance, greedy_fcfs(instance)) == []


@settings(max_examples=25, deadline=None, database=None)
@given(small_instances(), st.data())
def test_solve_with_fixed_and_previous_from_own_plan_moves_nothing(
    instance: Instance, data: st.DataObject
) -> None:
    first = solve(instance, time_limit=2.0)
    fixed = []
    if first.placements:
        fixed = data.draw(st.lists(st.sampled_from(first.placements), unique=True), "fixed")
    instance.fixed = fixed
    instance.previous = [p for p in first.placements if p not in fixed]
    again = solve(instance, time_limit=2.0)
    assert check_solution(instance, again) == []
    assert again.stats.weight == first.stats.weight
    assert count_moves(instance.previous, again.placements) == 0


def test_solve_generated_instance_passes_checker() -> None:
    instance = generate(5, requests=250, rooms=8)
    result = solve(instance, time_limit=4.0)
    assert check_solution(instance, result) == []
    assert result.stats.weight >= greedy_fcfs(instance).stats.weight


def test_check_solution_reports_double_booked_room() -> None:
    instance = make(
        delegations={"MA": {}, "FR": {}, "US": {}, "SN": {}},
        requests=[{"id": "r1", "a": "MA", "b": "FR"}, {"id": "r2", "a": "US", "b": "SN"}],
    )
    bad = Result(
        placements=[Placement("r1", 0, "B01"), Placement("r2", 0, "B01")],
        unplaced=[],
        stats=Stats(placed=2, weight=2, upper_bound=2, seconds=0.0, status="feasible"),
    )
    assert check_solution(instance, bad) == ["room B01 holds 2 meetings in slot 0"]


# -- optimality against brute force --------------------------------------------------------


def brute_force_best_weight(instance: Instance) -> int:
    """Maximum total priority by exhaustive search, validity judged by the checker only."""
    options = [
        [None]
        + [
            (slot, room.id)
            for slot in range(instance.num_slots)
            for room in instance.rooms
            if room.capacity >= r.attendees
        ]
        for r in instance.requests
    ]
    best = 0

    def valid(placements: list[Placement], weight: int) -> bool:
        placed = {p.request for p in placements}
        result = Result(
            placements=placements,
            unplaced=[Unplaced(r.id, "-") for r in instance.requests if r.id not in placed],
            stats=Stats(len(placements), weight, weight, 0.0, "feasible"),
        )
        return not check_solution(instance, result)

    def search(i: int, placements: list[Placement], weight: int) -> None:
        nonlocal best
        remaining = sum(r.priority for r in instance.requests[i:])
        if weight + remaining <= best:
            return
        if i == len(instance.requests):
            best = weight
            return
        request = instance.requests[i]
        for option in options[i]:
            if option is None:
                search(i + 1, placements, weight)
            else:
                extended = [*placements, Placement(request.id, option[0], option[1])]
                if valid(extended, weight + request.priority):
                    search(i + 1, extended, weight + request.priority)

    search(0, [], 0)
    return best


def random_tiny_instance(rng: random.Random) -> Instance:
    codes = ["MA", "FR", "US", "SN"]
    per_day = rng.randint(2, 3)
    n_days = rng.randint(1, 2)
    n_slots = per_day * n_days
    delegations = {
        code: {
            "blocked": frozenset(rng.sample(range(n_slots), rng.randint(0, 2))),
            "teams": rng.choice((1, 1, 2)),
            "max_per_day": rng.choice((None, None, 1, 2)),
        }
        for code in codes
    }
    requests = []
    for i in range(rng.randint(2, 6)):
        a, b = rng.sample(codes, 2)
        requests.append(
            {
                "id": f"r{i}",
                "a": a,
                "b": b,
                "slots": rng.choice((1, 1, 2)),
                "attendees": rng.randint(2, 8),
                "priority": rng.randint(1, 3),
                "heads": tuple(h for h in (a, b) if rng.random() < 0.3),
            }
        )
    rooms = tuple(rng.choice((4, 6, 8)) for _ in range(rng.randint(1, 2)))
    return make(slots=per_day, days=n_days, rooms=rooms, delegations=delegations, requests=requests)


def test_solve_tiny_instances_weight_equals_brute_force() -> None:
    rng = random.Random(2025)
    for _ in range(30):
        instance = random_tiny_instance(rng)
        result = solve(instance, time_limit=2.0)
        assert check_solution(instance, result) == []
        assert result.stats.weight == brute_force_best_weight(instance), instance
        assert result.stats.status == "optimal"


def test_solve_prefers_higher_priority_over_more_meetings() -> None:
    instance = make(
        slots=1,
        delegations={"MA": {}, "FR": {}, "US": {}},
        requests=[
            {"id": "r1", "a": "MA", "b": "FR", "priority": 1},
            {"id": "r2", "a": "FR", "b": "US", "priority": 1},
            {"id": "r3", "a": "MA", "b": "US", "priority": 3},
        ],
        rooms=(8, 8),
    )
    result = solve(instance)
    assert [p.request for p in result.placements] == ["r3"]
    assert result.stats.weight == 3
    assert result.stats.upper_bound == 3


def test_solve_honours_preferred_slot_when_free() -> None:
    instance = make(requests=[{"id": "r1", "a": "MA", "b": "FR", "preferred": frozenset({2})}])
    result = solve(instance)
    assert result.placements == [Placement("r1", 2, "B01")]


# -- fixed and previous placements ---------------------------------------------------------


def test_fixed_placement_kept_exactly() -> None:
    instance = make(
        rooms=(4, 8),
        requests=[
            {"id": "r1", "a": "MA", "b": "FR", "attendees": 3},
            {"id": "r2", "a": "MA", "b": "FR"},
        ],
        fixed=[Placement("r1", 3, "B02")],
    )
    result = solve(instance)
    assert Placement("r1", 3, "B02") in result.placements
    assert check_solution(instance, result) == []
    assert result.stats.placed == 2


def test_fixed_placement_infeasible_raises_value_error() -> None:
    instance = make(
        delegations={"MA": {}, "FR": {"blocked": frozenset({1})}},
        requests=[{"id": "r1", "a": "MA", "b": "FR"}],
        fixed=[Placement("r1", 1, "B01")],
    )
    with pytest.raises(ValueError, match=r"FR is not available then"):
        solve(instance)


def test_fixed_placements_in_same_room_raise_value_error() -> None:
    instance = make(
        delegations={"MA": {}, "FR": {}, "US": {}, "SN": {}},
        requests=[{"id": "r1", "a": "MA", "b": "FR"}, {"id": "r2", "a": "US", "b": "SN"}],
        fixed=[Placement("r1", 0, "B01"), Placement("r2", 0, "B01")],
    )
    with pytest.raises(ValueError, match=r"room B01 is already taken by r1"):
        solve(instance)


def test_previous_placements_kept_when_nothing_changed() -> None:
    instance = generate(7, requests=150, rooms=6)
    first = solve(instance, time_limit=4.0)
    instance.previous = first.placements
    again = solve(instance, time_limit=4.0)
    assert count_moves(instance.previous, again.placements) == 0
    assert again.stats.weight == first.stats.weight
    assert check_solution(instance, again) == []


def test_previous_placement_kept_despite_earlier_free_slot() -> None:
    instance = make(
        requests=[{"id": "r1", "a": "MA", "b": "FR"}], previous=[Placement("r1", 3, "B01")]
    )
    assert solve(instance).placements == [Placement("r1", 3, "B01")]


def test_previous_placement_of_withdrawn_request_is_ignored() -> None:
    instance = make(
        requests=[{"id": "r1", "a": "MA", "b": "FR"}],
        previous=[Placement("gone", 0, "B01"), Placement("r1", 2, "B01")],
    )
    result = solve(instance)
    assert result.placements == [Placement("r1", 2, "B01")]
    assert check_solution(instance, result) == []


# -- unplaced reasons ----------------------------------------------------------------------


def test_unplaced_reason_no_common_free_slot() -> None:
    instance = make(
        delegations={"MA": {"blocked": frozenset({0, 1})}, "FR": {"blocked": frozenset({2, 3})}},
        requests=[{"id": "r1", "a": "MA", "b": "FR"}],
    )
    result = solve(instance)
    assert reasons(result) == {"r1": "MA and FR have no common free slot"}
    # The code and its arguments survive the JSON the application reads.
    [entry] = Result.from_json(json.loads(json.dumps(result.to_json()))).to_json()["unplaced"]
    assert entry["code"] == "no_common_slot"
    assert entry["args"] == {"a": "MA", "b": "FR"}


def test_unplaced_reason_no_common_free_period_for_long_meeting() -> None:
    instance = make(
        delegations={"MA": {"blocked": frozenset({1, 3})}, "FR": {}},
        requests=[{"id": "r1", "a": "MA", "b": "FR", "slots": 2}],
    )
    assert reasons(solve(instance)) == {"r1": "MA and FR have no common free 60-minute period"}


def test_unplaced_reason_no_room_large_enough() -> None:
    instance = make(rooms=(8, 12), requests=[{"id": "r1", "a": "MA", "b": "FR", "attendees": 14}])
    assert reasons(solve(instance)) == {"r1": "no room seats 14"}


def test_unplaced_reason_max_per_day_reached() -> None:
    instance = make(
        days=2,
        rooms=(8, 8),
        delegations={"MA": {"max_per_day": 1}, "FR": {}, "US": {}},
        requests=[
            {"id": "r1", "a": "MA", "b": "FR", "priority": 3},
            {"id": "r2", "a": "MA", "b": "US", "priority": 3},
            {"id": "r3", "a": "US", "b": "MA", "priority": 1},
        ],
    )
    assert reasons(solve(instance)) == {
        "r3": "MA has reached its limit of 1 meeting on every day both are free"
    }


def test_unplaced_reason_daily_limit_zero() -> None:
    instance = make(
        delegations={"MA": {"max_per_day": 0}, "FR": {}},
        requests=[{"id": "r1", "a": "FR", "b": "MA"}],
    )
    assert reasons(solve(instance)) == {"r1": "MA takes no meetings (its daily limit is 0)"}


def test_unplaced_reason_taken_by_higher_priority() -> None:
    instance = make(
        slots=1,
        delegations={"MA": {}, "FR": {}, "US": {}, "SN": {}},
        requests=[
            {"id": "r1", "a": "MA", "b": "FR", "priority": 1},
            {"id": "r2", "a": "US", "b": "SN", "priority": 3},
        ],
    )
    assert reasons(solve(instance)) == {
        "r1": "all feasible slots are taken by higher-priority meetings"
    }


def test_unplaced_reason_head_busy_with_equal_priority() -> None:
    instance = make(
        slots=1,
        rooms=(8, 8),
        delegations={"MA": {"teams": 2}, "FR": {}, "US": {}},
        requests=[
            {"id": "r1", "a": "MA", "b": "FR", "heads": ("MA",)},
            {"id": "r2", "a": "MA", "b": "US", "heads": ("MA",)},
        ],
        fixed=[Placement("r1", 0, "B01")],
    )
    assert reasons(solve(instance)) == {
        "r2": "all feasible slots are taken by meetings of equal or higher priority"
    }


# -- greedy baseline -----------------------------------------------------------------------


def test_greedy_fcfs_takes_earliest_slot_and_smallest_room_in_input_order() -> None:
    instance = make(
        rooms=(10, 4, 6),
        delegations={"MA": {"blocked": frozenset({0})}, "FR": {}, "US": {}},
        requests=[
            {"id": "r1", "a": "MA", "b": "FR", "attendees": 5},
            {"id": "r2", "a": "FR", "b": "US"},
        ],
    )
    result = greedy_fcfs(instance)
    assert result.placements == [Placement("r1", 1, "B03"), Placement("r2", 0, "B02")]
    assert result.stats.status == "greedy"


# -- JSON and CLI --------------------------------------------------------------------------

SAMPLE = {
    "slot_minutes": 30,
    "days": [{"date": "2025-11-24", "start": "09:00", "slots": 16}],
    "rooms": [{"id": "B01", "capacity": 8}, {"id": "B03", "capacity": 6}],
    "delegations": [
        {"id": "MA", "blocked": [0, 1, 2, 3], "teams": 2, "max_per_day": 10},
        {"id": "FR", "blocked": [], "teams": 1},
    ],
    "requests": [
        {
            "id": "r1",
            "a": "MA",
            "b": "FR",
            "slots": 1,
            "attendees": 6,
            "priority": 2,
            "heads": ["MA"],
            "preferred": [4, 5, 6],
        },
        {
            "id": "r7",
            "a": "FR",
            "b": "MA",
            "slots": 2,
            "attendees": 4,
            "priority": 1,
            "heads": [],
            "preferred": [],
        },
    ],
    "fixed": [{"request": "r7", "slot": 12, "room": "B03"}],
    "previous": [{"request": "r1", "slot": 4, "room": "B01"}],
}


def test_instance_json_round_trip_is_exact() -> None:
    assert Instance.from_json(SAMPLE).to_json() == SAMPLE
    assert Instance.from_json(json.loads(json.dumps(SAMPLE))) == Instance.from_json(SAMPLE)


def test_result_json_round_trip_is_exact() -> None:
    data = solve(Instance.from_json(SAMPLE)).to_json()
    assert Result.from_json(data).to_json() == data
    assert set(data) == {"placements", "unplaced", "stats"}
    assert set(data["stats"]) == {"placed", "weight", "upper_bound", "seconds", "status"}
    assert data["placements"][0] == {"request": "r1", "slot": 4, "room": "B01"}


def test_instance_from_json_defaults_optional_fields() -> None:
    instance = Instance.from_json(
        {
            "days": [{"date": "2025-11-24", "start": "09:00", "slots": 2}],
            "rooms": [{"id": "B01", "capacity": 4}],
            "delegations": [{"id": "MA"}, {"id": "FR"}],
            "requests": [{"id": "r1", "a": "MA", "b": "FR", "attendees": 4}],
        }
    )
    assert instance.slot_minutes == 30
    assert instance.delegations[0] == Delegation("MA", frozenset(), 1, None)
    assert instance.requests[0].slots == 1
    assert instance.fixed == []


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apps.meetings.scheduling", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_generate_and_solve_print_json(tmp_path: Path) -> None:
    generated = run_cli("generate", "--seed", "3", "--requests", "120", "--rooms", "6")
    assert generated.returncode == 0, generated.stderr
    data = json.loads(generated.stdout)
    assert len(data["delegations"]) == 177
    assert len(data["requests"]) == 120
    path = tmp_path / "instance.json"
    path.write_text(generated.stdout)
    solved = run_cli("solve", str(path), "--time-limit", "3")
    assert solved.returncode == 0, solved.stderr
    output = json.loads(solved.stdout)
    assert check_solution(Instance.from_json(data), output) == []
    assert output["stats"]["status"] in {"optimal", "feasible", "greedy"}


def test_cli_solve_infeasible_fixed_exits_with_message(tmp_path: Path) -> None:
    bad = dict(SAMPLE, fixed=[{"request": "r7", "slot": 0, "room": "B03"}])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    solved = run_cli("solve", str(path))
    assert solved.returncode == 2
    assert "MA is not available then" in solved.stderr


def test_package_imports_without_django() -> None:
    code = (
        "import sys, apps.meetings.scheduling; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


# -- generator -----------------------------------------------------------------------------


def test_generate_is_deterministic_and_marrakech_sized() -> None:
    first = generate(11, requests=2000, rooms=25)
    assert first.to_json() == generate(11, requests=2000, rooms=25).to_json()
    assert first.to_json() != generate(12, requests=2000, rooms=25).to_json()
    assert len(first.delegations) == 177
    assert len(first.rooms) == 25
    assert [d.date for d in first.days] == ["2025-11-24", "2025-11-25", "2025-11-26", "2025-11-27"]
    assert first.num_slots == 64
    host = next(d for d in first.delegations if d.id == "MA")
    assert host.teams == 2
    host_requests = sum("MA" in r.parties for r in first.requests)
    assert 40 <= host_requests <= 80
    assert {r.slots for r in first.requests} == {1, 2}
    assert {r.priority for r in first.requests} == {1, 2, 3}
    assert {room.capacity for room in first.rooms} <= {4, 6, 8, 10, 12}
    first.validate()


# -- incremental change --------------------------------------------------------------------


def test_insert_requests_keeps_all_previous_placements() -> None:
    instance = generate(2, requests=300, rooms=10)
    solved = solve(instance, time_limit=4.0)
    new = Request(id="new", a="MA", b="SN", attendees=4, priority=3)
    updated, result = insert_requests(instance, solved, [new])
    assert count_moves(solved.placements, result.placements) == 0
    assert check_solution(updated, result) == []
    assert result.stats.placed >= solved.stats.placed
    assert {p.request for p in result.placements} | {u.request for u in result.unplaced} == {
        r.id for r in updated.requests
    }


def test_incremental_mode_places_new_request_in_free_slot() -> None:
    instance = make(
        delegations={"MA": {}, "FR": {}, "US": {}},
        requests=[{"id": "r1", "a": "MA", "b": "FR"}, {"id": "r2", "a": "MA", "b": "US"}],
        previous=[Placement("r1", 0, "B01")],
    )
    result = solve(instance, mode="incremental")
    assert result.placements[0] == Placement("r1", 0, "B01")
    assert [p.request for p in result.placements] == ["r1", "r2"]
    assert check_solution(instance, result) == []
