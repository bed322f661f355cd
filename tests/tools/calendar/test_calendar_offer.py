"""Offers: the soonest slots, spread out like a person would, in the visitor's waking hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from agent.profile import CompanyProfile, Rep
from tools.calendar.availability import free_slots
from tools.calendar.offer import MAX_PER_DAY, SAME_DAY_GAP, offer_slots, spread
from tools.calendar.slot import Slot

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 17, 10, 42, tzinfo=NY)


def rep(profile: CompanyProfile, rep_id: str) -> Rep:
    found = profile.rep(rep_id)
    assert found is not None
    return found


def local(slots: list[Slot], tz: ZoneInfo) -> list[datetime]:
    return [s.start_utc.astimezone(tz).replace(tzinfo=None) for s in slots]


def test_offer_is_first_free_a_few_hours_later_and_another_day(profile: CompanyProfile) -> None:
    offer = offer_slots(profile, rep(profile, "maya"), NOW, NY)
    assert local(offer, NY) == [
        datetime(2026, 11, 17, 13, 0),
        datetime(2026, 11, 17, 16, 0),
        datetime(2026, 11, 18, 9, 0),
    ]


def test_offer_size_comes_from_the_profile(profile: CompanyProfile) -> None:
    assert len(offer_slots(profile, rep(profile, "maya"), NOW, NY)) == profile.meeting.slots_offered


def test_a_larger_offer_keeps_the_spacing_rules(profile: CompanyProfile) -> None:
    offer = offer_slots(profile, rep(profile, "maya"), NOW, NY, n=6)
    assert len(offer) == 6
    days = [s.date() for s in local(offer, NY)]
    assert max(days.count(d) for d in days) <= MAX_PER_DAY
    for a, b in pairwise(offer):
        if a.start_utc.astimezone(NY).date() == b.start_utc.astimezone(NY).date():
            assert b.start_utc - a.start_utc >= SAME_DAY_GAP


def test_offer_prefers_the_visitors_waking_hours(profile: CompanyProfile) -> None:
    singapore = ZoneInfo("Asia/Singapore")
    now = datetime(2026, 3, 3, 22, 30, tzinfo=singapore)
    offer = offer_slots(profile, rep(profile, "priya"), now, singapore)
    assert len(offer) == 3
    # Priya's 9-5 in Los Angeles is 1am-9am in Singapore; only 08:00 and 08:30 starts are civil.
    assert all(8 <= t.hour < 9 for t in local(offer, singapore))
    assert len({t.date() for t in local(offer, singapore)}) == 3


def test_when_few_slots_are_civil_the_offer_relaxes_spacing_before_leaving_waking_hours(
    profile: CompanyProfile,
) -> None:
    singapore = ZoneInfo("Asia/Singapore")
    now = datetime(2026, 3, 3, 22, 30, tzinfo=singapore)
    free = free_slots(profile, rep(profile, "priya"), now)
    awake = [s for s in free if 8 <= s.start_utc.astimezone(singapore).hour < 9]
    offer = spread(free, singapore, len(awake) + 1)
    assert set(awake) <= set(offer)
    assert len(offer) == len(awake) + 1


def test_a_visitor_with_no_civil_overlap_still_gets_the_soonest_slots(profile: CompanyProfile) -> None:
    auckland = ZoneInfo("Pacific/Auckland")
    now = datetime(2026, 11, 17, 10, 42, tzinfo=NY)
    free = free_slots(profile, rep(profile, "tom"), now)
    # Tom's 9-5 in London is 10pm-6am in Auckland in November.
    assert not any(8 <= s.start_utc.astimezone(auckland).hour < 20 for s in free)
    assert offer_slots(profile, rep(profile, "tom"), now, auckland) == free[:3]


def test_offer_skips_booked_time(profile: CompanyProfile) -> None:
    maya = rep(profile, "maya")
    first = offer_slots(profile, maya, NOW, NY)[0]
    offer = offer_slots(profile, maya, NOW, NY, busy=[(first.start_utc, first.end_utc)])
    assert first not in offer
    assert local(offer, NY)[0] == datetime(2026, 11, 17, 13, 30)


def test_spread_returns_everything_when_there_is_little() -> None:
    start = datetime(2026, 11, 18, 15, 0, tzinfo=ZoneInfo("UTC"))
    slots = [
        Slot("maya", start + timedelta(minutes=30 * i), start + timedelta(minutes=30 * i + 20))
        for i in range(2)
    ]
    assert spread(slots, NY, 3) == slots
