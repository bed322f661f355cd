"""A bookable time slot: one rep, one start, one end, all in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


def require_aware(value: datetime, name: str = "now") -> None:
    """Reject naive datetimes: every calendar computation compares instants across time zones."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


@dataclass(frozen=True)
class Slot:
    """A meeting slot on a rep's calendar.

    Times are aware and normalised to UTC so that two slots compare and hash equal whichever zone
    they were computed in (15:00+00:00 and 10:00-05:00 are the same slot).
    """

    rep_id: str
    start_utc: datetime
    end_utc: datetime

    def __post_init__(self) -> None:
        for name in ("start_utc", "end_utc"):
            value: datetime = getattr(self, name)
            require_aware(value, f"Slot.{name}")
            object.__setattr__(self, name, value.astimezone(UTC))
        if self.end_utc <= self.start_utc:
            raise ValueError(f"Slot ends ({self.end_utc}) before it starts ({self.start_utc})")

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """True if this slot shares any time with the half-open interval [start, end)."""
        return start < self.end_utc and self.start_utc < end
