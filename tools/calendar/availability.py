"""Free meeting slots on a rep's calendar.

The grid: a meeting of `duration_min` starts every `duration_min` rounded up to 30 minutes, counted
from midnight in the rep's own time zone (a 20-min meeting starts on :00 and :30, a 45-min one on
the hour). Anchoring at midnight, not at the start of working hours, keeps the grid the same when
a rep's hours change. Because the step is never shorter than the meeting, two different grid
starts on one rep's working day can never overlap, which is what lets the database prevent double
booking with a plain unique (rep, start) index (see `tools.calendar.models`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agent.profile import WEEKDAYS, CompanyProfile, Rep
from tools.calendar.slot import Slot, require_aware

GRID_MINUTES = 30
# A year of calendar days bounds every day scan, even for a profile whose working days are all
# holidays.
_MAX_SCAN_DAYS = 366

Interval = tuple[datetime, datetime]


def grid_step_minutes(duration_min: int) -> int:
    """The spacing of slot starts: the meeting duration rounded up to a multiple of 30 minutes."""
    return -(-duration_min // GRID_MINUTES) * GRID_MINUTES


def is_working_day(profile: CompanyProfile, day: date) -> bool:
    """True if reps take meetings on `day`: one of `meeting.rep_days` and not a company holiday."""
    # Holidays are the company's (`business_hours.holidays`): nobody takes meetings on them either.
    return (
        WEEKDAYS[day.weekday()] in profile.meeting.rep_days
        and day.isoformat() not in profile.business_hours.holidays
    )


def horizon_days(profile: CompanyProfile, today: date) -> list[date]:
    """Today (if a working day) plus the next `horizon_business_days` working days, in order.

    Today's remaining hours do not use up one of the business days: a visitor at 4pm on a Tuesday
    with a 5-day horizon still sees the whole of next Tuesday.
    """
    days = [today] if is_working_day(profile, today) else []
    wanted = profile.meeting.horizon_business_days
    counted = 0
    day = today
    for _ in range(_MAX_SCAN_DAYS):
        if counted == wanted:
            break
        day += timedelta(days=1)
        if is_working_day(profile, day):
            days.append(day)
            counted += 1
    return days


def day_slots(profile: CompanyProfile, rep: Rep, day: date) -> list[Slot]:
    """Every grid slot inside the rep's working hours on `day` (a date in the rep's zone).

    Bookings and lead time are ignored; a day off gives no slots. A meeting must end by the end of
    the working hours, so with 09:00-17:00 the last 20-min meeting starts at 16:30.
    """
    if not is_working_day(profile, day):
        return []
    meeting = profile.meeting
    tz = ZoneInfo(rep.timezone)
    step = grid_step_minutes(meeting.duration_min)
    open_min = meeting.rep_hours.start.hour * 60 + meeting.rep_hours.start.minute
    close_min = meeting.rep_hours.end.hour * 60 + meeting.rep_hours.end.minute
    first = -(-open_min // step) * step
    duration = timedelta(minutes=meeting.duration_min)
    slots = []
    for minute in range(first, close_min - meeting.duration_min + 1, step):
        wall = datetime.combine(day, time(minute // 60, minute % 60))
        local = wall.replace(tzinfo=tz)
        start = local.astimezone(UTC)
        # A wall time skipped by a daylight-saving jump does not exist; it would silently map to
        # another hour, so it is not offered.
        if start.astimezone(tz).replace(tzinfo=None) != wall:
            continue
        slots.append(Slot(rep.id, start, start + duration))
    return slots


def free_slots(profile: CompanyProfile, rep: Rep, now: datetime, busy: Iterable[Interval] = ()) -> list[Slot]:
    """The rep's bookable slots, soonest first.

    A slot is free if it lies on the rep's grid within working hours on a working day inside the
    horizon, starts at least `min_lead_time_hours` after `now`, and overlaps none of the `busy`
    intervals (each a half-open [start, end) pair of aware datetimes, e.g. existing bookings).
    """
    require_aware(now)
    taken = list(busy)
    earliest = now + timedelta(hours=profile.meeting.min_lead_time_hours)
    today = now.astimezone(ZoneInfo(rep.timezone)).date()
    return [
        slot
        for day in horizon_days(profile, today)
        for slot in day_slots(profile, rep, day)
        if slot.start_utc >= earliest and not any(slot.overlaps(start, end) for start, end in taken)
    ]
