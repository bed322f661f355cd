"""The database itself refuses a double booking, whoever writes the rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from tools.calendar.models import Booking

NY = ZoneInfo("America/New_York")
START = datetime(2026, 11, 18, 14, 30, tzinfo=NY)


def row(conversation: str, start: datetime = START, rep_id: str = "maya", status: str = "booked") -> Booking:
    return Booking(
        rep_id=rep_id,
        start_utc=start,
        end_utc=start + timedelta(minutes=20),
        conversation_id=conversation,
        contact_email=None,
        visitor_timezone="America/New_York",
        title="Lumen intro call",
        status=status,
        created_at=datetime(2026, 11, 17, 15, 42, tzinfo=UTC),
        cancelled_at=None,
    )


def add(sessions: sessionmaker[Session], *rows: Booking) -> None:
    with sessions() as session, session.begin():
        session.add_all(rows)


def test_two_active_bookings_of_one_rep_and_start_are_refused(sessions: sessionmaker[Session]) -> None:
    add(sessions, row("conv-1"))
    with pytest.raises(IntegrityError):
        add(sessions, row("conv-2"))


def test_the_same_start_written_in_another_zone_is_the_same_start(sessions: sessionmaker[Session]) -> None:
    add(sessions, row("conv-1"))
    with pytest.raises(IntegrityError):
        add(sessions, row("conv-2", start=START.astimezone(ZoneInfo("Asia/Tokyo"))))


def test_cancelled_bookings_do_not_hold_the_slot(sessions: sessionmaker[Session]) -> None:
    add(sessions, row("conv-1", status="cancelled"), row("conv-2", status="cancelled"))
    add(sessions, row("conv-3"))


def test_other_reps_and_other_starts_are_independent(sessions: sessionmaker[Session]) -> None:
    add(
        sessions,
        row("conv-1"),
        row("conv-2", rep_id="priya"),
        row("conv-3", start=START + timedelta(minutes=30)),
    )


def test_one_active_booking_per_conversation(sessions: sessionmaker[Session]) -> None:
    add(sessions, row("conv-1"))
    with pytest.raises(IntegrityError):
        add(sessions, row("conv-1", start=START + timedelta(hours=1)))
    add(sessions, row("conv-2", status="cancelled"), row("conv-2", start=START + timedelta(hours=2)))


def test_status_is_a_closed_set(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(IntegrityError):
        add(sessions, row("conv-1", status="tentative"))


def test_times_come_back_aware_in_utc(sessions: sessionmaker[Session]) -> None:
    add(sessions, row("conv-1"))
    with sessions() as session:
        stored = session.scalars(select(Booking)).one()
    assert stored.start_utc == START
    assert stored.start_utc.tzinfo == UTC
    assert stored.created_at == datetime(2026, 11, 17, 15, 42, tzinfo=UTC)


def test_naive_times_are_refused(sessions: sessionmaker[Session]) -> None:
    naive = row("conv-1")
    naive.start_utc = datetime(2026, 11, 18, 19, 30)
    with pytest.raises(StatementError, match="timezone-aware"):
        add(sessions, naive)
