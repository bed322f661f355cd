"""Free-text picks, from the reference transcripts and the calendar offer playbook.

Each transcript case uses that conversation's own clock, visitor zone, rep and the slots the agent
offered; availability is the rep's real free time at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent.profile import CompanyProfile
from tools.calendar.availability import free_slots
from tools.calendar.picks import Ambiguous, Chosen, NoTime, PickResult, Unavailable, parse_pick
from tools.calendar.slot import Slot

NY = "America/New_York"


@dataclass(frozen=True)
class Scene:
    """A moment in a conversation: the clock, the visitor's zone, the rep and what was offered."""

    now: str
    zone: str
    rep_id: str
    offered: tuple[str, ...]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def at(self, iso_local: str) -> datetime:
        return datetime.fromisoformat(iso_local).replace(tzinfo=self.tz)

    def slot(self, iso_local: str) -> Slot:
        start = self.at(iso_local)
        return Slot(self.rep_id, start, start + timedelta(minutes=20))

    def pick(self, profile: CompanyProfile, text: str, available: list[Slot] | None = None) -> PickResult:
        now = datetime.fromisoformat(self.now)
        rep = profile.rep(self.rep_id)
        assert rep is not None
        free = free_slots(profile, rep, now) if available is None else available
        offered = [self.slot(o) for o in self.offered]
        # The scene must be consistent: everything offered was really free at that moment.
        assert set(offered) <= set(free_slots(profile, rep, now))
        return parse_pick(text, offered, now, self.tz, free)

    def free(self, profile: CompanyProfile) -> list[Slot]:
        rep = profile.rep(self.rep_id)
        assert rep is not None
        return free_slots(profile, rep, datetime.fromisoformat(self.now))


# dev-001: Tuesday 10:42 in New York, Maya offered "Wed 11:00am, Wed 2:30pm or Thu 10:00am ET".
DEV_001 = Scene(
    "2026-11-17T10:42:00-05:00", NY, "maya", ("2026-11-18T11:00", "2026-11-18T14:30", "2026-11-19T10:00")
)

SCENES = {
    "dev-002": Scene(
        "2026-04-21T15:20:00+01:00",
        "Europe/London",
        "maya",
        ("2026-04-22T14:00", "2026-04-22T15:30", "2026-04-23T14:30"),
    ),
    "dev-003": Scene(
        "2026-09-15T13:05:00-05:00",
        "America/Chicago",
        "priya",
        ("2026-09-16T13:00", "2026-09-17T11:30", "2026-09-17T15:00"),
    ),
    "dev-004": Scene(
        "2026-06-10T09:25:00-04:00",
        "America/Detroit",
        "maya",
        ("2026-06-10T15:00", "2026-06-11T10:00", "2026-06-11T13:30"),
    ),
    "dev-006": Scene(
        "2026-05-19T17:30:00+02:00",
        "Europe/Madrid",
        "maya",
        ("2026-05-20T15:00", "2026-05-20T16:30", "2026-05-21T15:30"),
    ),
    "dev-007": Scene(
        "2026-10-06T11:15:00-04:00",
        "America/Toronto",
        "maya",
        ("2026-10-07T10:00", "2026-10-07T13:30", "2026-10-08T09:30"),
    ),
    "dev-008": Scene(
        "2026-01-23T16:20:00-05:00", NY, "maya", ("2026-01-26T10:00", "2026-01-26T14:00", "2026-01-27T11:30")
    ),
    "dev-009": Scene(
        "2026-03-03T22:30:00+08:00",
        "Asia/Singapore",
        "priya",
        ("2026-03-05T08:00", "2026-03-05T08:30", "2026-03-06T08:00"),
    ),
    "dev-016": Scene(
        "2026-11-19T23:12:00-05:00", NY, "maya", ("2026-11-20T09:30", "2026-11-20T11:00", "2026-11-20T14:00")
    ),
    "dev-017": Scene(
        "2026-10-10T14:20:00+01:00",
        "Europe/London",
        "tom",
        ("2026-10-12T10:00", "2026-10-12T14:00", "2026-10-13T11:00"),
    ),
    "dev-018": Scene(
        "2026-05-17T22:15:00+05:30",
        "Asia/Kolkata",
        "maya",
        ("2026-05-18T18:30", "2026-05-18T19:30", "2026-05-19T19:00"),
    ),
    "dev-019": Scene(
        "2026-02-24T07:45:00-05:00", NY, "tom", ("2026-02-24T10:00", "2026-02-24T11:30", "2026-02-25T09:00")
    ),
    "dev-020": Scene(
        "2026-03-13T17:45:00-06:00",
        "America/Denver",
        "maya",
        ("2026-03-16T11:00", "2026-03-16T13:00", "2026-03-17T09:00"),
    ),
    "dev-021": Scene(
        "2026-11-25T11:30:00+11:00",
        "Australia/Sydney",
        "priya",
        ("2026-11-26T09:00", "2026-11-26T10:00", "2026-11-26T11:00"),
    ),
    "dev-022": Scene(
        "2026-06-07T20:10:00-04:00", NY, "maya", ("2026-06-08T10:00", "2026-06-08T15:30", "2026-06-09T09:30")
    ),
    "dev-023": Scene(
        "2026-09-29T18:20:00-04:00", NY, "priya", ("2026-09-30T12:00", "2026-09-30T13:30", "2026-09-30T15:00")
    ),
    "dev-025": Scene(
        "2026-05-06T10:50:00-05:00",
        "America/Chicago",
        "priya",
        ("2026-05-06T15:00", "2026-05-07T11:00", "2026-05-07T14:00"),
    ),
    "dev-030": Scene(
        "2026-06-23T11:20:00-07:00",
        "America/Los_Angeles",
        "priya",
        ("2026-06-23T14:00", "2026-06-24T10:00", "2026-06-24T13:30"),
    ),
    "dev-037": Scene(
        "2026-10-22T16:10:00+01:00",
        "Europe/London",
        "maya",
        ("2026-10-22T19:30", "2026-10-23T14:00", "2026-10-23T16:00"),
    ),
    "dev-042": Scene(
        "2026-03-10T14:05:00-04:00", NY, "maya", ("2026-03-12T11:00", "2026-03-13T10:00", "2026-03-16T14:00")
    ),
    "dev-043": Scene(
        "2026-12-12T10:20:00+01:00",
        "Europe/Paris",
        "tom",
        ("2026-12-14T10:00", "2026-12-14T15:00", "2026-12-15T11:00"),
    ),
    "dev-046": Scene(
        "2026-09-17T17:30:00-03:00",
        "America/Sao_Paulo",
        "maya",
        ("2026-09-22T10:30", "2026-09-22T11:00", "2026-09-22T12:00"),
    ),
}


@pytest.mark.parametrize(
    ("scene", "text", "expected"),
    [
        ("dev-001", "wed 2:30 works", "2026-11-18T14:30"),
        ("dev-002", "thu 14:30 pls", "2026-04-23T14:30"),
        ("dev-003", "thursday 11:30 central", "2026-09-17T11:30"),
        ("dev-004", "thu 10 is good", "2026-06-11T10:00"),
        ("dev-004", "is there a writeup on the forgeline thing? and yes thu 10 is good", "2026-06-11T10:00"),
        ("dev-006", "miércoles 16:30 👍", "2026-05-20T16:30"),
        ("dev-007", "can we do thu 9:30", "2026-10-08T09:30"),
        ("dev-008", "mon 2 ✅", "2026-01-26T14:00"),
        ("dev-009", "thu 8am sg time is perfect", "2026-03-05T08:00"),
        ("dev-016", "11 works", "2026-11-20T11:00"),
        ("dev-016", "11 works. does the salesforce part need an admin on our side?", "2026-11-20T11:00"),
        ("dev-017", "monday 2pm. i'm helen btw", "2026-10-12T14:00"),
        ("dev-018", "mon 7:30 pm ist ok", "2026-05-18T19:30"),
        ("dev-019", "10 today. marc delacroix", "2026-02-24T10:00"),
        ("dev-020", "mon 11 mountain", "2026-03-16T11:00"),
        ("dev-021", "thu 10am works", "2026-11-26T10:00"),
        ("dev-022", "tue 9:30", "2026-06-09T09:30"),
        ("dev-023", "1:30 tomorrow", "2026-09-30T13:30"),
        ("dev-025", "thu 11 ct", "2026-05-07T11:00"),
        ("dev-030", "wed 10 pt", "2026-06-24T10:00"),
        ("dev-030", "ok that's worth a look. wed 10 pt", "2026-06-24T10:00"),
        ("dev-037", "fri 2pm 👌", "2026-10-23T14:00"),
        ("dev-042", "fine, pencil in thu 11. rob.kessler@northgateit.com", "2026-03-12T11:00"),
        ("dev-043", "ok lundi 15h", "2026-12-14T15:00"),
        ("dev-043", "ok lundi 15h. e.moreau@ferrasoft.fr", "2026-12-14T15:00"),
        ("dev-046", "11h works", "2026-09-22T11:00"),
        ("dev-046", "hmm ok, he's usually free tuesday morning. 11h works", "2026-09-22T11:00"),
    ],
)
def test_transcript_picks_choose_the_offered_slot(
    profile: CompanyProfile, scene: str, text: str, expected: str
) -> None:
    context = DEV_001 if scene == "dev-001" else SCENES[scene]
    assert context.pick(profile, text) == Chosen(context.slot(expected))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Ordinals, in the order the slots were shown.
        ("the second one", "2026-11-18T14:30"),
        ("first one", "2026-11-18T11:00"),
        ("the last option", "2026-11-19T10:00"),
        ("option 2", "2026-11-18T14:30"),
        ("la deuxième", "2026-11-18T14:30"),
        ("a segunda opção", "2026-11-18T14:30"),
        # A part of a day with exactly one offered slot.
        ("thursday morning", "2026-11-19T10:00"),
        ("jeudi matin", "2026-11-19T10:00"),
        ("mañana por la mañana", "2026-11-18T11:00"),
        # Free but not offered: taken as asked.
        ("can we do thu 9:30", "2026-11-19T09:30"),
        ("2pm", "2026-11-17T14:00"),
        ("3 pm tomorrow", "2026-11-18T15:00"),
        ("next monday at 10", "2026-11-23T10:00"),
        ("tue 4pm", "2026-11-17T16:00"),
        # Today's 9:30 has passed, so Tuesday 9:30 is next week's.
        ("tue 9:30", "2026-11-24T09:30"),
        ("11 works", "2026-11-18T11:00"),
        ("segunda 10h", "2026-11-23T10:00"),
        ("montag 10 uhr", "2026-11-23T10:00"),
        ("quinta-feira às 10h", "2026-11-19T10:00"),
        ("jueves a las 10", "2026-11-19T10:00"),
        ("thu 10:00 a.m.", "2026-11-19T10:00"),
        ("wed 2.30pm", "2026-11-18T14:30"),
        ("wed at noon", "2026-11-18T12:00"),
        ("thursday at 2 please", "2026-11-19T14:00"),
        ("wed 10 et works", "2026-11-18T10:00"),
        # A named zone overrides the visitor's: 11am Pacific is 2pm in New York.
        ("wed 11 pt", "2026-11-18T14:00"),
        ("wed 3pm uk time", "2026-11-18T10:00"),
    ],
)
def test_playbook_picks_against_the_first_transcript_offer(
    profile: CompanyProfile, text: str, expected: str
) -> None:
    assert DEV_001.pick(profile, text) == Chosen(DEV_001.slot(expected))


def test_a_day_with_two_offered_slots_is_ambiguous(profile: CompanyProfile) -> None:
    assert DEV_001.pick(profile, "wed works") == Ambiguous(
        (DEV_001.slot("2026-11-18T11:00"), DEV_001.slot("2026-11-18T14:30"))
    )


def test_two_times_in_one_message_are_ambiguous(profile: CompanyProfile) -> None:
    assert DEV_001.pick(profile, "wed 11 or thu 10") == Ambiguous(
        (DEV_001.slot("2026-11-18T11:00"), DEV_001.slot("2026-11-19T10:00"))
    )


def test_a_second_bare_number_after_or_is_a_time_too(profile: CompanyProfile) -> None:
    assert DEV_001.pick(profile, "thursday at 2 or 3") == Ambiguous(
        (DEV_001.slot("2026-11-19T14:00"), DEV_001.slot("2026-11-19T15:00"))
    )


def test_et_between_two_french_times_is_and_not_eastern(profile: CompanyProfile) -> None:
    assert DEV_001.pick(profile, "mardi 15h et 16h") == Ambiguous(
        (DEV_001.slot("2026-11-17T15:00"), DEV_001.slot("2026-11-17T16:00"))
    )


def test_part_of_today_without_an_offered_slot_suggests_free_ones(profile: CompanyProfile) -> None:
    result = DEV_001.pick(profile, "tuesday afternoon")
    assert isinstance(result, Ambiguous)
    assert result.candidates
    tz = DEV_001.tz
    for candidate in result.candidates:
        local = candidate.start_utc.astimezone(tz)
        assert local.date().isoformat() == "2026-11-17"
        # Afternoon, and not before the lead time allows (10:42 + 2h).
        assert 13 <= local.hour < 17


@pytest.mark.parametrize("text", ["this afternoon", "cet après-midi", "esta tarde"])
def test_this_afternoon_is_todays(profile: CompanyProfile, text: str) -> None:
    assert DEV_001.pick(profile, text) == DEV_001.pick(profile, "tuesday afternoon")


def test_a_bare_time_matching_no_offer_and_not_free_now_lists_that_time_later(
    profile: CompanyProfile,
) -> None:
    # 11:30 today is inside the lead time; tomorrow's and later 11:30s are free.
    result = DEV_001.pick(profile, "11:30 works")
    assert result == Ambiguous(
        (DEV_001.slot("2026-11-18T11:30"), DEV_001.slot("2026-11-19T11:30"), DEV_001.slot("2026-11-20T11:30"))
    )


def test_a_bare_time_means_its_next_occurrence_when_free(profile: CompanyProfile) -> None:
    # 9:30 has passed today, so it is tomorrow's.
    assert DEV_001.pick(profile, "9:30am works") == Chosen(DEV_001.slot("2026-11-18T09:30"))


@pytest.mark.parametrize(
    ("text", "requested"),
    [("sat 10am", "2026-11-21T10:00"), ("thu 8pm", "2026-11-19T20:00"), ("today 11", "2026-11-17T11:00")],
)
def test_a_time_that_is_not_free_is_unavailable_with_nearby_alternatives(
    profile: CompanyProfile, text: str, requested: str
) -> None:
    result = DEV_001.pick(profile, text)
    assert isinstance(result, Unavailable)
    assert result.requested == DEV_001.at(requested)
    free = set(DEV_001.free(profile))
    assert len(result.alternatives) == 3
    assert set(result.alternatives) <= free
    assert list(result.alternatives) == sorted(result.alternatives, key=lambda s: s.start_utc)


def test_alternatives_are_the_nearest_free_slots(profile: CompanyProfile) -> None:
    result = DEV_001.pick(profile, "thu 8pm")
    assert isinstance(result, Unavailable)
    assert result.alternatives == (
        DEV_001.slot("2026-11-19T15:30"),
        DEV_001.slot("2026-11-19T16:00"),
        DEV_001.slot("2026-11-19T16:30"),
    )


def test_an_offered_slot_taken_since_the_offer_is_unavailable(profile: CompanyProfile) -> None:
    taken = DEV_001.slot("2026-11-18T14:30")
    still_free = [s for s in DEV_001.free(profile) if s != taken]
    result = DEV_001.pick(profile, "wed 2:30 works", available=still_free)
    assert isinstance(result, Unavailable)
    assert result.requested == taken.start_utc
    assert taken not in result.alternatives
    assert DEV_001.pick(profile, "the second one", available=still_free) == result


def test_a_part_of_day_with_nothing_free_is_unavailable(profile: CompanyProfile) -> None:
    result = DEV_001.pick(profile, "tonight")
    assert isinstance(result, Unavailable)
    assert result.requested is None
    assert result.alternatives


def test_an_ordinal_beyond_the_offer_asks_again(profile: CompanyProfile) -> None:
    result = DEV_001.pick(profile, "the fourth one")
    assert result == Ambiguous(tuple(DEV_001.slot(o) for o in DEV_001.offered))


@pytest.mark.parametrize(
    "text",
    [
        "no thanks",
        "what's the price?",
        "we're a 40 person fintech, 6 of us would use it",
        "how long does the hubspot sync take? 2 weeks?",
        "sam.okoro@tallypay.co",
        "just a second",
        "399/mo for 25 seats?",
        "",
    ],
)
def test_messages_without_a_time_say_so(profile: CompanyProfile, text: str) -> None:
    assert DEV_001.pick(profile, text) == NoTime()


def test_an_ordinal_without_an_offer_is_no_time(profile: CompanyProfile) -> None:
    now = datetime.fromisoformat(DEV_001.now)
    assert parse_pick("the second one", [], now, DEV_001.tz, DEV_001.free(profile)) == NoTime()
