"""The happy path (DESIGN.md sections 3-4): a page-framed opener, qualifying questions that skip
what is known and come one at a time, an L3 signal answered with slots, a free-text pick that
books, the L3 opportunity, the invite, and no double booking between two visitors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conversation_kit import IN_HOURS, NEW_YORK, WEDNESDAY, Chat, StartChat

from agent.opener import SIZE_CHOICES
from agent.profile import CompanyProfile
from agent.service import ConversationService
from tools.crm.opportunities import SALES_CYCLE_DAYS

FIT_SMB = "we are a 60 person fintech, i run marketing"  # smb segment: Maya Chen's
L3_QUESTION = "is there an annual commitment on growth?"  # a commercial signal


def offered(chat: Chat) -> Chat:
    """A fit lead who asked a commercial question and has three slots on the table."""
    chat.says(FIT_SMB, L3_QUESTION)
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "slots", chat.replies[-1]
    return chat


# --- the opener -------------------------------------------------------------------------------


def test_pricing_page_opener_is_about_plan_fit_by_team_size(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    opener = chat.started.reply
    assert "plan" in opener.text.lower()
    assert "how can i help" not in opener.text.lower()
    # The quick replies are team sizes: the answer that picks the plan.
    assert opener.quick_replies == SIZE_CHOICES
    rows = chat.svc.messages(chat.cid)
    assert [(r.role, r.move) for r in rows] == [("agent", "open")]


@pytest.mark.parametrize(
    ("page", "expected"),
    [("salesforce", "Salesforce"), ("customers", "stor"), ("blog", "post")],
)
def test_other_pages_frame_the_opener_too(start_chat: StartChat, page: str, expected: str) -> None:
    pricing = start_chat("pricing").started.reply.text
    chat = start_chat(page)
    assert expected.lower() in chat.started.reply.text.lower()
    assert chat.started.reply.text != pricing


# --- qualifying questions ---------------------------------------------------------------------


def test_questions_skip_what_the_visitor_already_said(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    first = chat.say(FIT_SMB)
    assert first.move == "ask"
    assert first.icp_fit == "fit"
    # Size, industry and role are known: the one question is about the problem.
    assert chat.state.get("last_asked") == ["problem"]
    assert first.reply is not None and first.reply.text.count("?") == 1
    assert not {"company_size", "role", "industry"} & set(chat.state.get("asked", []))


def test_questions_come_one_at_a_time_in_unlock_order(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.say("we're about 60 people")
    asked = [chat.state.get("last_asked")]
    chat.say("I run marketing")
    asked.append(chat.state.get("last_asked"))
    chat.say("we're a fintech")
    asked.append(chat.state.get("last_asked"))
    assert asked == [["role"], ["industry"], ["problem"]]
    assert all(o.move == "ask" for o in chat.outcomes)
    assert all(o.reply is not None and o.reply.text.count("?") == 1 for o in chat.outcomes)


def test_a_dodged_topic_is_not_asked_again(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.says(FIT_SMB, "not sure yet, just looking", "hmm", "ok")
    asked = chat.state.get("asked", [])
    assert len(asked) == len(set(asked)), asked


def test_the_missing_half_of_a_two_part_question_is_asked_once_more(start_chat: StartChat) -> None:
    chat = start_chat("home")
    chat.say("hey, looking at attribution tools")
    assert chat.state.get("last_asked") == ["company_size", "role"], chat.replies[-1]
    chat.say("saas. head of growth")  # the role and more, but no size
    assert chat.state.get("last_asked") == ["company_size"], chat.replies[-1]
    chat.say("not saying")  # dodged the second time: not asked a third
    assert "company_size" not in (chat.state.get("last_asked") or [])
    asked = chat.state.get("asked", [])
    assert len(asked) == len(set(asked)), asked


# --- L3 signal: answer AND slots --------------------------------------------------------------


def test_an_l3_signal_from_an_icp_lead_gets_the_answer_and_slots_in_one_reply(
    start_chat: StartChat, profile: CompanyProfile
) -> None:
    chat = start_chat("pricing")
    chat.say(FIT_SMB)
    outcome = chat.say(L3_QUESTION)
    assert outcome.move == "offer_meeting"
    assert outcome.reply is not None
    text = outcome.reply.text
    # The answer, from the profile...
    assert profile.pricing.annual_commitment is not None
    assert profile.pricing.annual_commitment in text
    # ...and three real slots with the segment's rep, in the same reply.
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "slots"
    assert len(pending.slots) == profile.meeting.slots_offered
    assert pending.rep_id == "maya"
    assert outcome.reply.quick_replies == tuple(s.label for s in pending.slots)
    for slot in pending.slots:
        time_shown = slot.label.rsplit(" ", 1)[0]  # the list names the zone once, at its end
        assert time_shown.lower() in text.lower()
        assert slot.start > chat.now
    assert [e.action for e in outcome.events if e.tool == "calendar"] == ["offer"]


def test_a_second_question_keeps_the_same_slots_on_the_table(start_chat: StartChat) -> None:
    chat = offered(start_chat("pricing"))
    first = chat.state.get("pending")
    outcome = chat.say("does it integrate with hubspot?")
    assert outcome.reply is not None and "HubSpot" in outcome.reply.text
    assert chat.state.get("pending") == first
    assert chat.offered_slots == 1


# --- free-text picks --------------------------------------------------------------------------


def test_the_second_one_books_the_second_offered_slot(start_chat: StartChat) -> None:
    chat = offered(start_chat("pricing"))
    pending = chat.state.get("pending")
    assert pending is not None
    outcome = chat.say("the second one")
    assert outcome.move == "book"
    booking = chat.svc.context.calendar.active_booking(chat.cid)
    assert booking is not None
    assert (booking.rep_id, booking.start_utc) == (pending.slots[1].rep_id, pending.slots[1].start)
    assert chat.state.get("pending") is None


def test_tue_2pm_books_that_time_in_the_visitors_zone(start_chat: StartChat) -> None:
    chat = offered(start_chat("pricing", now=IN_HOURS))
    chat.say("tue 2pm")
    booking = chat.svc.context.calendar.active_booking(chat.cid)
    assert booking is not None
    local = booking.start_utc.astimezone(NEW_YORK)
    assert (local.date(), local.hour, local.minute) == (IN_HOURS.date(), 14, 0)


def test_thursday_morning_books_the_offered_thursday_morning_slot(start_chat: StartChat) -> None:
    chat = offered(start_chat("pricing", now=WEDNESDAY))
    pending = chat.state.get("pending")
    assert pending is not None
    thursday_mornings = [
        s
        for s in pending.slots
        if s.start.astimezone(NEW_YORK).weekday() == 3 and s.start.astimezone(NEW_YORK).hour < 12
    ]
    assert len(thursday_mornings) == 1, "the offer should hold exactly one Thursday morning"
    chat.say("thursday morning")
    booking = chat.svc.context.calendar.active_booking(chat.cid)
    assert booking is not None
    assert booking.start_utc == thursday_mornings[0].start


def test_a_vague_pick_gets_a_choice_and_the_follow_up_books(start_chat: StartChat) -> None:
    # Tuesday 10:00: none of the offered slots is on Thursday, so "thursday morning" is a range.
    chat = offered(start_chat("pricing", now=IN_HOURS))
    vague = chat.say("thursday morning")
    assert vague.move == "book"
    assert chat.svc.context.calendar.active_booking(chat.cid) is None
    options = chat.state.get("pending")
    assert options is not None and options.kind == "slots" and options.slots
    assert all(s.start.astimezone(NEW_YORK).weekday() == 3 for s in options.slots)
    chat.say("the first one")
    booking = chat.svc.context.calendar.active_booking(chat.cid)
    assert booking is not None and booking.start_utc == options.slots[0].start


# --- after the booking ------------------------------------------------------------------------


def test_a_booking_makes_an_l3_opportunity_with_owner_and_close_date(start_chat: StartChat) -> None:
    chat = offered(start_chat("pricing"))
    outcome = chat.say("the first one")
    assert (outcome.tier_before, outcome.tier) == ("L0", "L3")
    crm = chat.svc.context.crm
    booking = chat.svc.context.calendar.active_booking(chat.cid)
    opportunity = crm.opportunity_for(chat.cid)
    assert booking is not None and opportunity is not None
    assert opportunity.owner_rep_id == booking.rep_id == "maya"
    assert opportunity.stage == "meeting_booked"
    today = chat.now.astimezone(NEW_YORK).date()
    assert opportunity.projected_close_date == today + timedelta(days=SALES_CYCLE_DAYS["smb"])
    assert opportunity.amount is None  # never invented
    record = crm.record(chat.cid)
    assert record is not None and (record.tier, record.route, record.icp_fit) == ("L3", "sales", "fit")
    assert chat.state.get("tier") == "L3"
    assert chat.lead.booked is not None


def test_the_invite_goes_to_the_email_given_after_booking(start_chat: StartChat) -> None:
    chat = offered(start_chat("pricing"))
    chat.say("the first one")
    # No email yet: the agent asks for one.
    assert "email" in chat.state.get("asked", [])
    assert not chat.events_of("calendar", "invite")
    outcome = chat.say("jane@ledgerly.example")
    assert [e.action for e in outcome.events if e.tool == "calendar"] == ["invite"]
    booking = chat.svc.context.calendar.active_booking(chat.cid)
    assert booking is not None and booking.contact_email == "jane@ledgerly.example"
    contact = chat.svc.context.crm.contact_by_email("jane@ledgerly.example")
    assert contact is not None and contact.lifecycle_stage == "opportunity"
    # Later messages do not send it again.
    chat.say("thanks, talk then")
    assert len(chat.events_of("calendar", "invite")) == 1


def test_an_email_known_before_booking_gets_the_invite_with_the_booking(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.says(f"{FIT_SMB}. jane@ledgerly.example", L3_QUESTION)
    outcome = chat.say("the first one")
    assert [e.action for e in outcome.events if e.tool == "calendar"] == ["book", "invite"]
    booking = chat.svc.context.calendar.active_booking(chat.cid)
    assert booking is not None and booking.contact_email == "jane@ledgerly.example"
    assert "email" not in chat.state.get("asked", [])


# --- two visitors, one slot -------------------------------------------------------------------


def test_two_conversations_picking_the_same_slot_do_not_double_book(
    start_chat: StartChat, service: ConversationService
) -> None:
    first = offered(start_chat("pricing", cid="first"))
    second = offered(start_chat("pricing", cid="second"))
    first_offer, second_offer = first.state.get("pending"), second.state.get("pending")
    assert first_offer is not None and second_offer is not None
    assert first_offer.slots[0] == second_offer.slots[0], "both should be offered the same first slot"
    taken = first_offer.slots[0]

    first.say("the first one")
    outcome = second.say("the first one")

    calendar = service.context.calendar
    winner = calendar.active_booking("first")
    assert winner is not None and winner.start_utc == taken.start
    assert calendar.active_booking("second") is None
    assert outcome.move == "book" and outcome.tier != "L3"
    # The second visitor gets alternatives that are really free.
    alternatives = second.state.get("pending")
    assert alternatives is not None and alternatives.kind == "slots" and alternatives.slots
    assert taken.start not in {s.start for s in alternatives.slots}
    assert len(calendar.bookings_for("maya", taken.start, taken.end)) == 1

    second.say("the first one")
    booking = calendar.active_booking("second")
    assert booking is not None and booking.start_utc == alternatives.slots[0].start != taken.start


def test_a_bare_hi_is_greeted_and_a_dodge_gets_the_question_not_a_goodbye(
    start_chat: StartChat,
) -> None:
    chat = start_chat("pricing")
    hi = chat.say("hi")
    assert hi.move == "ask" and hi.reply is not None and "?" in hi.reply.text
    dodge = chat.say("maybe")
    assert dodge.move == "ask"
    assert chat.state.get("last_asked") == ["company_size", "role"], chat.replies[-1]
    # Neither counted as a real exchange.
    assert chat.lead.real_exchanges == 0
