"""Free slots: the rep's own hours and zone, the grid, lead time, horizon, bookings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agent.profile import CompanyProfile, Rep
from tools.calendar.availability import day_slots, free_slots, grid_step_minutes, horizon_days

NY = ZoneInfo("America/New_York")
# Tuesday morning, the moment of the first reference transcript.
NOW = datetime(2026, 11, 17, 10, 42, tzinfo=NY)


def rep(profile: CompanyProfile, rep_id: str) -> Rep:
    found = profile.rep(rep_id)
    assert found is not None
    return found


def with_meeting(profile: CompanyProfile, **changes: Any) -> CompanyProfile:
    return profile.model_copy(update={"meeting": profile.meeting.model_copy(update=changes)})


def local_starts(slots: list[Any], tz: ZoneInfo) -> list[datetime]:
    return [s.start_utc.astimezone(tz).replace(tzinfo=None) for s in slots]


@pytest.mark.parametrize(("duration", "step"), [(15, 30), (20, 30), (30, 30), (45, 60), (60, 60), (90, 90)])
def test_grid_step_is_the_duration_rounded_up_to_half_hours(duration: int, step: int) -> None:
    assert grid_step_minutes(duration) == step


def test_a_20_minute_meeting_starts_on_the_hour_and_half_hour_and_ends_by_closing(
    profile: CompanyProfile,
) -> None:
    slots = day_slots(profile, rep(profile, "maya"), date(2026, 11, 18))
    starts = local_starts(slots, NY)
    assert starts[0] == datetime(2026, 11, 18, 9, 0)
    assert starts[-1] == datetime(2026, 11, 18, 16, 30)
    assert len(starts) == 16
    assert all(s.minute in (0, 30) for s in starts)
    assert all(s.end_utc - s.start_utc == timedelta(minutes=20) for s in slots)


def test_a_45_minute_meeting_starts_on_the_hour_only(profile: CompanyProfile) -> None:
    longer = with_meeting(profile, duration_min=45)
    starts = local_starts(day_slots(longer, rep(longer, "maya"), date(2026, 11, 18)), NY)
    assert [s.hour for s in starts] == [9, 10, 11, 12, 13, 14, 15, 16]
    assert all(s.minute == 0 for s in starts)


def test_working_hours_are_in_the_reps_own_time_zone(profile: CompanyProfile) -> None:
    wednesday = date(2026, 11, 18)
    priya = day_slots(profile, rep(profile, "priya"), wednesday)
    tom = day_slots(profile, rep(profile, "tom"), wednesday)
    la, london = ZoneInfo("America/Los_Angeles"), ZoneInfo("Europe/London")
    assert local_starts(priya, la)[0] == datetime(2026, 11, 18, 9, 0)
    assert local_starts(tom, london)[-1] == datetime(2026, 11, 18, 16, 30)
    # Seen from New York, Priya starts at noon and Tom at 4am.
    assert local_starts(priya, NY)[0] == datetime(2026, 11, 18, 12, 0)
    assert local_starts(tom, NY)[0] == datetime(2026, 11, 18, 4, 0)


def test_slots_follow_the_reps_wall_clock_across_daylight_saving(profile: CompanyProfile) -> None:
    tom = rep(profile, "tom")
    # The UK moves to BST on Sunday 29 March 2026: 09:00 is 09:00Z before and 08:00Z after.
    before = day_slots(profile, tom, date(2026, 3, 27))[0]
    after = day_slots(profile, tom, date(2026, 3, 30))[0]
    assert (before.start_utc.hour, after.start_utc.hour) == (9, 8)


def test_lead_time_excludes_slots_too_soon(profile: CompanyProfile) -> None:
    slots = free_slots(profile, rep(profile, "maya"), NOW)
    # 10:42 + 2h = 12:42, so the first slot is 13:00, not 12:30.
    assert local_starts(slots, NY)[0] == datetime(2026, 11, 17, 13, 0)
    no_lead = with_meeting(profile, min_lead_time_hours=0)
    assert local_starts(free_slots(no_lead, rep(no_lead, "maya"), NOW), NY)[0] == datetime(
        2026, 11, 17, 11, 0
    )


def test_horizon_counts_business_days_and_skips_weekends(profile: CompanyProfile) -> None:
    friday_evening = datetime(2026, 11, 20, 16, 20, tzinfo=NY)
    slots = free_slots(profile, rep(profile, "maya"), friday_evening)
    days = sorted({s.date() for s in local_starts(slots, NY)})
    assert days == [
        date(2026, 11, 23),
        date(2026, 11, 24),
        date(2026, 11, 25),
        date(2026, 11, 26),
        date(2026, 11, 27),
    ]
    assert all(d.weekday() < 5 for d in days)


def test_horizon_keeps_today_on_top_of_the_business_days(profile: CompanyProfile) -> None:
    days = horizon_days(profile, date(2026, 11, 17))
    assert days[0] == date(2026, 11, 17)
    assert days[-1] == date(2026, 11, 24)
    assert len(days) == 1 + profile.meeting.horizon_business_days


def test_holidays_are_skipped_and_do_not_count(profile: CompanyProfile) -> None:
    hours = profile.business_hours.model_copy(update={"holidays": ("2026-11-18",)})
    holiday = profile.model_copy(update={"business_hours": hours})
    days = horizon_days(holiday, date(2026, 11, 17))
    assert date(2026, 11, 18) not in days
    assert days[-1] == date(2026, 11, 25)
    assert day_slots(holiday, rep(holiday, "maya"), date(2026, 11, 18)) == []


def test_rep_days_limit_the_days(profile: CompanyProfile) -> None:
    two_days = with_meeting(profile, rep_days=("mon", "wed"))
    slots = free_slots(two_days, rep(two_days, "maya"), NOW)
    assert {s.weekday() for s in local_starts(slots, NY)} == {0, 2}


def test_rep_hours_change_the_window(profile: CompanyProfile) -> None:
    late = with_meeting(
        profile, rep_hours=profile.meeting.rep_hours.model_copy(update={"start": time(9, 15)})
    )
    starts = local_starts(day_slots(late, rep(late, "maya"), date(2026, 11, 18)), NY)
    # The grid stays anchored at midnight: hours from 9:15 start at 9:30, not 9:15.
    assert starts[0] == datetime(2026, 11, 18, 9, 30)


def test_an_existing_booking_removes_its_slot_only(profile: CompanyProfile) -> None:
    maya = rep(profile, "maya")
    booked = (datetime(2026, 11, 18, 11, 0, tzinfo=NY), datetime(2026, 11, 18, 11, 20, tzinfo=NY))
    starts = local_starts(free_slots(profile, maya, NOW, busy=[booked]), NY)
    assert datetime(2026, 11, 18, 11, 0) not in starts
    assert datetime(2026, 11, 18, 10, 30) in starts
    assert datetime(2026, 11, 18, 11, 30) in starts


def test_a_busy_interval_off_the_grid_removes_every_slot_it_overlaps(profile: CompanyProfile) -> None:
    maya = rep(profile, "maya")
    busy = (datetime(2026, 11, 18, 11, 10, tzinfo=NY), datetime(2026, 11, 18, 11, 40, tzinfo=NY))
    starts = local_starts(free_slots(profile, maya, NOW, busy=[busy]), NY)
    assert datetime(2026, 11, 18, 11, 0) not in starts
    assert datetime(2026, 11, 18, 11, 30) not in starts
    assert datetime(2026, 11, 18, 10, 30) in starts
    # A slot ending exactly when the busy time starts does not overlap it.
    touching = (datetime(2026, 11, 18, 12, 20, tzinfo=NY), datetime(2026, 11, 18, 12, 40, tzinfo=NY))
    assert datetime(2026, 11, 18, 12, 0) in local_starts(free_slots(profile, maya, NOW, busy=[touching]), NY)


def test_free_slots_are_in_time_order(profile: CompanyProfile) -> None:
    slots = free_slots(profile, rep(profile, "tom"), NOW)
    assert slots == sorted(slots, key=lambda s: s.start_utc)


def test_a_naive_now_is_refused(profile: CompanyProfile) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        free_slots(profile, rep(profile, "maya"), datetime(2026, 11, 17, 10, 42))
