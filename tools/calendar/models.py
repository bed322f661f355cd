"""The calendar's table: one row per booked (or cancelled) meeting.

Double booking is impossible at the database level, not just checked in Python: a partial unique
index allows one active booking per (rep, start). Start equality is enough only because every
booking sits on the rep's slot grid (`tools.calendar.availability`): the grid step is never shorter
than the meeting, so two different grid starts on one working day cannot overlap. The booking
service refuses off-grid slots, so no row can break that premise. A PostgreSQL range exclusion
constraint would catch arbitrary overlaps too, but it needs the btree_gist extension and has no
SQLite equivalent; the grid gives the same guarantee on both.

A second partial unique index allows one active booking per conversation, which makes booking
idempotent: the agent's graph may re-run the booking step, and the retry finds the first booking.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal, get_args

from sqlalchemy import CheckConstraint, DateTime, Dialect, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from tools.calendar.slot import Slot, require_aware
from tools.db import Base

BookingStatus = Literal["booked", "cancelled"]
BOOKING_STATUSES: tuple[BookingStatus, ...] = get_args(BookingStatus)
_ACTIVE = text("status = 'booked'")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC and always read back aware in UTC.

    SQLite has no time zone type and SQLAlchemy would hand back naive values there; storing naive
    UTC on SQLite (and timestamptz on PostgreSQL) keeps comparisons and the unique index exact.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        require_aware(value, "a calendar timestamp")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Booking(Base):
    """A meeting booked from a conversation with a rep. Cancelling keeps the row (status)."""

    __tablename__ = "calendar_bookings"
    __table_args__ = (
        CheckConstraint(
            "status IN ({})".format(", ".join(f"'{s}'" for s in BOOKING_STATUSES)),
            name="ck_calendar_bookings_status",
        ),
        CheckConstraint("end_utc > start_utc", name="ck_calendar_bookings_order"),
        Index(
            "uq_calendar_bookings_rep_start_active",
            "rep_id",
            "start_utc",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
        Index(
            "uq_calendar_bookings_conversation_active",
            "conversation_id",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep_id: Mapped[str] = mapped_column(String(64))
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    conversation_id: Mapped[str] = mapped_column(String(128))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    # IANA name, so confirmations and reminders can be written in the visitor's time.
    visitor_timezone: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[BookingStatus] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def slot(self) -> Slot:
        return Slot(self.rep_id, self.start_utc, self.end_utc)

    @property
    def active(self) -> bool:
        return self.status == "booked"
