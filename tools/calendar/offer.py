"""Which few free slots to offer a visitor: the soonest, spread out the way a person would."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agent.profile import CompanyProfile, Rep
from tools.calendar.availability import Interval, free_slots
from tools.calendar.slot import Slot

# Times a visitor can reasonably take a call, in their own zone.
WAKING_START = time(8)
WAKING_END = time(20)
# Two offers on the same day are at least this far apart, and a day gets at most two offers, so the
# choice reads as "now-ish, later today, another day" rather than three adjacent half-hours.
SAME_DAY_GAP = timedelta(hours=3)
MAX_PER_DAY = 2


def offer_slots(
    profile: CompanyProfile,
    rep: Rep,
    now: datetime,
    visitor_tz: ZoneInfo,
    *,
    busy: Iterable[Interval] = (),
    n: int | None = None,
) -> list[Slot]:
    """Up to `n` (default `meeting.slots_offered`) of the rep's free slots to show a visitor.

    See `spread` for how they are chosen.
    """
    count = profile.meeting.slots_offered if n is None else n
    return spread(free_slots(profile, rep, now, busy), visitor_tz, count)


def spread(free: Sequence[Slot], visitor_tz: ZoneInfo, n: int) -> list[Slot]:
    """Pick `n` slots from `free`, soonest first but spread out, returned in time order.

    Preference, relaxed step by step only when too few slots remain:
    1. inside the visitor's waking hours (08:00-20:00 their time), at most two a day and three
       hours apart on the same day;
    2. inside waking hours, soonest, whatever the spacing;
    3. any free slot, soonest (a visitor on the other side of the world still gets an offer).
    """
    ordered = sorted(free, key=lambda s: s.start_utc)
    awake = [s for s in ordered if _in_waking_hours(s, visitor_tz)]
    chosen: list[Slot] = []
    for slot in awake:
        if len(chosen) < n and _well_spaced(slot, chosen, visitor_tz):
            chosen.append(slot)
    for pool in (awake, ordered):
        for slot in pool:
            if len(chosen) < n and slot not in chosen:
                chosen.append(slot)
    return sorted(chosen, key=lambda s: s.start_utc)


def _local_day(slot: Slot, tz: ZoneInfo) -> date:
    return slot.start_utc.astimezone(tz).date()


def _in_waking_hours(slot: Slot, tz: ZoneInfo) -> bool:
    start = slot.start_utc.astimezone(tz)
    end = slot.end_utc.astimezone(tz)
    return start.time() >= WAKING_START and end.date() == start.date() and end.time() <= WAKING_END


def _well_spaced(slot: Slot, chosen: Sequence[Slot], tz: ZoneInfo) -> bool:
    same_day = [c for c in chosen if _local_day(c, tz) == _local_day(slot, tz)]
    return len(same_day) < MAX_PER_DAY and all(
        abs(slot.start_utc - c.start_utc) >= SAME_DAY_GAP for c in same_day
    )
