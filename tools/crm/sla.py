"""When a promised reply is due, counted in business hours, and how it reads for the visitor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent.profile import WEEKDAYS, BusinessHours

# Bounds the day-by-day scan; a profile whose open days are all holidays for a year is broken.
MAX_DAYS_SCANNED: Final = 400


def add_business_hours(start: datetime, hours: float, business_hours: BusinessHours) -> datetime:
    """The moment `hours` of business time have passed after `start` (aware, returned in UTC).

    Time outside the business days and hours (and on holidays) does not count, so a follow-up
    promised at 11pm on a Friday is due on Monday morning plus the promised hours.
    """
    tz = ZoneInfo(business_hours.timezone)
    cursor = start.astimezone(UTC)
    remaining = timedelta(hours=hours)
    day = cursor.astimezone(tz).date()
    for _ in range(MAX_DAYS_SCANNED):
        if WEEKDAYS[day.weekday()] in business_hours.days and day.isoformat() not in business_hours.holidays:
            # Converting each bound to UTC before any arithmetic keeps DST changes right.
            opens = datetime.combine(day, business_hours.start, tz).astimezone(UTC)
            closes = datetime.combine(day, business_hours.end, tz).astimezone(UTC)
            begin = max(opens, cursor)
            if begin < closes:
                if begin + remaining <= closes:
                    return begin + remaining
                remaining -= closes - begin
        day += timedelta(days=1)
    raise ValueError(f"business hours have no open time within {MAX_DAYS_SCANNED} days")


def zone_or(timezone: str | None, fallback: str) -> ZoneInfo:
    """The visitor's zone, or `fallback` when the browser sent none or a name we do not know."""
    if timezone:
        try:
            return ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo(fallback)


def local_text(at: datetime, zone: ZoneInfo) -> str:
    """`at` as a person in `zone` reads it, e.g. "Mon 13 Jan 14:00 EST"."""
    local = at.astimezone(zone)
    return f"{local:%a %d %b %H:%M} {local.tzname()}"
