"""How slots read to a visitor: "Wed 11:00am, Wed 2:30pm or Thu 10:00am ET".

One rule decides the clock: zones of countries that write the 12-hour clock (the US, Canada,
Australia, New Zealand, India, the Philippines; see `tools.calendar.zones`) get "2:30pm", every
other zone gets "14:30". Day and month names are English abbreviations whatever the zone, because
the agent replies in English; they come from fixed tables, not `strftime`, so the process locale
cannot change them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tools.calendar.slot import Slot, require_aware
from tools.calendar.zones import uses_12h_clock, zone_label

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Within six days a weekday name is unambiguous; further out it needs the date.
_WEEKDAY_ONLY_DAYS = 6


def format_slot(slot: Slot, visitor_tz: ZoneInfo, now: datetime) -> str:
    """One slot with its zone: "today 3:00pm ET", "Thu 14:30 BST"."""
    return format_slots([slot], visitor_tz, now)


def format_slots(slots: Sequence[Slot], visitor_tz: ZoneInfo, now: datetime) -> str:
    """A list of slots as one phrase: "Wed 11:00am, Wed 2:30pm or Thu 10:00am ET".

    Days read "today"/"tomorrow" relative to `now` in the visitor's zone, then a weekday, then a
    date beyond six days. The zone is named once at the end, or after each slot when the list
    crosses a daylight-saving change and the names differ (GMT vs BST).
    """
    if not slots:
        raise ValueError("format_slots needs at least one slot")
    require_aware(now)
    labels = [zone_label(visitor_tz, s.start_utc) for s in slots]
    one_label = len(set(labels)) == 1
    parts = [
        _day_and_time(s, visitor_tz, now) + ("" if one_label else f" {label}")
        for s, label in zip(slots, labels, strict=True)
    ]
    phrase = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]
    return f"{phrase} {labels[0]}" if one_label else phrase


def format_confirmation(slot: Slot, visitor_tz: ZoneInfo, *, also_in: ZoneInfo | None = None) -> str:
    """The booked slot with its date and range: "Wed Nov 18, 2:30-2:50pm ET".

    With `also_in` (say the rep's zone) and a different zone name there, the same start is added
    in that zone, with its weekday when the date differs there: "Thu Mar 5, 08:00-08:20 SGT
    (Wed 4:00pm PT)".
    """
    start = slot.start_utc.astimezone(visitor_tz)
    end = slot.end_utc.astimezone(visitor_tz)
    label = zone_label(visitor_tz, slot.start_utc)
    text = f"{_long_date(start.date())}, {_time_range(start, end, uses_12h_clock(visitor_tz))} {label}"
    if also_in is not None:
        other_label = zone_label(also_in, slot.start_utc)
        if other_label != label:
            other = slot.start_utc.astimezone(also_in)
            day = f"{_DAY_NAMES[other.weekday()]} " if other.date() != start.date() else ""
            text += f" ({day}{_clock(other, uses_12h_clock(also_in))} {other_label})"
    return text


def _day_and_time(slot: Slot, tz: ZoneInfo, now: datetime) -> str:
    start = slot.start_utc.astimezone(tz)
    return f"{_relative_day(start.date(), now.astimezone(tz).date())} {_clock(start, uses_12h_clock(tz))}"


def _relative_day(day: date, today: date) -> str:
    ahead = (day - today).days
    if ahead == 0:
        return "today"
    if ahead == 1:
        return "tomorrow"
    if 1 < ahead <= _WEEKDAY_ONLY_DAYS:
        return _DAY_NAMES[day.weekday()]
    return _long_date(day)


def _long_date(day: date) -> str:
    return f"{_DAY_NAMES[day.weekday()]} {_MONTH_NAMES[day.month - 1]} {day.day}"


def _clock(local: datetime, twelve_hour: bool) -> str:
    if not twelve_hour:
        return f"{local.hour:02d}:{local.minute:02d}"
    return f"{local.hour % 12 or 12}:{local.minute:02d}{_meridiem(local)}"


def _meridiem(local: datetime) -> str:
    return "am" if local.hour < 12 else "pm"


def _time_range(start: datetime, end: datetime, twelve_hour: bool) -> str:
    """ "2:30-2:50pm" (one am/pm when both ends share it), "11:50am-12:10pm", "14:30-14:50"."""
    if not twelve_hour:
        return f"{_clock(start, False)}-{_clock(end, False)}"
    if _meridiem(start) == _meridiem(end):
        return f"{start.hour % 12 or 12}:{start.minute:02d}-{_clock(end, True)}"
    return f"{_clock(start, True)}-{_clock(end, True)}"
