"""Staffed hours: when people answer in the chat, and when a case becomes an email ticket.

Written as `always`, or as windows separated by semicolons: `mon-fri 08:00-18:00; sat 10:00-14:00`.
Days are `mon`..`sun`, single or as a range (`mon-fri`) or a comma list (`mon,wed`). Times are in
the desk's time zone (setting `timezone`), so daylight saving moves nothing by an hour. Parsing is
strict: a typo must stop the start with a sentence, not silently route every customer to email.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(r"^(?P<days>[a-z,\-]+)\s+(?P<start>\d{2}:\d{2})-(?P<end>\d{2}:\d{2})$")
EXAMPLE = '"always" or "mon-fri 08:00-18:00; sat 10:00-14:00"'


class StaffedHoursError(ValueError):
    """A staffed-hours or time-zone setting that cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Window:
    weekday: int  # Monday is 0
    start: time
    end: time


@dataclass(frozen=True)
class StaffedHours:
    windows: tuple[Window, ...]  # empty means always staffed
    zone: ZoneInfo

    @property
    def always(self) -> bool:
        return not self.windows

    def is_staffed(self, at: datetime) -> bool:
        if self.always:
            return True
        local = at.astimezone(self.zone)
        return any(w.weekday == local.weekday() and w.start <= local.time() < w.end for w in self.windows)

    def next_opening(self, at: datetime) -> datetime:
        """When people are next at the desk: `at` itself while staffed, else the next window's start."""
        if self.is_staffed(at):
            return at
        local = at.astimezone(self.zone)
        for days_ahead in range(8):
            day = (local + timedelta(days=days_ahead)).date()
            starts = sorted(w.start for w in self.windows if w.weekday == day.weekday())
            for start in starts:
                opening = datetime.combine(day, start, tzinfo=self.zone)
                if opening > local:
                    return opening.astimezone(UTC)
        raise AssertionError("a week always contains a window")  # pragma: no cover - parse refuses none


def parse_staffed_hours(text: str, timezone: str) -> StaffedHours:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise StaffedHoursError(f'"{timezone}" is not an IANA time zone; write e.g. "Europe/Berlin" or "UTC"') from None
    spec = " ".join(text.strip().lower().split())
    if spec == "always":
        return StaffedHours(windows=(), zone=zone)
    if not spec:
        raise StaffedHoursError(f"staffed hours are empty; write {EXAMPLE}")
    windows: list[Window] = []
    for part in (p.strip() for p in spec.split(";")):
        if not part:
            continue
        windows.extend(_window(part))
    return StaffedHours(windows=tuple(windows), zone=zone)


def _window(part: str) -> list[Window]:
    match = _WINDOW.match(part)
    if not match:
        raise StaffedHoursError(f'cannot read "{part}"; write days then a time range, e.g. {EXAMPLE}')
    start, end = _time(match["start"], part), _time(match["end"], part)
    if start >= end:
        raise StaffedHoursError(f'in "{part}" the end {match["end"]} is not after the start {match["start"]}')
    return [Window(day, start, end) for day in _days(match["days"], part)]


def _time(raw: str, part: str) -> time:
    hours, minutes = int(raw[:2]), int(raw[3:])
    if raw == "24:00":
        return time(23, 59, 59, 999999)
    if hours > 23 or minutes > 59:
        raise StaffedHoursError(f'"{raw}" in "{part}" is not a time of day; use 00:00 to 24:00')
    return time(hours, minutes)


def _days(raw: str, part: str) -> list[int]:
    days: list[int] = []
    for item in raw.split(","):
        ends = item.split("-")
        if len(ends) > 2 or any(end not in DAYS for end in ends):
            raise StaffedHoursError(
                f'"{item}" in "{part}" is not a day or range of days; use {", ".join(DAYS)}, e.g. mon-fri'
            )
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        if last < first:
            raise StaffedHoursError(f'"{item}" in "{part}" runs backwards; write e.g. mon-fri or sat-sun')
        days.extend(range(first, last + 1))
    return days
