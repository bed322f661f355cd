"""The calendar service: offer slots from the database's real bookings, book, cancel, list.

Booking is safe under concurrency without locks: the insert runs in a transaction and the
database's unique indexes (`tools.calendar.models`) decide who wins a race. The overlap check
before the insert only turns the common case into a clear error early; the indexes are what make a
double booking impossible.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agent.profile import CompanyProfile, Rep
from tools.calendar.availability import Interval, day_slots, free_slots
from tools.calendar.models import Booking
from tools.calendar.offer import offer_slots
from tools.calendar.slot import Slot, require_aware

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_MAX_EMAIL_LENGTH = 320


class SlotUnavailable(Exception):
    """The slot cannot be booked any more (it has started, or someone holds it): offer fresh slots."""

    def __init__(self, slot: Slot, reason: str) -> None:
        super().__init__(f"the {slot.start_utc.isoformat()} slot with {slot.rep_id} is unavailable: {reason}")
        self.slot = slot


class SlotTaken(SlotUnavailable):
    """Another active booking holds this slot (perhaps booked a moment ago by another visitor)."""

    def __init__(self, slot: Slot) -> None:
        super().__init__(slot, "it is already booked")


class InvalidSlot(ValueError):
    """Not a slot of this calendar at all: unknown rep, off the grid, or outside working hours."""


class BookingNotFound(LookupError):
    """No booking has this id."""


class CalendarService:
    """Slots, bookings and cancellations on the project's own database.

    `session_factory` makes a new `Session` per call (a `sessionmaker`); each public method uses
    its own short transaction, so one service is safe to share between threads. Returned
    `Booking` objects are detached and fully loaded.
    """

    def __init__(self, session_factory: Callable[[], Session], profile: CompanyProfile) -> None:
        self._sessions = session_factory
        self._profile = profile

    def available(self, rep: Rep, now: datetime) -> list[Slot]:
        """Every free slot of `rep` within the horizon, soonest first."""
        return free_slots(self._profile, rep, now, self._busy(rep.id, now))

    def offer(self, rep: Rep, now: datetime, visitor_tz: ZoneInfo) -> list[Slot]:
        """The few slots to show the visitor (`meeting.slots_offered`), spread out."""
        return offer_slots(self._profile, rep, now, visitor_tz, busy=self._busy(rep.id, now))

    def book(
        self, slot: Slot, conversation_id: str, email: str | None, visitor_tz: ZoneInfo, now: datetime
    ) -> Booking:
        """Book `slot` for the conversation, or return the conversation's existing active booking.

        Idempotent per conversation: a retry (or a second pick) returns the first booking
        unchanged; to move a meeting, `cancel` it and book again. Lead time and horizon are rules
        for what to offer, not for booking, so a visitor who takes a while to pick still gets the
        slot as long as it has not started.

        Raises `InvalidSlot` for a slot that is not on the rep's calendar, `SlotUnavailable` if it
        has already started, `SlotTaken` if another booking holds it (also when another
        conversation wins a race for it at the same moment), and `ValueError` for an email that
        is not an address.
        """
        require_aware(now)
        rep = self._rep_of(slot)
        contact = None if email is None else _clean_email(email)
        if slot.start_utc <= now:
            raise SlotUnavailable(slot, "it has already started")
        existing = self.active_booking(conversation_id)
        if existing is not None:
            return existing
        booking = Booking(
            rep_id=rep.id,
            start_utc=slot.start_utc,
            end_utc=slot.end_utc,
            conversation_id=conversation_id,
            contact_email=contact,
            visitor_timezone=visitor_tz.key,
            title=self._profile.meeting.title,
            status="booked",
            created_at=now,
            cancelled_at=None,
        )
        try:
            with self._sessions() as session, session.begin():
                if _conflicts(session, slot):
                    raise SlotTaken(slot)
                session.add(booking)
                _detach(session, booking)
        except IntegrityError:
            # Either index can fire. The conversation one means a concurrent retry of this very
            # conversation won, and its booking is the answer; otherwise the slot went to someone else.
            winner = self.active_booking(conversation_id)
            if winner is not None:
                return winner
            raise SlotTaken(slot) from None
        return booking

    def cancel(self, booking_id: int, now: datetime) -> Booking:
        """Cancel a booking, which frees its slot; cancelling twice is harmless."""
        require_aware(now)
        with self._sessions() as session, session.begin():
            booking = session.get(Booking, booking_id)
            if booking is None:
                raise BookingNotFound(f"no booking with id {booking_id}")
            if booking.active:
                booking.status = "cancelled"
                booking.cancelled_at = now
            _detach(session, booking)
        return booking

    def set_email(self, booking_id: int, email: str) -> Booking:
        """Record the visitor's email on a booking (transcripts ask for it after booking)."""
        contact = _clean_email(email)
        with self._sessions() as session, session.begin():
            booking = session.get(Booking, booking_id)
            if booking is None:
                raise BookingNotFound(f"no booking with id {booking_id}")
            booking.contact_email = contact
            _detach(session, booking)
        return booking

    def active_booking(self, conversation_id: str) -> Booking | None:
        """The conversation's active booking, if it has one."""
        with self._sessions() as session:
            return session.scalars(
                select(Booking).where(Booking.conversation_id == conversation_id, Booking.status == "booked")
            ).one_or_none()

    def bookings_for(self, rep_id: str, start: datetime, end: datetime) -> list[Booking]:
        """The rep's active bookings that overlap [start, end), in time order."""
        require_aware(start, "start")
        require_aware(end, "end")
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(Booking)
                    .where(
                        Booking.rep_id == rep_id,
                        Booking.status == "booked",
                        Booking.start_utc < end,
                        Booking.end_utc > start,
                    )
                    .order_by(Booking.start_utc)
                )
            )

    def _busy(self, rep_id: str, now: datetime) -> list[Interval]:
        require_aware(now)
        with self._sessions() as session:
            rows = session.execute(
                select(Booking.start_utc, Booking.end_utc).where(
                    Booking.rep_id == rep_id, Booking.status == "booked", Booking.end_utc > now
                )
            )
            return [(start, end) for start, end in rows]

    def _rep_of(self, slot: Slot) -> Rep:
        rep = self._profile.rep(slot.rep_id)
        if rep is None:
            raise InvalidSlot(f"unknown rep {slot.rep_id!r}")
        local_day = slot.start_utc.astimezone(ZoneInfo(rep.timezone)).date()
        if slot not in day_slots(self._profile, rep, local_day):
            raise InvalidSlot(
                f"{slot.start_utc.isoformat()}-{slot.end_utc.isoformat()} is not a meeting slot on "
                f"{rep.name}'s calendar (working hours, working days and the meeting grid)"
            )
        return rep


def _conflicts(session: Session, slot: Slot) -> bool:
    """True if an active booking of the slot's rep overlaps it."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    Booking.rep_id == slot.rep_id,
                    Booking.status == "booked",
                    Booking.start_utc < slot.end_utc,
                    Booking.end_utc > slot.start_utc,
                )
            )
        )
    )


def _detach(session: Session, booking: Booking) -> None:
    # Flushing writes the row (and raises IntegrityError here, inside the transaction); expunging
    # keeps the loaded values when the commit would otherwise expire them.
    session.flush()
    session.expunge(booking)


def _clean_email(email: str) -> str:
    value = email.strip()
    if len(value) > _MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(value):
        raise ValueError(f"not an email address: {email!r}")
    return value
