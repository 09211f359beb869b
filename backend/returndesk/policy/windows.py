"""Return windows: how long a line stays returnable, and which window rule applies.

A window is counted from the delivery day (or the order day, per policy). With
`count_from: delivery` an order not yet delivered has no window yet: the period the law gives
(e.g. 14 days from receipt, Directive 2011/83/EU art. 9) has not started, so nothing can have
run out. Days are the shop's calendar days (`policy.timezone`); the service turns timestamps
into them.
`window_end` is the last day IN: delivered on the 1st with 30 days, a return on the 31st is
accepted and one on the 32nd refused. Calendar months land on the same day of the month,
clamped to the month's end (31 Aug + 6 months = 28/29 Feb), as consumers and courts count them.
A policy may opt in to Regulation (EEC, Euratom) 1182/71 art. 3(4): a period whose last day is
a Saturday, a Sunday or a listed public holiday ends at the end of the next working day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .facts import Purchase


@dataclass(frozen=True)
class Period:
    """Exactly one of: a number of days, a number of calendar months, or unlimited."""

    days: int | None = None
    months: int | None = None

    @property
    def unlimited(self) -> bool:
        return self.days is None and self.months is None

    def end(self, start: date) -> date | None:
        """Last day inside the window that starts on `start`; None when unlimited."""
        if self.days is not None:
            return start + timedelta(days=self.days)
        if self.months is not None:
            return add_months(start, self.months)
        return None

    def sort_key(self, start: date) -> date:
        """Longer windows sort later; unlimited is the longest of all."""
        end = self.end(start)
        return date.max if end is None else end

    def as_dict(self) -> dict[str, int | str]:
        if self.days is not None:
            return {"days": self.days}
        if self.months is not None:
            return {"months": self.months}
        return {"days": "unlimited"}


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def window_start(purchase: Purchase, count_from: str) -> date | None:
    """The day the window counts from; None while a `count_from: delivery` order is on its way."""
    if count_from == "delivery":
        return purchase.delivered_on
    return purchase.placed_on


def next_working_day(day: date, holidays: frozenset[date]) -> date:
    """`day`, or the first day after it that is neither a Saturday, a Sunday nor a holiday."""
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


def within(today: date, window_end: date | None) -> bool:
    return window_end is None or today <= window_end
