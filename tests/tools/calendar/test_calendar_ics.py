"""The .ics invite: RFC 5545 structure, UTC times, CRLF, folding at 75 octets, text escaping."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent.profile import CompanyProfile
from tools.calendar.ics import booking_ics, escape_text, fold
from tools.calendar.models import Booking

NY = ZoneInfo("America/New_York")
ISSUED = datetime(2026, 11, 17, 10, 45, tzinfo=NY)


def booking(
    title: str = "Lumen intro call",
    email: str | None = "sam.okoro@tallypay.co",
    status: str = "booked",
    id_: int = 42,
) -> Booking:
    start = datetime(2026, 11, 18, 14, 30, tzinfo=NY)
    return Booking(
        id=id_,
        rep_id="maya",
        start_utc=start,
        end_utc=start + timedelta(minutes=20),
        conversation_id="conv-1",
        contact_email=email,
        visitor_timezone="America/New_York",
        title=title,
        status=status,
        created_at=ISSUED,
        cancelled_at=None,
    )


def physical_lines(ics: str) -> list[str]:
    assert ics.endswith("\r\n")
    lines = ics[: -len("\r\n")].split("\r\n")
    assert not any("\n" in line or "\r" in line for line in lines), "bare LF or CR inside a line"
    return lines


def unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").replace("\r\n\t", "").removesuffix("\r\n").split("\r\n")


def properties(ics: str) -> dict[str, str]:
    """Property name (with parameters) -> value, for the single-valued properties of the invite."""
    out = {}
    for line in unfold(ics):
        name, _, value = line.partition(":")
        out[name] = value
    return out


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            out.append("\n" if value[i + 1] in "nN" else value[i + 1])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def test_the_invite_is_a_well_formed_calendar(profile: CompanyProfile) -> None:
    ics = booking_ics(booking(), profile, ISSUED)
    lines = physical_lines(ics)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    logical = unfold(ics)
    assert logical.index("BEGIN:VEVENT") < logical.index("END:VEVENT")
    assert [line.split(":")[0] for line in logical if line.startswith(("BEGIN", "END"))] == [
        "BEGIN",
        "BEGIN",
        "END",
        "END",
    ]
    props = properties(ics)
    assert props["VERSION"] == "2.0"
    assert props["PRODID"]
    assert props["METHOD"] == "REQUEST"
    assert props["STATUS"] == "CONFIRMED"
    assert props["SEQUENCE"] == "0"


def test_times_are_utc_and_dtstamp_is_the_issue_time(profile: CompanyProfile) -> None:
    props = properties(booking_ics(booking(), profile, ISSUED))
    assert props["DTSTART"] == "20261118T193000Z"
    assert props["DTEND"] == "20261118T195000Z"
    assert props["DTSTAMP"] == "20261117T154500Z"


def test_summary_organizer_and_attendee(profile: CompanyProfile) -> None:
    props = properties(booking_ics(booking(), profile, ISSUED))
    assert props["SUMMARY"] == profile.meeting.title
    assert props["ORGANIZER;CN=Maya Chen"] == "mailto:maya@lumenpipeline.example"
    [attendee] = [k for k in props if k.startswith("ATTENDEE")]
    assert "RSVP=TRUE" in attendee
    assert props[attendee] == "mailto:sam.okoro@tallypay.co"


def test_no_attendee_without_an_email(profile: CompanyProfile) -> None:
    assert "ATTENDEE" not in booking_ics(booking(email=None), profile, ISSUED)


def test_uid_is_stable_per_booking_and_distinct_between_bookings(profile: CompanyProfile) -> None:
    first = properties(booking_ics(booking(), profile, ISSUED))["UID"]
    reissued = properties(booking_ics(booking(), profile, ISSUED + timedelta(days=1)))["UID"]
    other = properties(booking_ics(booking(id_=43), profile, ISSUED))["UID"]
    assert first == reissued == "booking-42@lumenpipeline.example"
    assert other != first


def test_a_cancelled_booking_gives_a_cancellation_of_the_same_event(profile: CompanyProfile) -> None:
    booked = properties(booking_ics(booking(), profile, ISSUED))
    cancelled = properties(booking_ics(booking(status="cancelled"), profile, ISSUED))
    assert (cancelled["METHOD"], cancelled["STATUS"], cancelled["SEQUENCE"]) == ("CANCEL", "CANCELLED", "1")
    assert cancelled["UID"] == booked["UID"]


def test_text_is_escaped_and_round_trips(profile: CompanyProfile) -> None:
    title = "Intro, pricing; Q&A \\ notes\nsecond line"
    props = properties(booking_ics(booking(title=title), profile, ISSUED))
    assert props["SUMMARY"] == "Intro\\, pricing\\; Q&A \\\\ notes\\nsecond line"
    assert unescape(props["SUMMARY"]) == title


def test_long_lines_fold_at_75_octets_without_splitting_characters(profile: CompanyProfile) -> None:
    title = "Lumen intro call — démo für das Team, 東京オフィス " * 4
    ics = booking_ics(booking(title=title), profile, ISSUED)
    lines = physical_lines(ics)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)
    assert unescape(properties(ics)["SUMMARY"]) == title


@pytest.mark.parametrize("length", [74, 75, 76, 150, 151])
def test_fold_keeps_every_octet(length: int) -> None:
    line = "X" * length
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_escape_text_handles_every_special_character() -> None:
    assert escape_text("a,b;c\\d\r\ne\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_an_email_cannot_inject_properties(profile: CompanyProfile) -> None:
    ics = booking_ics(booking(email="sam@tallypay.co\r\nX-EVIL:1"), profile, ISSUED)
    assert not any(line.startswith("X-EVIL") for line in unfold(ics))


def test_a_name_with_separators_is_quoted(profile: CompanyProfile) -> None:
    reps = tuple(r.model_copy(update={"name": "Chen, Maya"}) if r.id == "maya" else r for r in profile.reps)
    renamed = profile.model_copy(update={"reps": reps})
    assert 'ORGANIZER;CN="Chen, Maya":mailto:maya@lumenpipeline.example' in unfold(
        booking_ics(booking(), renamed, ISSUED)
    )


def test_an_unknown_rep_is_an_error(profile: CompanyProfile) -> None:
    orphan = booking()
    orphan.rep_id = "gone"
    with pytest.raises(LookupError, match="gone"):
        booking_ics(orphan, profile, ISSUED)


def test_dtstamp_needs_an_aware_clock(profile: CompanyProfile) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        booking_ics(booking(), profile, datetime(2026, 11, 17, 15, 45))
