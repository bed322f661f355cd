"""Read a visitor's free-text pick of a meeting time against what was offered and what is free.

How a message is read, in this order:
- Clock times ("wed 2:30", "10 today", "11h", "7:30 pm ist"). Each time takes the nearest day word;
  a zone named right after it ("central", "sg time", "pt") overrides the visitor's zone.
- A time without am/pm: 1-7 is afternoon (nobody books a 3am sales call), 8-11 morning, 12 noon,
  13-23 as written, and a leading zero ("08:00") as written; "morning"/"afternoon" next to the
  time decide instead.
- A weekday is its next occurrence, today included while the time (or part of the day) is still
  ahead; "next monday" never means today.
- A bare number ("10") is a time only where the context makes it one: next to a day word, after
  "at", before "works"/"is good", or alone in the message. "we're 40 people, 6 of us" has no time.
- Without times, a day and/or a part of the day ("thursday morning", "tonight") is a window.
- Without any of those, an ordinal ("the second one", "option 2", "la dernière") picks from the
  offered list, in the order it was shown.

Matching: an offered slot that fits wins; else any available slot that fits exactly; else the pick
is unavailable and the nearest available slots are suggested. An offered slot counts only while
it is still in `available`: someone else may have booked it since it was offered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tools.calendar.offer import spread
from tools.calendar.pick_reading import DayWord, PickRequest, read_pick
from tools.calendar.pick_words import Part
from tools.calendar.slot import Slot, require_aware

# How many alternatives or candidates to suggest, like an offer.
SUGGESTIONS = 3
# Minutes of the day [start, end) that each part of the day covers, in the zone of the request.
PART_MINUTES: dict[Part, tuple[int, int]] = {
    "morning": (0, 12 * 60),
    "afternoon": (12 * 60, 17 * 60),
    "evening": (17 * 60, 24 * 60),
}


@dataclass(frozen=True)
class Chosen:
    """The visitor picked this slot, and it is free."""

    slot: Slot


@dataclass(frozen=True)
class Ambiguous:
    """The words fit several slots (or one the visitor has not seen yet): ask which."""

    candidates: tuple[Slot, ...]


@dataclass(frozen=True)
class NoTime:
    """The message names no time, day or option."""


@dataclass(frozen=True)
class Unavailable:
    """The visitor asked for a time that is not free; `requested` is None for a day or part of day."""

    requested: datetime | None
    alternatives: tuple[Slot, ...]


PickResult = Chosen | Ambiguous | NoTime | Unavailable


def parse_pick(
    text: str, offered: Sequence[Slot], now: datetime, visitor_tz: ZoneInfo, available: Sequence[Slot]
) -> PickResult:
    """Match a visitor's message against the `offered` slots and the rep's `available` slots."""
    require_aware(now)
    ctx = _Context(tuple(offered), tuple(available), frozenset(available), now)
    reading = read_pick(text, visitor_tz)
    if reading.requests:
        return _combine([_resolve(request, ctx) for request in reading.requests])
    if reading.ordinal is not None and offered:
        return _by_ordinal(reading.ordinal, ctx)
    return NoTime()


@dataclass(frozen=True)
class _Context:
    offered: tuple[Slot, ...]
    available: tuple[Slot, ...]
    free: frozenset[Slot]
    now: datetime


def _resolve(request: PickRequest, ctx: _Context) -> PickResult:
    if request.clock is None:
        return _resolve_window(request, ctx)
    tz = request.zone
    hour, minute = request.clock
    if request.day is not None:
        day = _date_for(request.day, tz, ctx.now, lambda d: _at(d, hour, minute, tz))
        return _at_instant(_at(day, hour, minute, tz), ctx)
    same_time = [s for s in ctx.offered if _local_clock(s, tz) == (hour, minute)]
    if same_time:
        return _among_offered(same_time, ctx)
    # No day: the next time the clock shows this time. If that one is not free, the visitor's
    # words still fit the same time on later days.
    today = ctx.now.astimezone(tz).date()
    instant = _at(today, hour, minute, tz)
    if instant <= ctx.now:
        instant = _at(today + timedelta(days=1), hour, minute, tz)
    result = _at_instant(instant, ctx)
    later = [s for s in ctx.available if _local_clock(s, tz) == (hour, minute)]
    if isinstance(result, Unavailable) and later:
        return Ambiguous(tuple(later[:SUGGESTIONS]))
    return result


def _resolve_window(request: PickRequest, ctx: _Context) -> PickResult:
    tz, part = request.zone, request.part
    lo, hi = PART_MINUTES[part] if part else (0, 24 * 60)

    def in_part(slot: Slot) -> bool:
        local = slot.start_utc.astimezone(tz)
        return lo <= local.hour * 60 + local.minute < hi

    if request.day is not None:
        day = _date_for(request.day, tz, ctx.now, lambda d: _at(d, 0, 0, tz) + timedelta(minutes=hi))
        target = _at(day, 0, 0, tz) + timedelta(minutes=lo)

        def fits(slot: Slot) -> bool:
            return slot.start_utc.astimezone(tz).date() == day and in_part(slot)

    else:
        target = ctx.now
        fits = in_part
    offered = [s for s in ctx.offered if fits(s) and s in ctx.free]
    if len(offered) == 1:
        return Chosen(offered[0])
    if offered:
        return Ambiguous(tuple(offered))
    matching = [s for s in ctx.available if fits(s)]
    if request.day is None and matching:
        first_day = min(s.start_utc.astimezone(tz).date() for s in matching)
        matching = [s for s in matching if s.start_utc.astimezone(tz).date() == first_day]
    if matching:
        return Ambiguous(tuple(spread(matching, tz, SUGGESTIONS)))
    return Unavailable(None, _nearest_free(max(target, ctx.now), ctx))


def _date_for(day: DayWord, tz: ZoneInfo, now: datetime, ends_at: Callable[[date], datetime]) -> date:
    """The date a day word means; a weekday naming today means today only while `ends_at` is ahead."""
    today = now.astimezone(tz).date()
    if day.offset is not None:
        return today + timedelta(days=day.offset)
    if day.weekday is None:
        raise ValueError("a day mention has either a weekday or an offset")
    ahead = (day.weekday - today.weekday()) % 7
    if ahead == 0 and (day.after_today or ends_at(today) <= now):
        ahead = 7
    return today + timedelta(days=ahead)


def _at(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def _local_clock(slot: Slot, tz: ZoneInfo) -> tuple[int, int]:
    local = slot.start_utc.astimezone(tz)
    return local.hour, local.minute


def _among_offered(slots: Sequence[Slot], ctx: _Context) -> PickResult:
    live = [s for s in slots if s in ctx.free]
    if len(live) == 1:
        return Chosen(live[0])
    if live:
        return Ambiguous(tuple(live))
    return Unavailable(slots[0].start_utc, _nearest_free(slots[0].start_utc, ctx))


def _at_instant(instant: datetime, ctx: _Context) -> PickResult:
    for slot in (*ctx.offered, *ctx.available):
        if slot.start_utc == instant and slot in ctx.free:
            return Chosen(slot)
    return Unavailable(instant.astimezone(UTC), _nearest_free(instant, ctx))


def _nearest_free(target: datetime, ctx: _Context) -> tuple[Slot, ...]:
    nearest = sorted(ctx.available, key=lambda s: (abs(s.start_utc - target), s.start_utc))[:SUGGESTIONS]
    return tuple(sorted(nearest, key=lambda s: s.start_utc))


def _by_ordinal(index: int, ctx: _Context) -> PickResult:
    if index >= len(ctx.offered):
        return Ambiguous(ctx.offered)
    slot = ctx.offered[index]
    if slot in ctx.free:
        return Chosen(slot)
    return Unavailable(slot.start_utc, _nearest_free(slot.start_utc, ctx))


def _combine(results: Sequence[PickResult]) -> PickResult:
    """One answer for a message with several requests ("wed 2:30 or thu 10")."""
    chosen = list(dict.fromkeys(r.slot for r in results if isinstance(r, Chosen)))
    if len(chosen) == 1:
        return Chosen(chosen[0])
    if chosen:
        return Ambiguous(tuple(chosen))
    candidates = list(dict.fromkeys(s for r in results if isinstance(r, Ambiguous) for s in r.candidates))
    if candidates:
        return Ambiguous(tuple(candidates))
    unavailable = [r for r in results if isinstance(r, Unavailable)]
    return unavailable[0] if unavailable else NoTime()
