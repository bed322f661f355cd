"""The calendar tool: a rep's free slots, offers a person would make, free-text picks, bookings.

Typical turn: `CalendarService.offer` -> `format_slots` for the reply; the visitor answers ->
`parse_pick` against the offer and `CalendarService.available` -> `CalendarService.book` ->
`format_confirmation`, and `booking_ics` for the invite.
"""

from tools.calendar.availability import day_slots, free_slots, grid_step_minutes, horizon_days
from tools.calendar.booking import BookingNotFound, CalendarService, InvalidSlot, SlotTaken, SlotUnavailable
from tools.calendar.format import format_confirmation, format_slot, format_slots
from tools.calendar.ics import booking_ics
from tools.calendar.models import Booking, BookingStatus
from tools.calendar.offer import offer_slots, spread
from tools.calendar.picks import Ambiguous, Chosen, NoTime, PickResult, Unavailable, parse_pick
from tools.calendar.slot import Slot
from tools.calendar.zones import uses_12h_clock, zone_label

__all__ = [
    "Ambiguous",
    "Booking",
    "BookingNotFound",
    "BookingStatus",
    "CalendarService",
    "Chosen",
    "InvalidSlot",
    "NoTime",
    "PickResult",
    "Slot",
    "SlotTaken",
    "SlotUnavailable",
    "Unavailable",
    "booking_ics",
    "day_slots",
    "format_confirmation",
    "format_slot",
    "format_slots",
    "free_slots",
    "grid_step_minutes",
    "horizon_days",
    "offer_slots",
    "parse_pick",
    "spread",
    "uses_12h_clock",
    "zone_label",
]
