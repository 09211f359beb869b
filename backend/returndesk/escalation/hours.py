"""The next opening of the desk as a customer reads it, in their language (words.py).

Parsing and the clock arithmetic of staffed hours are `kit/hours.py`: the settings check them at
start-up, below every domain.
"""

from __future__ import annotations

from datetime import datetime

from ..kit.hours import StaffedHours
from .words import say


def describe_opening(hours: StaffedHours, at: datetime, locale: str | None = None) -> str:
    """'today at 08:00', 'tomorrow at 08:00' or 'Monday at 08:00' (desk time), as a customer
    reads it in their language (words.py)."""
    opening = hours.next_opening(at).astimezone(hours.zone)
    local = at.astimezone(hours.zone)
    days = (opening.date() - local.date()).days
    values = {"time": f"{opening:%H:%M}", "zone": hours.zone.key}
    if days == 0:
        return say(locale, "opening.today", **values)
    if days == 1:
        return say(locale, "opening.tomorrow", **values)
    return say(locale, "opening.weekday", weekday=say(locale, f"weekday.{opening.weekday()}"), **values)
