"""How a promised reply time reads for the visitor. The business-hours arithmetic itself is
`agent.hours.add_business_hours`, shared with the agent and the handoff tool."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_or(timezone: str | None, fallback: str) -> ZoneInfo:
    """The visitor's zone, or `fallback` when the browser sent none or a name we do not know."""
    if timezone:
        try:
            return ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo(fallback)


def local_text(at: datetime, zone: ZoneInfo) -> str:
    """`at` as a person in `zone` reads it, e.g. "Mon 13 Jan 14:00 EST"."""
    local = at.astimezone(zone)
    return f"{local:%a %d %b %H:%M} {local.tzname()}"
