"""How slots read to a visitor, checked against the reference transcripts' wording."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tools.calendar.format import format_confirmation, format_slot, format_slots
from tools.calendar.slot import Slot
from tools.calendar.zones import uses_12h_clock, zone_label

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


def slot(iso_local: str, tz: ZoneInfo, minutes: int = 20, rep_id: str = "maya") -> Slot:
    start = datetime.fromisoformat(iso_local).replace(tzinfo=tz)
    return Slot(rep_id, start, start + timedelta(minutes=minutes))


def at(iso_local: str, tz: ZoneInfo) -> datetime:
    return datetime.fromisoformat(iso_local).replace(tzinfo=tz)


def test_us_list_uses_weekdays_12_hour_clock_and_one_zone() -> None:
    slots = [slot("2026-11-18T11:00", NY), slot("2026-11-18T14:30", NY), slot("2026-11-19T10:00", NY)]
    now = at("2026-11-16T09:00", NY)
    assert format_slots(slots, NY, now) == "Wed 11:00am, Wed 2:30pm or Thu 10:00am ET"


def test_today_and_tomorrow_are_relative_to_now() -> None:
    slots = [slot("2026-02-24T10:00", NY), slot("2026-02-24T11:30", NY), slot("2026-02-25T09:00", NY)]
    now = at("2026-02-24T07:45", NY)
    assert format_slots(slots, NY, now) == "today 10:00am, today 11:30am or tomorrow 9:00am ET"


def test_today_is_the_visitors_today_not_utcs() -> None:
    # 22:30 in New York is already tomorrow in UTC.
    now = at("2026-11-17T22:30", NY)
    assert format_slot(slot("2026-11-18T09:00", NY), NY, now) == "tomorrow 9:00am ET"


def test_far_days_get_a_date() -> None:
    now = at("2026-11-20T16:20", NY)
    assert format_slot(slot("2026-11-27T10:00", NY), NY, now) == "Fri Nov 27 10:00am ET"
    assert format_slot(slot("2026-11-26T10:00", NY), NY, now) == "Thu 10:00am ET"


def test_two_slots_join_with_or() -> None:
    now = at("2026-11-16T09:00", NY)
    two = [slot("2026-11-18T11:00", NY), slot("2026-11-19T10:00", NY)]
    assert format_slots(two, NY, now) == "Wed 11:00am or Thu 10:00am ET"


def test_europe_reads_the_24_hour_clock() -> None:
    now = at("2026-04-21T15:20", LONDON)
    slots = [
        slot("2026-04-22T14:00", LONDON),
        slot("2026-04-22T15:30", LONDON),
        slot("2026-04-23T14:30", LONDON),
    ]
    assert format_slots(slots, LONDON, now) == "tomorrow 14:00, tomorrow 15:30 or Thu 14:30 BST"


@pytest.mark.parametrize(
    ("zone", "iso_local", "now_local", "expected"),
    [
        ("Europe/Madrid", "2026-05-20T16:30", "2026-05-18T10:00", "Wed 16:30 CEST"),
        ("Asia/Singapore", "2026-03-05T08:00", "2026-03-03T22:30", "Thu 08:00 SGT"),
        ("Asia/Kolkata", "2026-05-18T19:30", "2026-05-16T22:15", "Mon 7:30pm IST"),
        ("Australia/Sydney", "2026-11-26T10:00", "2026-11-24T11:30", "Thu 10:00am AEDT"),
        ("America/Sao_Paulo", "2026-09-22T11:00", "2026-09-17T17:30", "Tue 11:00 BRT"),
        ("America/Denver", "2026-03-16T11:00", "2026-03-13T17:45", "Mon 11:00am MT"),
        ("America/Chicago", "2026-09-17T11:30", "2026-09-15T13:05", "Thu 11:30am CT"),
        ("America/Los_Angeles", "2026-06-24T12:00", "2026-06-22T11:20", "Wed 12:00pm PT"),
        ("America/Toronto", "2026-10-08T09:30", "2026-10-06T11:15", "Thu 9:30am ET"),
        ("Europe/Paris", "2026-12-14T15:00", "2026-12-12T10:20", "Mon 15:00 CET"),
    ],
)
def test_each_zone_gets_its_clock_and_name(zone: str, iso_local: str, now_local: str, expected: str) -> None:
    tz = ZoneInfo(zone)
    assert format_slot(slot(iso_local, tz), tz, at(now_local, tz)) == expected


def test_a_list_across_a_clock_change_names_the_zone_per_slot() -> None:
    now = at("2026-10-21T10:00", LONDON)
    slots = [slot("2026-10-23T14:00", LONDON), slot("2026-10-26T14:00", LONDON)]
    assert format_slots(slots, LONDON, now) == "Fri 14:00 BST or Mon 14:00 GMT"


def test_an_empty_list_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="at least one slot"):
        format_slots([], NY, at("2026-11-16T09:00", NY))


def test_confirmation_has_date_and_range_with_one_meridiem() -> None:
    assert format_confirmation(slot("2026-11-18T14:30", NY), NY) == "Wed Nov 18, 2:30-2:50pm ET"


def test_confirmation_range_across_noon_names_both_meridiems() -> None:
    assert format_confirmation(slot("2026-11-18T11:50", NY), NY) == "Wed Nov 18, 11:50am-12:10pm ET"


def test_confirmation_in_24_hour_zone_adds_the_reps_time() -> None:
    booked = slot("2026-04-23T14:30", LONDON)
    assert format_confirmation(booked, LONDON, also_in=NY) == "Thu Apr 23, 14:30-14:50 BST (9:30am ET)"


def test_confirmation_names_the_weekday_when_the_other_zone_is_on_another_day() -> None:
    singapore = ZoneInfo("Asia/Singapore")
    booked = slot("2026-03-05T08:00", singapore, rep_id="priya")
    assert (
        format_confirmation(booked, singapore, also_in=ZoneInfo("America/Los_Angeles"))
        == "Thu Mar 5, 08:00-08:20 SGT (Wed 4:00pm PT)"
    )


def test_confirmation_skips_the_other_zone_when_it_reads_the_same() -> None:
    toronto = ZoneInfo("America/Toronto")
    assert (
        format_confirmation(slot("2026-10-08T09:30", toronto), toronto, also_in=NY)
        == "Thu Oct 8, 9:30-9:50am ET"
    )


@pytest.mark.parametrize(
    ("zone", "month", "label", "twelve_hour"),
    [
        ("America/New_York", 7, "ET", True),
        ("US/Eastern", 1, "ET", True),
        ("America/Detroit", 7, "ET", True),
        ("America/Phoenix", 7, "MT", True),
        ("America/Los_Angeles", 1, "PT", True),
        ("America/Anchorage", 1, "AKT", True),
        ("Pacific/Honolulu", 1, "HT", True),
        ("Europe/London", 7, "BST", False),
        ("Europe/London", 1, "GMT", False),
        ("Europe/Paris", 7, "CEST", False),
        ("Asia/Kolkata", 1, "IST", True),
        ("Asia/Calcutta", 1, "IST", True),
        ("Asia/Singapore", 1, "SGT", False),
        ("Australia/Sydney", 1, "AEDT", True),
        ("America/Sao_Paulo", 1, "BRT", False),
        ("Asia/Shanghai", 1, "CST", False),
        ("Europe/Dublin", 7, "IST", False),
        ("Asia/Kathmandu", 1, "UTC+5:45", False),
        ("Etc/GMT+3", 1, "UTC-3", False),
        ("UTC", 1, "UTC", False),
    ],
)
def test_zone_names_and_clocks(zone: str, month: int, label: str, twelve_hour: bool) -> None:
    tz = ZoneInfo(zone)
    assert zone_label(tz, datetime(2026, month, 15, 12, 0, tzinfo=ZoneInfo("UTC"))) == label
    assert uses_12h_clock(tz) is twelve_hour
