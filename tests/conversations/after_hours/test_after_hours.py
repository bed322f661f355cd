"""After-hours coverage (DESIGN.md sections 1 and 4): nobody is promised a live person outside the
profile's business hours; an ICP lead who asks for one gets real slots, a reply that says the team
is offline, and a follow-up task for the rep with a reply-by in business hours. The same request in
business hours is a live handoff."""

from __future__ import annotations

from datetime import datetime

import pytest
from conversation_kit import AFTER_HOURS, IN_HOURS, NEW_YORK, Chat, StartChat

from agent.profile import CompanyProfile

FIT_SMB = "we are a 60 person fintech, i run marketing"
ASK_FOR_A_PERSON = "can I talk to a real person?"

CLOSED = [
    pytest.param(AFTER_HOURS, datetime(2025, 1, 15, 13, 0, tzinfo=NEW_YORK), id="tuesday-night"),
    pytest.param(
        datetime(2025, 1, 18, 12, 0, tzinfo=NEW_YORK),
        datetime(2025, 1, 20, 13, 0, tzinfo=NEW_YORK),
        id="saturday-noon",
    ),
    pytest.param(
        datetime(2025, 1, 14, 8, 30, tzinfo=NEW_YORK),
        datetime(2025, 1, 14, 13, 0, tzinfo=NEW_YORK),
        id="before-opening",
    ),
]


def hours_text(profile: CompanyProfile) -> str:
    h = profile.business_hours
    return f"{h.start:%H:%M}-{h.end:%H:%M}"


def assert_no_live_promise(chat: Chat) -> None:
    assert chat.svc.context.handoff.active(chat.cid) is None
    assert not chat.events_of("handoff", "start")
    handoff = chat.state.get("handoff")
    assert handoff is None or handoff.status == "none"
    assert all(o.move != "handoff" for o in chat.outcomes)


@pytest.mark.parametrize(("now", "reply_by"), CLOSED)
def test_an_icp_lead_asking_for_a_person_after_hours_gets_slots_not_a_live_promise(
    start_chat: StartChat, profile: CompanyProfile, now: datetime, reply_by: datetime
) -> None:
    chat = start_chat("pricing", now=now)
    chat.say(FIT_SMB)
    outcome = chat.say(ASK_FOR_A_PERSON)
    assert outcome.move == "offer_meeting"
    assert_no_live_promise(chat)
    # Real slots, all after now, with the segment's rep.
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "slots"
    assert len(pending.slots) == profile.meeting.slots_offered
    assert all(s.start > chat.now for s in pending.slots)
    # The reply says the team is offline and when it works.
    assert outcome.reply is not None
    assert "offline" in outcome.reply.text.lower()
    assert hours_text(profile) in outcome.reply.text
    # The rep gets a follow-up task, due within the follow-up SLA counted in business hours.
    tasks = [t for t in chat.svc.context.crm.tasks_for(chat.cid) if t.kind == "handoff_followup"]
    assert len(tasks) == 1
    assert tasks[0].rep_id == pending.rep_id == "maya"
    assert tasks[0].due_at == reply_by


def test_the_same_request_in_business_hours_is_a_live_handoff(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=IN_HOURS)
    chat.say(FIT_SMB)
    outcome = chat.say(ASK_FOR_A_PERSON)
    assert outcome.move == "handoff"
    handoff = chat.svc.context.handoff.active(chat.cid)
    assert handoff is not None and (handoff.team, handoff.rep_id) == ("sales", "maya")
    assert chat.offered_slots == 0
    assert outcome.reply is not None and "offline" not in outcome.reply.text.lower()
    assert not [t for t in chat.svc.context.crm.tasks_for(chat.cid) if t.kind == "handoff_followup"]


def test_picking_an_after_hours_slot_books_it(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=AFTER_HOURS)
    chat.says(FIT_SMB, ASK_FOR_A_PERSON)
    pending = chat.state.get("pending")
    assert pending is not None
    outcome = chat.say("the first one")
    booking = chat.svc.context.calendar.active_booking(chat.cid)
    assert booking is not None and booking.start_utc == pending.slots[0].start
    assert outcome.tier == "L3"
    assert_no_live_promise(chat)


def test_after_hours_an_enterprise_l3_signal_gets_slots_not_a_transfer(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=AFTER_HOURS)
    chat.say("we are a 2000 person software company, i am the VP of marketing")
    outcome = chat.say("we need this live before Q2 planning, how long does rollout take?")
    assert outcome.move == "offer_meeting"
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "slots"
    assert pending.rep_id == "tom"  # the enterprise rep
    assert_no_live_promise(chat)


def test_a_visitor_of_unknown_fit_asking_after_hours_is_qualified_first(
    start_chat: StartChat, profile: CompanyProfile
) -> None:
    chat = start_chat("pricing", now=AFTER_HOURS)
    outcome = chat.say(ASK_FOR_A_PERSON)
    assert outcome.move == "ask"
    assert outcome.reply is not None and hours_text(profile) in outcome.reply.text
    assert_no_live_promise(chat)


def test_the_booking_promised_after_hours_follows_once_fit_is_known(start_chat: StartChat) -> None:
    chat = start_chat("pricing", now=AFTER_HOURS)
    chat.says(ASK_FOR_A_PERSON, FIT_SMB)
    assert chat.outcomes[-1].move == "offer_meeting"
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "slots"
