"""The three objections that sink most chats (DESIGN.md section 4): price shock, identity mismatch
and "just send me some info". Outcomes only: the plan pointed to, what was (not) offered, the tier,
the CRM and content events, and that no price the profile does not hold is ever stated."""

from __future__ import annotations

import re

import pytest
from conversation_kit import Chat, StartChat, dollar_amounts

from agent.answers import facts_in_text_are_grounded
from agent.profile import CompanyProfile

FIT_SMB = "we are a 60 person fintech, i run marketing"


def self_serve_plan(profile: CompanyProfile) -> str:
    return next(p.name for p in profile.pricing.plans if p.self_serve)


def profile_dollar_values(profile: CompanyProfile) -> set[float]:
    """Every dollar amount the profile states: plan prices and amounts quoted in its texts."""
    values = {float(p.price_per_month) for p in profile.pricing.plans if p.price_per_month is not None}
    values |= {_value(a) for a in dollar_amounts(profile.model_dump_json())}
    return values


def _value(amount: str) -> float:
    m = re.fullmatch(r"\$\s?([\d,]+(?:\.\d+)?)([kKmM]?)", amount.strip())
    assert m, amount
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()]
    return round(float(m.group(1).replace(",", "")) * scale, 2)


def assert_grounded(chat: Chat, profile: CompanyProfile) -> None:
    """No price, percentage or trial length the profile does not hold, in anything the agent said."""
    visitor = " ".join(t.text for t in chat.state.get("transcript", []) if t.role == "visitor")
    allowed = profile_dollar_values(profile)
    for reply in chat.replies:
        assert facts_in_text_are_grounded(reply, profile, may_echo=visitor) == [], reply
        for amount in dollar_amounts(reply):
            assert _value(amount) in allowed or amount in visitor, (amount, reply)


def assert_no_meeting_pushed(chat: Chat) -> None:
    assert chat.offered_slots == 0, chat.replies
    assert not chat.events_of("calendar", "book")
    assert chat.svc.context.calendar.active_booking(chat.cid) is None
    pending = chat.state.get("pending")
    assert pending is None or pending.kind not in ("slots", "call", "transfer")


# --- price shock ------------------------------------------------------------------------------


def test_price_shock_from_a_small_team_points_to_the_self_serve_plan(
    start_chat: StartChat, profile: CompanyProfile
) -> None:
    chat = start_chat("pricing")
    outcome = chat.say("we are a 12 person agency and $399 a month is way over our budget")
    assert outcome.move == "handle_objection"
    assert outcome.reply is not None
    assert self_serve_plan(profile) in outcome.reply.text
    assert outcome.icp_fit == "no_fit"
    assert_no_meeting_pushed(chat)
    assert_grounded(chat, profile)


def test_price_shock_from_an_icp_lead_reframes_and_offers_a_call_not_slots(
    start_chat: StartChat, profile: CompanyProfile
) -> None:
    chat = start_chat("pricing")
    chat.say(FIT_SMB)
    outcome = chat.say("$399 a month?! that is way too expensive for us")
    assert outcome.move == "handle_objection"
    assert outcome.reply is not None
    # Their industry's case study, not an invented promise.
    ledgerly = next(c for c in profile.case_studies if c.industry == "fintech")
    assert ledgerly.customer in outcome.reply.text
    # A soft next step: a call, no calendar pushed yet.
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "call"
    assert chat.offered_slots == 0
    assert_grounded(chat, profile)


def test_a_yes_to_the_call_after_price_shock_books_it(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.says(FIT_SMB, "$399 a month?! that is way too expensive for us")
    outcome = chat.say("ok sure, tomorrow at 9am works")
    assert outcome.move == "book"
    booking = chat.svc.context.calendar.active_booking(chat.cid)
    assert booking is not None
    assert outcome.tier == "L3"


def test_no_price_discount_or_trial_is_invented_across_pricing_questions(
    start_chat: StartChat, profile: CompanyProfile
) -> None:
    chat = start_chat("pricing")
    chat.says(
        FIT_SMB,
        "how much is growth?",
        "any discount if we pay annually? like 30% off?",
        "what about enterprise, how much is that?",
        "how much for 30 seats?",
        "is there a free trial? 30 days?",
        "honestly that's too expensive",
    )
    assert_grounded(chat, profile)
    enterprise = chat.replies[4]
    # Enterprise is priced per deal: the reply names no amount at all.
    assert "enterprise" in enterprise.lower()
    assert not re.search(r"enterprise[^.]*\$", enterprise.lower()), enterprise
    # The discount offered never exceeds the authority in the profile.
    for reply in chat.replies:
        for pct in re.findall(r"(\d+)\s?%\s?off", reply):
            assert int(pct) <= profile.pricing.discount_authority_pct, reply


# --- identity mismatch ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "messages",
    [
        pytest.param(
            [
                "honestly this looks built for big companies, we are only 8 people",
                "we do b2b software, im the founder",
            ],
            id="too-small",
        ),
        pytest.param(["hi im a student, doing a project on marketing attribution"], id="student"),
        pytest.param(
            [
                "we are 300 people in software, im an engineer",
                "I am not the one who decides on tools like this",
            ],
            id="wrong-person",
        ),
    ],
)
def test_identity_mismatch_gets_no_meeting_and_stays_at_most_l1(
    start_chat: StartChat, profile: CompanyProfile, messages: list[str]
) -> None:
    chat = start_chat("pricing")
    chat.says(*messages)
    # Even asking for a call outright, and a buying question, do not get one.
    chat.says("can we book a call tomorrow at 2pm?", "what does the contract look like?")
    assert all(o.move not in ("offer_meeting", "book", "handoff") for o in chat.outcomes), chat.moves
    assert_no_meeting_pushed(chat)
    assert chat.state.get("icp_fit") == "no_fit"
    assert chat.state.get("tier") in ("L0", "L1")
    assert chat.svc.context.crm.opportunity_for(chat.cid) is None
    assert not [t for t in chat.svc.context.crm.tasks_for(chat.cid) if t.kind == "follow_up"]
    assert_grounded(chat, profile)


def test_too_small_is_pointed_to_self_serve(start_chat: StartChat, profile: CompanyProfile) -> None:
    chat = start_chat("pricing")
    outcome = chat.say("honestly this looks built for big companies, we are only 8 people")
    assert outcome.move == "handle_objection"
    assert outcome.reply is not None and self_serve_plan(profile) in outcome.reply.text
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "signup"


def test_wrong_person_is_asked_who_owns_it(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.say("we are 300 people in software, im an engineer")
    outcome = chat.say("I am not the one who decides on tools like this")
    assert outcome.move == "handle_objection"
    # The champion path: something to pass along to the owner.
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "content"
    assert outcome.reply is not None and outcome.reply.text.rstrip().endswith(("?", "call."))


# --- send me some info ------------------------------------------------------------------------


def test_send_info_with_an_email_sends_content_and_pencils_in_a_call_for_an_icp_lead(
    start_chat: StartChat, profile: CompanyProfile
) -> None:
    chat = start_chat("pricing")
    chat.say(FIT_SMB)
    outcome = chat.say("just email me a deck at jane@ledgerly.example")
    assert outcome.move == "handle_objection"
    sent = [e for e in outcome.events if (e.tool, e.action) == ("content", "send")]
    assert len(sent) == 1 and "jane@ledgerly.example" in sent[0].detail
    contact = chat.svc.context.crm.contact_by_email("jane@ledgerly.example")
    assert contact is not None
    # The micro-commitment for an ICP lead: a pencilled-in call with real slots.
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "slots"
    assert len(pending.slots) == profile.meeting.slots_offered
    assert outcome.reply is not None
    assert any(c.url in outcome.reply.text for c in profile.content)


def test_send_info_from_a_non_icp_visitor_sends_content_without_a_call(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.say("im a marketing manager at a 10 person shop")
    outcome = chat.say("just send me some info at bob@shop.example")
    assert [(e.tool, e.action) for e in outcome.events if e.tool == "content"] == [("content", "send")]
    assert chat.svc.context.crm.contact_by_email("bob@shop.example") is not None
    assert_no_meeting_pushed(chat)


def test_send_info_without_an_email_asks_for_one_and_sends_nothing_yet(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.say(FIT_SMB)
    outcome = chat.say("can you just send me some info? I will read up first")
    assert outcome.move == "handle_objection"
    assert "email" in chat.state.get("last_asked", [])
    assert not chat.events_of("content", "send")
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "content"


def test_the_email_given_after_send_info_gets_the_content(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.says(FIT_SMB, "can you just send me some info? I will read up first")
    chat.say("jane@ledgerly.example")
    sent = chat.events_of("content", "send")
    assert len(sent) == 1 and "jane@ledgerly.example" in sent[0].detail
