"""`agent.routing.choose_move` as a pure function, on hand-built views (no graph, no database).

Each view is built the way the graph builds one: the visitor's analyses applied to a `LeadState`,
scored by the real scorer against the demo profile, plus the routing facts (pending offer,
handoff, what was asked, opt-out, booking). Every move is reachable; the order of precedence is
the playbook's: a human owning the chat silences the bot, "stop" comes before anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agent.context import PageContext
from agent.labels import Intent, Objection, Signal, SlotName
from agent.lead import LeadState
from agent.profile import CompanyProfile
from agent.routing import View, choose_move, missing_topics
from agent.scoring import score
from agent.state import MOVES, AskTopic, HandoffRef, HandoffStatus, Move, OfferedSlot, PendingOffer
from agent.understanding.analysis import (
    Evidence,
    Flag,
    FlagHit,
    IntentHit,
    Mention,
    ObjectionHit,
    SignalHit,
    SlotHit,
    TurnAnalysis,
)

NY = ZoneInfo("America/New_York")
IN_HOURS = datetime(2025, 1, 14, 10, 0, tzinfo=NY)
AFTER_HOURS = datetime(2025, 1, 14, 23, 0, tzinfo=NY)
PRICING = PageContext(page_url="https://lumenpipeline.example/pricing")
EV = Evidence(turn=1, quote="...")


def said(
    *,
    signals: Sequence[Signal] = (),
    objections: Sequence[Objection] = (),
    intents: Sequence[Intent] = (),
    flags: Sequence[Flag] = (),
    slots: Mapping[SlotName, int | str | bool] | None = None,
    tools: Sequence[str] = (),
) -> TurnAnalysis:
    """One visitor message, as the understanding engine would report it."""
    return TurnAnalysis(
        signals=tuple(SignalHit(label=s, evidence=EV) for s in signals),
        objections=tuple(ObjectionHit(label=o, evidence=EV) for o in objections),
        intents=tuple(IntentHit(label=i, evidence=EV) for i in intents),
        flags=tuple(FlagHit(flag=f, evidence=EV) for f in flags),
        slots=tuple(SlotHit(slot=k, value=v, evidence=EV) for k, v in (slots or {}).items()),
        mentions=tuple(Mention(kind="tool", value=t, evidence=EV) for t in tools),
    )


FIT = said(slots={"company_size": 60, "industry": "fintech", "role": "marketing"})
ENTERPRISE_FIT = said(slots={"company_size": 2000, "industry": "software", "role": "marketing"})
NO_FIT = said(slots={"company_size": 8, "industry": "software", "role": "founder"})
PROBLEM = said(slots={"problem": True})
STACK = said(tools=["HubSpot"])
FORWARD = said(signals=["forward_question"], flags=["question"])
SUPPORT = said(intents=["support"])
STUDENT = said(slots={"role": "student"})
CHAT = said()  # a real message that says nothing routing cares about


def slots_offer(now: datetime = IN_HOURS) -> PendingOffer:
    start = (now + timedelta(days=1)).astimezone(UTC)
    slot = OfferedSlot(rep_id="maya", start=start, end=start + timedelta(minutes=20), label="tomorrow")
    return PendingOffer(kind="slots", slots=(slot,), rep_id="maya")


def view(
    profile: CompanyProfile,
    current: TurnAnalysis | None,
    *history: TurnAnalysis,
    now: datetime = IN_HOURS,
    pending: PendingOffer | None = None,
    handoff: HandoffRef | None = None,
    asked: Sequence[AskTopic] = (),
    booked: bool = False,
    transferred: bool = False,
) -> View:
    lead = LeadState()
    for a in (*history, *([current] if current is not None else [])):
        lead = lead.apply(a)
    if booked:
        lead = lead.mark_booked(EV)
    if transferred:
        lead = lead.mark_transferred(EV)
    return View(
        analysis=current,
        lead=lead,
        score=score(lead, PRICING, profile),
        now=now,
        pending=pending,
        handoff=handoff or HandoffRef(),
        asked=tuple(asked),
        opted_out=lead.opted_out,
        booked=booked,
    )


def move(profile: CompanyProfile, current: TurnAnalysis | None, *history: TurnAnalysis, **kw: Any) -> Move:
    return choose_move(view(profile, current, *history, **kw), profile)


# --- one view per move: every move is reachable -----------------------------------------------


REACH: dict[Move, Callable[[CompanyProfile], View]] = {
    "open": lambda p: view(p, None),
    "ask": lambda p: view(p, CHAT),
    "answer": lambda p: view(p, said(flags=["question"])),
    "handle_objection": lambda p: view(p, said(objections=["price_shock"]), FIT),
    "offer_meeting": lambda p: view(p, said(signals=["commercial"]), FIT),
    "book": lambda p: view(p, said(intents=["meeting_accept"]), FIT, pending=slots_offer()),
    "handoff": lambda p: view(p, said(intents=["human_request"]), FIT),
    "to_support": lambda p: view(p, SUPPORT),
    "nurture": lambda p: view(p, CHAT, NO_FIT),
    "silent": lambda p: view(
        p, CHAT, FIT, handoff=HandoffRef(status="requested", team="sales", rep_id="maya")
    ),
    "opt_out": lambda p: view(p, said(intents=["opt_out"]), FIT),
}


def test_the_reach_table_covers_every_move() -> None:
    assert set(REACH) == set(MOVES)


@pytest.mark.parametrize("expected", MOVES)
def test_every_move_is_reachable(profile: CompanyProfile, expected: Move) -> None:
    assert choose_move(REACH[expected](profile), profile) == expected


def test_choose_move_is_pure(profile: CompanyProfile) -> None:
    v = view(profile, said(signals=["commercial"]), FIT)
    before = v.lead.model_dump()
    assert {choose_move(v, profile) for _ in range(3)} == {"offer_meeting"}
    assert v.lead.model_dump() == before


# --- precedence -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["requested", "live"])
@pytest.mark.parametrize(
    "current",
    [
        said(intents=["opt_out"]),
        said(intents=["human_request", "frustration"]),
        said(intents=["meeting_accept"]),
        said(signals=["commercial"], flags=["question"]),
        said(objections=["price_shock"]),
    ],
    ids=["opt-out", "human", "pick", "l3-signal", "objection"],
)
def test_a_human_owned_conversation_is_silent_whatever_is_said(
    profile: CompanyProfile, status: HandoffStatus, current: TurnAnalysis
) -> None:
    handoff = HandoffRef(status=status, team="sales", rep_id="maya")
    assert move(profile, current, FIT, handoff=handoff, pending=slots_offer()) == "silent"


def test_an_ended_handoff_lets_the_bot_talk_again(profile: CompanyProfile) -> None:
    handoff = HandoffRef(status="ended", team="sales", rep_id="maya")
    assert move(profile, said(flags=["question"]), CHAT, handoff=handoff) == "answer"
    assert move(profile, said(flags=["question"]), FIT, handoff=handoff, transferred=True) != "silent"


@pytest.mark.parametrize(
    "also",
    [
        ["human_request"],
        ["meeting_accept"],
        ["frustration"],
        ["support"],
    ],
)
def test_opt_out_comes_before_everything_but_a_human(profile: CompanyProfile, also: list[Intent]) -> None:
    current = said(intents=["opt_out", *also], objections=["price_shock"], signals=["commercial"])
    assert move(profile, current, FIT, pending=slots_offer()) == "opt_out"


def test_after_opting_out_only_questions_are_answered(profile: CompanyProfile) -> None:
    stop = said(intents=["opt_out"])
    assert move(profile, said(signals=["commercial"], flags=["question"]), FIT, stop) == "answer"
    assert move(profile, said(intents=["meeting_accept"]), FIT, stop, pending=slots_offer()) == "nurture"
    assert move(profile, said(intents=["human_request"]), FIT, stop) == "nurture"


# --- routes away from sales -------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", [STUDENT, said(flags=["job_seeker"]), said(flags=["vendor_pitch"]), said(flags=["spam"])]
)
def test_non_prospects_are_nurtured_even_when_they_ask_for_a_meeting(
    profile: CompanyProfile, who: TurnAnalysis
) -> None:
    assert move(profile, said(intents=["meeting_accept", "human_request"]), who) == "nurture"


def test_support_goes_to_support_and_to_a_person_only_in_hours(profile: CompanyProfile) -> None:
    assert move(profile, said(flags=["question"]), SUPPORT) == "to_support"
    assert move(profile, said(intents=["meeting_accept"]), SUPPORT, pending=slots_offer()) == "to_support"
    assert move(profile, said(intents=["human_request"]), SUPPORT, now=IN_HOURS) == "handoff"
    assert move(profile, said(intents=["human_request"]), SUPPORT, now=AFTER_HOURS) == "to_support"


# --- meetings and people ----------------------------------------------------------------------


def test_a_pick_with_slots_on_the_table_books(profile: CompanyProfile) -> None:
    assert move(profile, said(intents=["meeting_accept"]), CHAT, pending=slots_offer()) == "book"


def test_a_named_time_without_an_offer_books_unless_the_visitor_is_not_icp(profile: CompanyProfile) -> None:
    assert move(profile, said(intents=["meeting_accept"]), FIT) == "book"
    assert move(profile, said(intents=["meeting_accept"]), CHAT) == "book"  # fit unknown: may still book
    assert move(profile, said(intents=["meeting_accept"]), NO_FIT) != "book"
    assert move(profile, said(intents=["meeting_accept"]), FIT, booked=True) != "book"


@pytest.mark.parametrize(
    ("now", "fit", "expected"),
    [
        (IN_HOURS, FIT, "handoff"),
        (AFTER_HOURS, FIT, "offer_meeting"),
        (IN_HOURS, CHAT, "ask"),  # fit unknown: qualify first
        (AFTER_HOURS, CHAT, "ask"),
        (IN_HOURS, NO_FIT, "nurture"),
        (AFTER_HOURS, NO_FIT, "nurture"),
    ],
)
def test_a_request_for_a_person(
    profile: CompanyProfile, now: datetime, fit: TurnAnalysis, expected: Move
) -> None:
    assert move(profile, said(intents=["human_request"]), fit, now=now) == expected
    assert move(profile, said(intents=["frustration"]), fit, now=now) == expected


def test_a_request_made_earlier_hands_off_once_fit_is_confirmed_in_hours(profile: CompanyProfile) -> None:
    assert move(profile, FIT, said(intents=["human_request"]), now=IN_HOURS) == "handoff"
    # Transferred already: no second handoff.
    assert move(profile, FIT, said(intents=["human_request"]), now=IN_HOURS, transferred=True) != "handoff"


def test_an_l3_signal_from_an_icp_lead_gets_the_calendar_and_from_others_an_answer(
    profile: CompanyProfile,
) -> None:
    for signal in ("timeline", "champion", "commercial", "social_proof"):
        current = said(signals=[signal], flags=["question"])
        assert move(profile, current, FIT) == "offer_meeting", signal
        assert move(profile, current, ENTERPRISE_FIT) == "offer_meeting", signal
        assert move(profile, current, CHAT) == "answer", signal
        assert move(profile, current, FIT, booked=True) == "answer", signal
    assert move(profile, said(signals=["commercial"], flags=["question"]), NO_FIT) != "offer_meeting"


def test_a_qualified_lead_is_offered_the_calendar_once(profile: CompanyProfile) -> None:
    qualified = (FIT, PROBLEM, STACK)
    assert move(profile, FORWARD, *qualified) == "offer_meeting"
    # Slots already out: answer the question, do not re-offer.
    assert move(profile, FORWARD, *qualified, pending=slots_offer()) == "answer"


def test_objections_get_their_playbook_before_signals(profile: CompanyProfile) -> None:
    for objection in ("price_shock", "identity_mismatch", "send_info"):
        current = said(objections=[objection], signals=["commercial"], flags=["question"])
        assert move(profile, current, FIT) == "handle_objection", objection


def test_a_declined_meeting_is_nurtured_or_answered(profile: CompanyProfile) -> None:
    assert move(profile, said(intents=["meeting_decline"]), FIT, pending=slots_offer()) == "nurture"
    assert move(profile, said(intents=["meeting_decline"], flags=["question"]), FIT) == "answer"


# --- qualifying questions ---------------------------------------------------------------------


def test_questions_follow_the_unlock_order_and_skip_what_is_known() -> None:
    assert missing_topics(LeadState(), ()) == ["company_size", "role", "industry", "problem", "stack"]
    lead = LeadState().apply(FIT)
    assert missing_topics(lead, ()) == ["problem", "stack"]
    assert missing_topics(lead, ("problem",)) == ["stack"]
    assert missing_topics(lead.apply(PROBLEM).apply(STACK), ()) == []


def test_a_fit_lead_with_a_problem_and_nothing_left_to_ask_is_offered_the_calendar(
    profile: CompanyProfile,
) -> None:
    asked: tuple[AskTopic, ...] = ("problem", "stack")
    assert move(profile, CHAT, FIT, PROBLEM, asked=asked) == "offer_meeting"
    assert move(profile, CHAT, FIT, PROBLEM) == "ask"  # the stack question first


def test_after_booking_the_agent_asks_for_the_invite_email_and_books_it(profile: CompanyProfile) -> None:
    assert move(profile, CHAT, FIT, booked=True) == "ask"
    assert move(profile, said(slots={"email": "jane@ledgerly.example"}), FIT, booked=True) == "book"


def test_a_non_icp_visitor_is_not_asked_more_questions(profile: CompanyProfile) -> None:
    assert move(profile, CHAT, NO_FIT) == "nurture"
