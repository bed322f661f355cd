"""An RFC 5545 calendar invite (.ics) for a booking.

A booked meeting gives a METHOD:REQUEST invite; a cancelled one gives METHOD:CANCEL with the same
UID and a higher SEQUENCE, which is what makes calendar clients remove the event they already hold.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from agent.profile import CompanyProfile
from tools.calendar.models import Booking
from tools.calendar.slot import require_aware

PRODID = "-//qualify//calendar//EN"
# RFC 5545 3.1: content lines longer than 75 octets (excluding the CRLF) must be folded.
MAX_LINE_OCTETS = 75
CRLF = "\r\n"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def booking_ics(booking: Booking, profile: CompanyProfile, now: datetime) -> str:
    """The invite for `booking` as iCalendar text (CRLF line endings, folded, escaped).

    `now` is the DTSTAMP, the moment this copy of the invite is issued. The UID depends only on the
    booking and the company's domain, so an update or cancellation replaces the same event.
    """
    require_aware(now)
    rep = profile.rep(booking.rep_id)
    if rep is None:
        raise LookupError(f"booking {booking.id}: rep {booking.rep_id!r} is not in the company profile")
    cancelled = not booking.active
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:booking-{booking.id}@{_domain(profile)}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(booking.start_utc)}",
        f"DTEND:{_utc(booking.end_utc)}",
        f"SEQUENCE:{1 if cancelled else 0}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"SUMMARY:{escape_text(booking.title)}",
        f"DESCRIPTION:{escape_text(f'{booking.title} with {rep.name}, {profile.company.name}.')}",
        f"ORGANIZER;CN={_param(rep.name)}:mailto:{_address(rep.email)}",
    ]
    if booking.contact_email:
        lines.append(
            "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:"
            f"mailto:{_address(booking.contact_email)}"
        )
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return _CONTROL.sub("", value)


def fold(line: str) -> str:
    """Fold a content line into physical lines of at most 75 octets, never splitting a character.

    Continuation lines start with one space, which counts towards their 75 octets.
    """
    parts: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > MAX_LINE_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return CRLF.join(parts)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _domain(profile: CompanyProfile) -> str:
    # RFC 5545 recommends a domain on the right of the UID's "@" so UIDs stay globally unique.
    return urlsplit(profile.company.website).hostname or "qualify.invalid"


def _param(value: str) -> str:
    """A parameter value, quoted when it contains a separator; quotes cannot be escaped, so go."""
    clean = _CONTROL.sub("", value).replace('"', "")
    return f'"{clean}"' if any(c in clean for c in ":;,") else clean


def _address(email: str) -> str:
    # A calendar address is a URI: control characters and spaces would break the line or the URI.
    return re.sub(r"[\x00-\x20\x7f]", "", email)
