"""The assembly's bilateral slot grid: global slot numbers <-> UTC instants, days and half-days.

Slots are numbered day after day from 0, `slots_per_day` a day, starting at the assembly's
`meeting_day_start` local time; the scheduler works on these numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.core.models import Assembly

NOON = dt.time(12, 0)


@dataclass(frozen=True)
class Grid:
    assembly: Assembly
    days: list[dt.date]
    slots_per_day: int
    slot_minutes: int

    @classmethod
    def of(cls, assembly: Assembly) -> Grid:
        return cls(
            assembly=assembly,
            days=assembly.days,
            slots_per_day=assembly.slots_per_day,
            slot_minutes=assembly.meeting_slot_minutes,
        )

    @property
    def slot(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.slot_minutes)

    @property
    def count(self) -> int:
        return len(self.days) * self.slots_per_day

    def local_start(self, index: int) -> dt.datetime:
        day, offset = divmod(index, self.slots_per_day)
        start = dt.datetime.combine(self.days[day], self.assembly.meeting_day_start)
        return start + offset * self.slot

    def start(self, index: int) -> dt.datetime:
        """UTC start of slot `index` (wall clock in the assembly's zone, then UTC)."""
        return self.local_start(index).replace(tzinfo=self.assembly.tz).astimezone(dt.UTC)

    def index_of(self, instant: dt.datetime) -> int | None:
        """The slot starting exactly at `instant`, or None when it is off the grid."""
        local = instant.astimezone(self.assembly.tz).replace(tzinfo=None)
        try:
            day = self.days.index(local.date())
        except ValueError:
            return None
        first = dt.datetime.combine(local.date(), self.assembly.meeting_day_start)
        minutes, rest = divmod((local - first).total_seconds(), 60)
        offset, rest_minutes = divmod(int(minutes), self.slot_minutes)
        if rest or rest_minutes or not 0 <= offset < self.slots_per_day:
            return None
        return day * self.slots_per_day + offset

    def slots_overlapping(self, start: dt.datetime, end: dt.datetime) -> list[int]:
        return [
            index
            for index in range(self.count)
            if self.start(index) < end and self.start(index) + self.slot > start
        ]

    def day_slots(self, day_index: int) -> range:
        return range(day_index * self.slots_per_day, (day_index + 1) * self.slots_per_day)

    def preferred_slots(self, tokens: list[str]) -> list[int]:
        """Slots of preferred days ("2025-11-24") or half-days ("2025-11-24 am"/"pm")."""
        slots: set[int] = set()
        for token in tokens:
            date_text, _sep, half = token.partition(" ")
            day = dt.date.fromisoformat(date_text)
            if day not in self.days:
                continue
            for index in self.day_slots(self.days.index(day)):
                local = self.local_start(index).time()
                if half == "" or (half == "am") == (local < NOON):
                    slots.add(index)
        return sorted(slots)

    def choices(self) -> list[tuple[str, str]]:
        """Days and half-days people can prefer, as (token, label) pairs."""
        result = []
        for day in self.days:
            label = day.strftime("%a %d %b")
            result += [
                (day.isoformat(), label),
                (f"{day.isoformat()} am", _("%(day)s morning") % {"day": label}),
                (f"{day.isoformat()} pm", _("%(day)s afternoon") % {"day": label}),
            ]
        return result

    def validate_tokens(self, tokens: list[str]) -> list[str]:
        valid = {token for token, _label in self.choices()}
        bad = [token for token in tokens if token not in valid]
        if bad:
            from django.core.exceptions import ValidationError

            raise ValidationError(
                _("Not a day or half-day of the assembly: %(tokens)s"),
                params={"tokens": ", ".join(map(str, bad))},
            )
        return list(tokens)
