"""Realistic Marrakech-size instances for tests and benchmarks (deterministic per seed)."""

from __future__ import annotations

import random

from .model import Day, Delegation, Instance, Request, Room

# 200 ISO 3166 alpha-2 codes; the first 177 (with the host MA) are the member delegations.
_CODES = [
    "MA",
    "FR",
    "US",
    "GB",
    "DE",
    "IT",
    "ES",
    "CN",
    "JP",
    "BR",
    "IN",
    "RU",
    "ZA",
    "NG",
    "EG",
    "KE",
    "SA",
    "AE",
    "TR",
    "AR",
    "MX",
    "CA",
    "AU",
    "KR",
    "ID",
    "PK",
    "BD",
    "DZ",
    "TN",
    "LY",
    "SN",
    "CI",
    "CM",
    "GH",
    "ET",
    "TZ",
    "UG",
    "RW",
    "AO",
    "MZ",
    "ZM",
    "ZW",
    "BW",
    "NA",
    "MG",
    "MU",
    "ML",
    "NE",
    "BF",
    "TD",
    "SD",
    "SS",
    "SO",
    "DJ",
    "ER",
    "GN",
    "GW",
    "SL",
    "LR",
    "TG",
    "BJ",
    "GA",
    "CG",
    "CD",
    "CF",
    "GQ",
    "ST",
    "CV",
    "GM",
    "MR",
    "KM",
    "SC",
    "LS",
    "SZ",
    "MW",
    "BI",
    "NL",
    "BE",
    "LU",
    "CH",
    "AT",
    "PT",
    "IE",
    "DK",
    "SE",
    "NO",
    "FI",
    "IS",
    "PL",
    "CZ",
    "SK",
    "HU",
    "RO",
    "BG",
    "GR",
    "CY",
    "MT",
    "SI",
    "HR",
    "BA",
    "RS",
    "ME",
    "MK",
    "AL",
    "XK",
    "UA",
    "BY",
    "MD",
    "LT",
    "LV",
    "EE",
    "GE",
    "AM",
    "AZ",
    "KZ",
    "UZ",
    "TM",
    "KG",
    "TJ",
    "MN",
    "AF",
    "IR",
    "IQ",
    "SY",
    "LB",
    "JO",
    "IL",
    "PS",
    "KW",
    "QA",
    "BH",
    "OM",
    "YE",
    "TH",
    "VN",
    "LA",
    "KH",
    "MM",
    "MY",
    "SG",
    "PH",
    "BN",
    "TL",
    "NP",
    "BT",
    "LK",
    "MV",
    "NZ",
    "PG",
    "FJ",
    "WS",
    "TO",
    "VU",
    "SB",
    "NR",
    "KI",
    "TV",
    "MH",
    "FM",
    "PW",
    "CL",
    "PE",
    "CO",
    "VE",
    "EC",
    "BO",
    "PY",
    "UY",
    "GY",
    "SR",
    "CR",
    "PA",
    "NI",
    "HN",
    "SV",
    "GT",
    "BZ",
    "CU",
    "DO",
    "HT",
    "JM",
    "TT",
    "BB",
    "BS",
    "GD",
    "LC",
    "VC",
    "AG",
    "KN",
    "DM",
    "MC",
    "SM",
    "AD",
    "LI",
    "VA",
]

_SLOTS_PER_DAY = 16  # 09:00 to 17:00 in half hours
_DATES = ("2025-11-24", "2025-11-25", "2025-11-26", "2025-11-27")
# Blocked for everyone, as (day, first local slot, last local slot):
_PROGRAMME = (
    (0, 0, 3),  # opening ceremony 09:00-11:00
    (1, 0, 1),  # plenary 09:00-10:00
    (2, 0, 1),  # plenary 09:00-10:00
    (2, 10, 12),  # elections 14:00-15:30
    (3, 0, 1),  # plenary 09:00-10:00
    (3, 12, 15),  # closing 15:00-17:00
    *((day, 7, 8) for day in range(4)),  # lunch 12:30-13:30
)


def generate(seed: int, requests: int = 2000, rooms: int = 25) -> Instance:
    """An instance like the real one: 177 delegations, host MA, Zipf-like popularity."""
    rng = random.Random(seed)
    days = [Day(date, "09:00", _SLOTS_PER_DAY) for date in _DATES]
    n_slots = _SLOTS_PER_DAY * len(days)

    def slot(day: int, local: int) -> int:
        return day * _SLOTS_PER_DAY + local

    everyone = {slot(d, k) for d, lo, hi in _PROGRAMME for k in range(lo, hi + 1)}
    codes = list(_CODES[:177])
    # Popularity rank (host first), weights ~ 1 / (rank + 15); the host's own ~40
    # requests come first, the rest are among the other delegations.
    ranked = ["MA", *rng.sample(codes[1:], len(codes) - 1)]
    popularity = {code: 1.0 / (rank + 15) for rank, code in enumerate(ranked)}

    delegations = []
    for rank, code in enumerate(ranked):
        blocked = set(everyone)
        if code != "MA" and rng.random() < 0.12:  # late arrival
            blocked |= {slot(0, k) for k in range(_SLOTS_PER_DAY)}
            if rng.random() < 0.3:
                blocked |= {slot(1, k) for k in range(8)}
        if code != "MA" and rng.random() < 0.10:  # early departure
            blocked |= {slot(3, k) for k in range(rng.choice((0, 6, 9)), _SLOTS_PER_DAY)}
        for _ in range(rng.choice((0, 0, 1, 2, 3))):  # side events
            start = rng.randrange(n_slots - 1)
            blocked |= {start, start + 1}
        teams = 2 if code == "MA" or rank < 8 else (2 if rng.random() < 0.1 else 1)
        max_per_day = rng.randint(4, 10) if rng.random() < 0.2 else None
        delegations.append(
            Delegation(code, frozenset(blocked), teams=teams, max_per_day=max_per_day)
        )
    delegations.sort(key=lambda d: codes.index(d.id))

    capacities = rng.choices((4, 6, 8, 10, 12), weights=(20, 30, 25, 15, 10), k=rooms)
    room_list = [Room(f"B{i + 1:02d}", c) for i, c in enumerate(sorted(capacities))]

    others = ranked[1:]
    other_weights = [popularity[c] for c in others]
    pairs: set[frozenset[str]] = set()
    request_list: list[Request] = []
    n_host = min(40, requests)
    while len(request_list) < requests:
        if len(request_list) < n_host:
            a, b = "MA", rng.choices(others, weights=other_weights)[0]
        else:
            a, b = rng.choices(others, weights=other_weights, k=2)
        pair = frozenset((a, b))
        if a == b or pair in pairs:
            continue
        pairs.add(pair)
        if rng.random() < 0.5:
            a, b = b, a
        length = 2 if rng.random() < 0.3 else 1
        attendees = rng.choices(
            (2, 3, 4, 5, 6, 7, 8, 10, 12, 14), (5, 8, 20, 15, 18, 10, 12, 6, 5, 1)
        )[0]
        heads: tuple[str, ...] = ()
        roll = rng.random()
        if roll < 0.08:
            heads = (a, b)
        elif roll < 0.25:
            heads = (rng.choice((a, b)),)
        preferred: frozenset[int] = frozenset()
        if rng.random() < 0.3:
            day = rng.randrange(len(days))
            first = rng.randrange(_SLOTS_PER_DAY - 3)
            preferred = frozenset(
                slot(day, k) for k in range(first, min(_SLOTS_PER_DAY, first + rng.randint(2, 6)))
            )
        request_list.append(
            Request(
                id=f"r{len(request_list) + 1}",
                a=a,
                b=b,
                slots=length,
                attendees=attendees,
                priority=rng.choices((1, 2, 3), weights=(50, 35, 15))[0],
                heads=heads,
                preferred=preferred,
            )
        )
    return Instance(
        slot_minutes=30,
        days=days,
        rooms=room_list,
        delegations=delegations,
        requests=request_list,
    )
