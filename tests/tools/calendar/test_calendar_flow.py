"""One calendar offer from start to finish through the package's public API."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from agent.profile import CompanyProfile
from tools.calendar import CalendarService, Chosen, booking_ics, format_confirmation, format_slots, parse_pick


def test_offer_pick_book_confirm_invite(sessions: sessionmaker[Session], profile: CompanyProfile) -> None:
    visitor_tz = ZoneInfo("Europe/London")
    now = datetime(2026, 11, 17, 15, 42, tzinfo=visitor_tz)
    maya = profile.rep("maya")
    assert maya is not None
    calendar = CalendarService(sessions, profile)

    offered = calendar.offer(maya, now, visitor_tz)
    assert format_slots(offered, visitor_tz, now) == "today 18:00, tomorrow 14:00 or tomorrow 17:00 GMT"

    picked = parse_pick(
        "the second one", offered, now + timedelta(minutes=1), visitor_tz, calendar.available(maya, now)
    )
    assert picked == Chosen(offered[1])

    booking = calendar.book(offered[1], "conv-7", None, visitor_tz, now + timedelta(minutes=2))
    assert format_confirmation(booking.slot, visitor_tz, also_in=ZoneInfo(maya.timezone)) == (
        "Wed Nov 18, 14:00-14:20 GMT (9:00am ET)"
    )
    booking = calendar.set_email(booking.id, "hannah@slotwise.co")
    invite = booking_ics(booking, profile, now).replace("\r\n ", "")
    assert "RSVP=TRUE:mailto:hannah@slotwise.co\r\n" in invite
    assert offered[1] not in calendar.offer(maya, now, visitor_tz)
