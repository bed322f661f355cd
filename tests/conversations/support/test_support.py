"""Existing customers (DESIGN.md section 4): post-sale help goes to support, is not scored as a lead
and is never offered a sales meeting; expansion intent (another team, more seats, an upgrade) is a
new sales conversation."""

from __future__ import annotations

from conversation_kit import AFTER_HOURS, IN_HOURS, Chat, StartChat

BROKEN_SYNC = "our salesforce sync is broken since yesterday, no data is coming in"


def support_tickets(chat: Chat) -> list[str]:
    return [t.status for t in chat.svc.context.crm.tasks_for(chat.cid) if t.kind == "support_ticket"]


def test_a_customer_with_a_broken_sync_goes_to_support(start_chat: StartChat) -> None:
    chat = start_chat("home", known_customer=True)
    outcome = chat.say(BROKEN_SYNC)
    assert outcome.move == "to_support"
    assert outcome.route == "support"
    # One ticket for the support team (no sales rep), and nothing for sales.
    tasks = chat.svc.context.crm.tasks_for(chat.cid)
    assert [(t.kind, t.rep_id, t.status) for t in tasks] == [("support_ticket", None, "open")]
    record = chat.svc.context.crm.record(chat.cid)
    assert record is not None and record.route == "support"


def test_a_support_conversation_is_never_scored_as_a_lead_or_offered_a_meeting(start_chat: StartChat) -> None:
    chat = start_chat("home", known_customer=True)
    chat.says(
        BROKEN_SYNC,
        # Fit facts, a question and a time: none of it makes this a sales conversation.
        "we are a 400 person software company, i am the head of revops. is there a fix?",
        "can we book a call tomorrow at 2pm?",
        "what does the contract look like?",
    )
    assert {o.route for o in chat.outcomes} == {"support"}
    assert {o.tier for o in chat.outcomes} <= {"L0", "L1"}
    assert all(o.move not in ("offer_meeting", "book") for o in chat.outcomes), chat.moves
    assert chat.offered_slots == 0
    assert chat.svc.context.calendar.active_booking(chat.cid) is None
    crm = chat.svc.context.crm
    assert crm.opportunity_for(chat.cid) is None
    # The follow-ups land on the same ticket.
    assert support_tickets(chat) == ["open"]
    assert not [t for t in crm.tasks_for(chat.cid) if t.kind != "support_ticket"]


def test_a_customer_asking_for_a_person_in_hours_is_handed_to_support(start_chat: StartChat) -> None:
    chat = start_chat("home", now=IN_HOURS, known_customer=True)
    chat.say(BROKEN_SYNC)
    outcome = chat.say("can I talk to a person?")
    assert outcome.move == "handoff"
    handoff = chat.svc.context.handoff.active(chat.cid)
    assert handoff is not None and (handoff.team, handoff.rep_id) == ("support", None)
    assert outcome.route == "support" and outcome.tier in ("L0", "L1")
    assert chat.svc.context.crm.opportunity_for(chat.cid) is None


def test_after_hours_a_customer_asking_for_a_person_gets_the_ticket_not_a_person(
    start_chat: StartChat,
) -> None:
    chat = start_chat("home", now=AFTER_HOURS, known_customer=True)
    chat.says(BROKEN_SYNC, "can I talk to a person?")
    assert chat.svc.context.handoff.active(chat.cid) is None
    assert all(o.move == "to_support" for o in chat.outcomes)
    assert support_tickets(chat) == ["open"]


def test_expansion_intent_from_a_customer_routes_to_sales(start_chat: StartChat) -> None:
    chat = start_chat("home", known_customer=True)
    outcome = chat.say(
        "we are already customers. we want to add another team and more seats, "
        "what would enterprise pricing look like?"
    )
    assert outcome.route == "sales"
    assert outcome.move != "to_support"
    assert support_tickets(chat) == []
    # It is qualified and pursued like any sales conversation.
    chat.say("we are a 400 person software company, i am the head of revops")
    offer = chat.say("what does the contract look like?")
    assert offer.move == "offer_meeting"
    assert offer.route == "sales" and offer.icp_fit == "fit"
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "slots"
    assert support_tickets(chat) == []
