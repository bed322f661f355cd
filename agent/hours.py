"""Business hours: whether a human can take a live handoff now, and when they next can.

The agent's after-hours behaviour, the widget's off-hours banner and the evals all ask this module,
so they can never disagree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from agent.profile import WEEKDAYS, BusinessHours


def _local(hours: BusinessHours, now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("business-hours checks need an aware datetime (with a UTC offset)")
    return now.astimezone(ZoneInfo(hours.timezone))


def _open_day(hours: BusinessHours, day: date) -> bool:
    return WEEKDAYS[day.weekday()] in hours.days and day.isoformat() not in hours.holidays


def is_open(hours: BusinessHours, now: datetime) -> bool:
    local = _local(hours, now)
    return _open_day(hours, local.date()) and hours.start <= local.time() < hours.end


def next_open(hours: BusinessHours, now: datetime) -> datetime:
    """The next moment humans are online (`now` itself if open), as an aware UTC datetime."""
    if is_open(hours, now):
        return now.astimezone(UTC)
    local = _local(hours, now)
    tz = ZoneInfo(hours.timezone)
    day = local.date()
    for _ in range(370):
        if _open_day(hours, day):
            start = datetime.combine(day, hours.start, tzinfo=tz)
            if start > local:
                return start.astimezone(UTC)
        day += timedelta(days=1)
    raise ValueError("business_hours has no open day in the coming year")


# Bounds the day-by-day scan; a profile whose open days are all holidays for a year is broken.
MAX_DAYS_SCANNED = 400


def add_business_hours(hours: BusinessHours, start: datetime, amount: float) -> datetime:
    """`start` plus `amount` hours counted only while the business is open (for reply-by SLAs),
    returned in UTC. Nights, closed days and holidays do not count: a follow-up promised at 11pm
    on a Friday is due on Monday morning plus the promised hours."""
    if start.tzinfo is None:
        raise ValueError("business-hours arithmetic needs an aware datetime (with a UTC offset)")
    tz = ZoneInfo(hours.timezone)
    cursor = start.astimezone(UTC)
    remaining = timedelta(hours=amount)
    day = cursor.astimezone(tz).date()
    for _ in range(MAX_DAYS_SCANNED):
        if _open_day(hours, day):
            # Converting each bound to UTC before any arithmetic keeps DST changes right.
            opens = datetime.combine(day, hours.start, tzinfo=tz).astimezone(UTC)
            closes = datetime.combine(day, hours.end, tzinfo=tz).astimezone(UTC)
            begin = max(opens, cursor)
            if begin < closes:
                if begin + remaining <= closes:
                    return begin + remaining
                remaining -= closes - begin
        day += timedelta(days=1)
    raise ValueError(f"business_hours has no open time within {MAX_DAYS_SCANNED} days")
