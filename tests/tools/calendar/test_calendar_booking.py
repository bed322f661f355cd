"""Booking: idempotent per conversation, no double booking, even under real concurrency.

Every test runs on a SQLite file and, when it is running, on PostgreSQL (`sessions` fixture).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from agent.profile import CompanyProfile, Rep
from tools.calendar import booking as booking_module
from tools.calendar.booking import BookingNotFound, CalendarService, InvalidSlot, SlotTaken, SlotUnavailable
from tools.calendar.models import Booking
from tools.calendar.slot import Slot

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 17, 10, 42, tzinfo=NY)
THREADS = 6


def maya(profile: CompanyProfile) -> Rep:
    rep = profile.rep("maya")
    assert rep is not None
    return rep


def slot_at(iso_local: str, rep_id: str = "maya", minutes: int = 20) -> Slot:
    start = datetime.fromisoformat(iso_local).replace(tzinfo=NY)
    return Slot(rep_id, start, start + timedelta(minutes=minutes))


WED_1430 = slot_at("2026-11-18T14:30")
WED_1500 = slot_at("2026-11-18T15:00")
WEEK = (NOW, NOW + timedelta(days=8))


@pytest.fixture
def service(sessions: sessionmaker[Session], profile: CompanyProfile) -> CalendarService:
    return CalendarService(sessions, profile)


def test_book_stores_the_booking(service: CalendarService, profile: CompanyProfile) -> None:
    booking = service.book(WED_1430, "conv-1", "sam.okoro@tallypay.co", NY, NOW)
    assert booking.id is not None
    assert booking.slot == WED_1430
    assert booking.start_utc.tzinfo is not None
    assert (booking.conversation_id, booking.contact_email, booking.visitor_timezone) == (
        "conv-1",
        "sam.okoro@tallypay.co",
        "America/New_York",
    )
    assert (booking.title, booking.status, booking.created_at) == (profile.meeting.title, "booked", NOW)
    [stored] = service.bookings_for("maya", *WEEK)
    assert (stored.id, stored.slot) == (booking.id, WED_1430)


def test_a_booked_slot_is_no_longer_available_or_offered(
    service: CalendarService, profile: CompanyProfile
) -> None:
    first = service.offer(maya(profile), NOW, NY)[0]
    service.book(first, "conv-1", None, NY, NOW)
    assert first not in service.available(maya(profile), NOW)
    assert first not in service.offer(maya(profile), NOW, NY)


def test_booking_the_same_conversation_again_returns_the_first_booking(service: CalendarService) -> None:
    first = service.book(WED_1430, "conv-1", None, NY, NOW)
    again = service.book(WED_1500, "conv-1", "late@example.com", NY, NOW)
    assert again.id == first.id
    assert again.slot == WED_1430
    assert len(service.bookings_for("maya", *WEEK)) == 1


def test_a_slot_booked_by_another_conversation_is_taken(service: CalendarService) -> None:
    service.book(WED_1430, "conv-1", None, NY, NOW)
    with pytest.raises(SlotTaken):
        service.book(WED_1430, "conv-2", None, NY, NOW)


def test_a_slot_that_has_started_cannot_be_booked(service: CalendarService) -> None:
    later = datetime(2026, 11, 18, 14, 35, tzinfo=NY)
    with pytest.raises(SlotUnavailable) as caught:
        service.book(WED_1430, "conv-1", None, NY, later)
    assert not isinstance(caught.value, SlotTaken)


def test_lead_time_applies_to_offers_not_to_booking(service: CalendarService) -> None:
    # Offered with two hours' notice, picked a while later: still bookable until it starts.
    soon = datetime(2026, 11, 18, 14, 0, tzinfo=NY)
    assert service.book(WED_1430, "conv-1", None, NY, soon).slot == WED_1430


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (slot_at("2026-11-18T14:40"), "off the grid: it would overlap 14:30 and 15:00"),
        (slot_at("2026-11-18T14:30", minutes=30), "not the meeting's duration"),
        (slot_at("2026-11-18T17:00"), "after working hours"),
        (slot_at("2026-11-21T10:00"), "a Saturday"),
        (slot_at("2026-11-18T14:30", rep_id="nobody"), "unknown rep"),
    ],
)
def test_slots_off_the_reps_calendar_are_refused(service: CalendarService, bad: Slot, why: str) -> None:
    with pytest.raises(InvalidSlot):
        service.book(bad, "conv-1", None, NY, NOW)
    assert service.bookings_for(bad.rep_id, *WEEK) == [], why


def test_an_invalid_email_is_refused_and_nothing_is_stored(service: CalendarService) -> None:
    with pytest.raises(ValueError, match="not an email"):
        service.book(WED_1430, "conv-1", "sam at tallypay", NY, NOW)
    assert service.bookings_for("maya", *WEEK) == []


def test_the_email_can_be_added_after_booking(service: CalendarService) -> None:
    booking = service.book(WED_1430, "conv-1", None, NY, NOW)
    updated = service.set_email(booking.id, " sam.okoro@tallypay.co ")
    assert updated.contact_email == "sam.okoro@tallypay.co"
    active = service.active_booking("conv-1")
    assert active is not None
    assert active.contact_email == "sam.okoro@tallypay.co"


def test_cancelling_frees_the_slot_and_the_conversation(service: CalendarService) -> None:
    booking = service.book(WED_1430, "conv-1", None, NY, NOW)
    cancelled = service.cancel(booking.id, NOW)
    assert (cancelled.status, cancelled.cancelled_at) == ("cancelled", NOW)
    assert service.bookings_for("maya", *WEEK) == []
    assert service.active_booking("conv-1") is None
    other = service.book(WED_1430, "conv-2", None, NY, NOW)
    rebooked = service.book(WED_1500, "conv-1", None, NY, NOW)
    assert other.id != booking.id
    assert rebooked.id not in (booking.id, other.id)


def test_cancelling_twice_keeps_the_first_cancellation(service: CalendarService) -> None:
    booking = service.book(WED_1430, "conv-1", None, NY, NOW)
    service.cancel(booking.id, NOW)
    again = service.cancel(booking.id, NOW + timedelta(hours=1))
    assert (again.status, again.cancelled_at) == ("cancelled", NOW)


def test_unknown_bookings_are_reported(service: CalendarService) -> None:
    with pytest.raises(BookingNotFound):
        service.cancel(999, NOW)
    with pytest.raises(BookingNotFound):
        service.set_email(999, "a@b.co")


def test_bookings_for_returns_overlapping_active_bookings_in_order(service: CalendarService) -> None:
    service.book(WED_1500, "conv-2", None, NY, NOW)
    service.book(WED_1430, "conv-1", None, NY, NOW)
    service.book(slot_at("2026-11-18T16:00"), "conv-3", None, NY, NOW)
    window = (datetime(2026, 11, 18, 14, 40, tzinfo=NY), datetime(2026, 11, 18, 15, 10, tzinfo=NY))
    assert [b.conversation_id for b in service.bookings_for("maya", *window)] == ["conv-1", "conv-2"]
    assert service.bookings_for("priya", *WEEK) == []


def _race(
    service: CalendarService, monkeypatch: pytest.MonkeyPatch, attempts: list[tuple[Slot, str]]
) -> list[Booking | SlotTaken]:
    """Book concurrently, each attempt on its own thread and session.

    Every thread passes the service's own "is it free?" check before any of them inserts, so
    only the database's unique indexes can stop a double booking.
    """
    barrier = threading.Barrier(len(attempts), timeout=60)
    real_check = booking_module._conflicts

    def check_then_wait(session: Session, slot: Slot) -> bool:
        found = real_check(session, slot)
        barrier.wait()
        return found

    monkeypatch.setattr(booking_module, "_conflicts", check_then_wait)

    def attempt(args: tuple[Slot, str]) -> Booking | SlotTaken:
        slot, conversation = args
        try:
            return service.book(slot, conversation, None, NY, NOW)
        except SlotTaken as exc:
            return exc

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(attempt, attempts))


def test_concurrent_bookings_of_one_slot_give_it_to_exactly_one(
    service: CalendarService, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = _race(service, monkeypatch, [(WED_1430, f"conv-{i}") for i in range(THREADS)])
    booked = [r for r in results if isinstance(r, Booking)]
    assert len(booked) == 1
    assert sum(isinstance(r, SlotTaken) for r in results) == THREADS - 1
    [stored] = service.bookings_for("maya", *WEEK)
    assert stored.id == booked[0].id


def test_concurrent_retries_of_one_conversation_book_once(
    service: CalendarService, monkeypatch: pytest.MonkeyPatch
) -> None:
    slots = [slot_at(f"2026-11-18T{9 + i:02d}:00") for i in range(THREADS)]
    results = _race(service, monkeypatch, [(s, "conv-1") for s in slots])
    assert all(isinstance(r, Booking) for r in results)
    assert len({r.id for r in results if isinstance(r, Booking)}) == 1
    assert len(service.bookings_for("maya", *WEEK)) == 1
