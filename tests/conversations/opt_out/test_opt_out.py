""" "Stop" and "delete my data" (DESIGN.md section 7): the agent obeys both. After "stop" the CRM
contact is do-not-contact, open tasks are cancelled and nothing more is offered; after "delete my
data" the person's data is gone from the CRM and from the conversation state."""

from __future__ import annotations

from conversation_kit import Chat, StartChat

EMAIL = "jane@ledgerly.example"
INTRO = f"we are a 60 person fintech, i run marketing. im jane, {EMAIL}"


def qualified(chat: Chat) -> Chat:
    """An L2 lead with slots on the table and a rep's follow-up task."""
    chat.says(INTRO, "we cant tell which campaigns create pipeline", "we use hubspot. does it integrate?")
    assert chat.state.get("tier") == "L2"
    pending = chat.state.get("pending")
    assert pending is not None and pending.kind == "slots"
    assert [t.status for t in chat.svc.context.crm.tasks_for(chat.cid)] == ["open"]
    return chat


def test_stop_marks_the_contact_do_not_contact_and_cancels_open_tasks(start_chat: StartChat) -> None:
    chat = qualified(start_chat("pricing"))
    outcome = chat.say("actually stop. dont contact me again")
    assert outcome.move == "opt_out"
    crm = chat.svc.context.crm
    contact = crm.contact_by_email(EMAIL)
    assert contact is not None and contact.do_not_contact
    record = crm.record(chat.cid)
    assert record is not None and record.opted_out_at is not None
    assert [t.status for t in crm.tasks_for(chat.cid)] == ["cancelled"]
    assert chat.state.get("opted_out") is True
    assert chat.state.get("pending") is None


def test_after_stop_nothing_more_is_offered(start_chat: StartChat) -> None:
    chat = qualified(start_chat("pricing"))
    offers_before = chat.offered_slots
    chat.say("stop, don't contact me")
    after = chat.says(
        "what does the contract look like?",  # an L3 signal
        "can I talk to a person?",
        "ok tue 2pm works",
    )
    assert all(o.move in ("answer", "nurture") for o in after), [o.move for o in after]
    assert chat.offered_slots == offers_before
    assert chat.svc.context.calendar.active_booking(chat.cid) is None
    assert chat.svc.context.handoff.active(chat.cid) is None
    crm = chat.svc.context.crm
    assert crm.opportunity_for(chat.cid) is None
    assert all(t.status == "cancelled" for t in crm.tasks_for(chat.cid))
    assert chat.state.get("pending") is None


def test_delete_my_data_erases_it_from_the_crm_and_the_conversation_state(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.says(INTRO, "we cant tell which campaigns create pipeline")
    crm = chat.svc.context.crm
    assert crm.contact_by_email(EMAIL) is not None
    outcome = chat.say("please delete my data")
    assert outcome.move == "opt_out"
    # CRM: no contact under that address, the transcript's words gone, the erasure on record.
    assert crm.contact_by_email(EMAIL) is None
    record = crm.record(chat.cid)
    assert record is not None and record.erased_at is not None and record.opted_out_at is not None
    assert record.transcript and all(entry["text"] == "" for entry in record.transcript)
    # Conversation state: no email or name, and no visitor's words in the transcript.
    lead = chat.lead
    assert (lead.value("email"), lead.value("name")) == (None, None)
    transcript = chat.state.get("transcript", [])
    assert transcript
    assert not any(EMAIL in t.text or "jane" in t.text.lower() for t in transcript)
    assert all(t.text == "[erased]" for t in transcript if t.role == "visitor")
    assert EMAIL not in str(chat.state)
    # Non-personal facts stay, so the conversation is still classified right.
    assert (lead.company_size, lead.industry, lead.role) == (60, "fintech", "marketing")


def test_after_erasure_the_next_turns_do_not_write_the_person_back(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.says(INTRO, "please delete my data", "does it integrate with hubspot?")
    crm = chat.svc.context.crm
    assert crm.contact_by_email(EMAIL) is None
    record = crm.record(chat.cid)
    assert record is not None and all(entry["text"] == "" for entry in record.transcript)


def test_delete_my_data_erases_the_stored_messages(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.says(INTRO, "please delete my data")
    assert not [m for m in chat.svc.messages(chat.cid) if EMAIL in m.text]


def test_delete_my_data_leaves_no_earlier_checkpoint_with_the_email(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    chat.says(INTRO, "please delete my data")
    graph = chat.svc._graph  # the history is only reachable through the compiled graph
    history = list(graph.get_state_history({"configurable": {"thread_id": chat.cid}}))
    assert history
    assert not [h for h in history if EMAIL in str(h.values)]
