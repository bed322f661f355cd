"""Reply-by times count business hours only, and read in the visitor's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from agent.hours import add_business_hours
from agent.profile import BusinessHours
from tools.crm.sla import local_text, zone_or

NEW_YORK = BusinessHours.model_validate(
    {"timezone": "America/New_York", "start": "09:00", "end": "18:00", "holidays": ["2025-01-20"]}
)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # Tuesday 10:00 New York + 4h = 14:00 the same day.
        (datetime(2025, 1, 14, 15, 0, tzinfo=UTC), 4, datetime(2025, 1, 14, 19, 0, tzinfo=UTC)),
        # Tuesday 16:00 + 4h: 2h today, 2h from Wednesday 09:00.
        (datetime(2025, 1, 14, 21, 0, tzinfo=UTC), 4, datetime(2025, 1, 15, 16, 0, tzinfo=UTC)),
        # Friday 23:00: the weekend and Monday's holiday do not count; Tuesday 13:00.
        (datetime(2025, 1, 18, 4, 0, tzinfo=UTC), 4, datetime(2025, 1, 21, 18, 0, tzinfo=UTC)),
        # Across the spring DST change: Friday 17:00 EST + 4h = Monday 12:00 EDT.
        (datetime(2025, 3, 7, 22, 0, tzinfo=UTC), 4, datetime(2025, 3, 10, 16, 0, tzinfo=UTC)),
    ],
)
def test_add_business_hours(start: datetime, hours: int, due: datetime) -> None:
    assert add_business_hours(NEW_YORK, start, hours) == due


def test_a_profile_that_is_never_open_fails_clearly() -> None:
    closed = BusinessHours.model_validate({"timezone": "UTC", "days": [], "start": "09:00", "end": "17:00"})

    with pytest.raises(ValueError, match="no open time"):
        add_business_hours(closed, datetime(2025, 1, 14, tzinfo=UTC), 1)


def test_reply_by_reads_in_the_visitor_zone_or_falls_back() -> None:
    at = datetime(2025, 1, 14, 19, 0, tzinfo=UTC)

    assert local_text(at, zone_or("Asia/Tokyo", "America/New_York")) == "Wed 15 Jan 04:00 JST"
    assert zone_or("Not/AZone", "America/New_York") == ZoneInfo("America/New_York")
    assert zone_or(None, "America/New_York") == ZoneInfo("America/New_York")
