"""Planned times of a run-of-show: each cue starts when the ones before it are over.

Pure functions over plain values (no queries), shared by services, selectors, views and the API.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TimelineRow:
    cue: Any
    planned_start: dt.datetime
    planned_end: dt.datetime
    actual_start: dt.datetime | None

    @property
    def delta_minutes(self) -> int | None:
        """Minutes behind plan (positive) or ahead (negative) when the cue actually started."""
        if self.actual_start is None:
            return None
        return minutes_between(self.planned_start, self.actual_start)


def minutes_between(planned: dt.datetime, actual: dt.datetime) -> int:
    """Whole minutes from planned to actual, rounded towards zero at the half minute."""
    seconds = (actual - planned).total_seconds()
    return int(math.copysign(math.floor(abs(seconds) / 60 + 0.5), seconds))


def planned_starts(start: dt.datetime, durations: Iterable[int]) -> list[dt.datetime]:
    starts = []
    at = start
    for minutes in durations:
        starts.append(at)
        at += dt.timedelta(minutes=minutes)
    return starts


def total_minutes(durations: Iterable[int]) -> int:
    return sum(int(minutes) for minutes in durations)


def overrun_minutes(
    *, starts_at: dt.datetime, ends_at: dt.datetime, durations: Iterable[int]
) -> int:
    """How many minutes the run goes past the end of its session (0 when it fits)."""
    available = int((ends_at - starts_at).total_seconds() // 60)
    return max(0, total_minutes(durations) - available)


def build_timeline(*, start: dt.datetime, cues: Sequence[Any]) -> list[TimelineRow]:
    """Rows for cues (objects with duration_minutes and actual_started_at), in the given order."""
    rows = []
    for cue, planned in zip(
        cues, planned_starts(start, [c.duration_minutes for c in cues]), strict=True
    ):
        rows.append(
            TimelineRow(
                cue=cue,
                planned_start=planned,
                planned_end=planned + dt.timedelta(minutes=cue.duration_minutes),
                actual_start=cue.actual_started_at,
            )
        )
    return rows
