"""Handoff to a human in business hours (DESIGN.md section 4, TRANSCRIPTS.md policy): an ICP lead
who asks for a person or is upset goes to the segment's rep and the bot goes silent while the
handoff is open; a non-ICP visitor is not handed to sales; an enterprise ICP lead with an L3
signal is offered a live transfer, and accepting it completes it."""

from __future__ import annotations

import pytest
from conversation_kit import IN_HOURS, Chat, StartChat

from agent.profile import CompanyProfile
from agent.state import HandoffRef

ASK_FOR_A_PERSON = "can I talk to a real person?"
ENTERPRISE = "we are a 2000 person software company, i am the VP of marketing"
ENTERPRISE_L3 = "we need this live before Q2 planning, how long does rollout take?"


def handed_off(chat: Chat) -> None:
    handoff = chat.svc.context.handoff.active(chat.cid)
    assert handoff is not None and handoff.status == "requested"
    ref = chat.state.get("handoff")
    assert ref is not None and ref.status == "requested" and ref.handoff_id == handoff.id


@pytest.mark.parametrize(
    ("intro", "segment", "reps"),
    [
        ("we are a 60 person fintech, i run marketing", "smb", {"maya"}),
        ("we are a 300 person software company, i lead revops", "midmarket", {"maya", "priya"}),
        (ENTERPRISE, "enterprise", {"tom"}),
    ],
)
def test_an_icp_lead_asking_for_a_person_in_hours_is_handed_to_the_segments_rep(
    start_chat: StartChat, profile: CompanyProfile, intro: str, segment: str, reps: set[str]
) -> None:
    assert {r.id for r in profile.reps_for(segment)} == reps
    chat = start_chat("pricing", now=IN_HOURS)
    chat.say(intro)
    outcome = chat.say(ASK_FOR_A_PERSON)
    assert outcome.move == "handoff"
    handed_off(chat)
    handoff = chat.svc.context.handoff.active(chat.cid)
    assert handoff is not None
    assert handoff.team == "sales" and handoff.rep_id in reps
    # The human gets a summary: who this is, and the conversation so far.
    summary = handoff.read_summary()
    assert (summary.icp_fit, summary.route, summary.who.segment) == ("fit", "sales", segment)
    assert [line.text for line in summary.transcript if line.role == "visitor"] == [intro, ASK_FOR_A_PERSON]
    # The handoff is the next step: L3, with an opportunity owned by the same rep.
    assert outcome.tier == "L3"
    opportunity = chat.svc.context.crm.opportunity_for(chat.cid)
    assert opportunity is not None
    assert (opportunity.owner_rep_id, opportunity.stage) == (handoff.rep_id, "live_conversation")


def test_the_bot_is_silent_while_the_handoff_is_open(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=IN_HOURS)
    chat.says("we are a 60 person fintech, i run marketing", ASK_FOR_A_PERSON)
    replies_before = len([m for m in chat.svc.messages(chat.cid) if m.role == "agent"])
    silent = chat.says("hello?", "is anyone there? what does growth cost?")
    for outcome in silent:
        assert outcome.move == "silent"
        assert outcome.reply is None and outcome.reply_id is None
    rows = chat.svc.messages(chat.cid)
    # The visitor's words are kept for the human; the bot stored nothing.
    assert [m.text for m in rows if m.role == "visitor"][-2:] == [
        "hello?",
        "is anyone there? what does growth cost?",
    ]
    assert len([m for m in rows if m.role == "agent"]) == replies_before
    assert len(chat.events_of("handoff", "start")) == 1


def test_the_bot_talks_again_after_the_operator_hands_back(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=IN_HOURS)
    chat.says("we are a 60 person fintech, i run marketing", ASK_FOR_A_PERSON)
    handoffs = chat.svc.context.handoff
    row = handoffs.active(chat.cid)
    assert row is not None
    taken = handoffs.take_over(row.id, "maya", chat.now)
    chat.svc.set_handoff(
        chat.cid, HandoffRef(status="live", team=taken.team, rep_id=taken.rep_id, handoff_id=row.id)
    )
    assert chat.say("hi maya").move == "silent"
    ended = handoffs.hand_back(row.id, "maya", chat.now)
    chat.svc.set_handoff(
        chat.cid, HandoffRef(status="ended", team=ended.team, rep_id=ended.rep_id, handoff_id=row.id)
    )
    outcome = chat.say("one more thing: does it integrate with hubspot?")
    assert outcome.move != "silent"
    assert outcome.reply is not None and "HubSpot" in outcome.reply.text
    # Asking again is not a second handoff: the transfer already happened.
    assert handoffs.active(chat.cid) is None


def test_frustration_from_an_icp_lead_triggers_a_handoff(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=IN_HOURS)
    chat.say("we are a 60 person fintech, i run marketing")
    outcome = chat.say("this is ridiculous, your bot keeps asking me the same thing. so annoying")
    assert outcome.move == "handoff"
    handed_off(chat)


def test_a_non_icp_visitor_asking_for_a_person_gets_no_handoff(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=IN_HOURS)
    chat.say("we are a 10 person agency, i run marketing")
    outcome = chat.say(ASK_FOR_A_PERSON)
    assert outcome.move == "nurture"
    assert outcome.reply is not None
    assert chat.svc.context.handoff.active(chat.cid) is None
    assert not chat.events_of("handoff", "start")
    assert chat.offered_slots == 0
    assert outcome.tier in ("L0", "L1")


def test_an_enterprise_l3_signal_in_hours_is_offered_a_live_transfer(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=IN_HOURS)
    chat.say(ENTERPRISE)
    offer = chat.say(ENTERPRISE_L3)
    assert offer.move == "offer_meeting"
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "transfer" and pending.rep_id == "tom"
    # Offered, not done: no handoff and no slots yet.
    assert chat.svc.context.handoff.active(chat.cid) is None
    assert chat.offered_slots == 0
    assert offer.tier != "L3"

    accepted = chat.say("yes please")
    assert accepted.move == "handoff"
    assert accepted.tier == "L3"
    handed_off(chat)
    handoff = chat.svc.context.handoff.active(chat.cid)
    assert handoff is not None and (handoff.team, handoff.rep_id) == ("sales", "tom")
    assert chat.lead.transferred is not None
    opportunity = chat.svc.context.crm.opportunity_for(chat.cid)
    assert opportunity is not None and opportunity.owner_rep_id == "tom"


def test_a_declined_transfer_is_no_handoff(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=IN_HOURS)
    chat.says(ENTERPRISE, ENTERPRISE_L3)
    declined = chat.say("not now")
    assert declined.move != "handoff"
    assert chat.svc.context.handoff.active(chat.cid) is None
    assert declined.tier != "L3"
    assert chat.lead.transferred is None


def test_a_declined_transfer_is_not_revived_by_a_later_sure(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=IN_HOURS)
    chat.says(ENTERPRISE, ENTERPRISE_L3, "not now")
    pending = chat.state.get("pending")
    assert pending is None or pending.kind != "transfer"
    outcome = chat.say("sure, which integrations do you have?")
    assert outcome.move != "handoff"
    assert chat.svc.context.handoff.active(chat.cid) is None


def test_a_declined_live_transfer_gets_slots_instead_and_is_not_offered_again(
    start_chat: StartChat,
) -> None:
    chat = start_chat("pricing", now=IN_HOURS)
    chat.says(ENTERPRISE, ENTERPRISE_L3)
    declined = chat.say("can't do a live call today, I'm in meetings all afternoon")
    assert declined.move == "offer_meeting", declined.reply
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "slots"
    assert chat.offered_slots == 1
    # Another buying question later gets slots again, never the live transfer they turned down.
    chat.say("not sure yet, what does enterprise cost?")
    pending = chat.state.get("pending")
    assert pending is None or pending.kind != "transfer"
    assert chat.svc.context.handoff.active(chat.cid) is None
