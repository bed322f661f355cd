""" "Stop" and "delete my data": no more contact, and an erasure that keeps its own record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from tools.crm import CrmService, LeadSnapshot

LeadFactory = Callable[..., LeadSnapshot]


def test_opt_out_stops_contact_and_cancels_open_tasks(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    crm.sync(make_lead(tier="L2"), reason="qualified")

    crm.opt_out("conv1", erase=False, now=now + timedelta(minutes=2))

    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert contact.do_not_contact
    assert contact.name == "Jane Doe"
    [task] = crm.tasks_for("conv1")
    assert task.status == "cancelled"


def test_after_opt_out_no_task_or_opportunity_is_created(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    crm.sync(make_lead(tier="L1"), reason="engaged")
    crm.opt_out("conv1", erase=False, now=now)

    later = now + timedelta(minutes=5)
    result = crm.sync(make_lead(tier="L3", next_step="meeting_booked", now=later), reason="re-run")
    other = crm.sync(make_lead(conversation_id="conv2", tier="L2", now=later), reason="new chat, same person")
    task = crm.create_task(
        "conv1",
        "handoff_followup",
        title="Call back",
        body="",
        due_at=later,
        visitor_timezone=None,
        rep_id="maya",
        now=later,
        reason="handoff",
    )

    assert (result.task_id, result.opportunity_id, other.task_id, task) == (None, None, None, None)
    assert crm.opportunity_for("conv1") is None
    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert contact.lifecycle_stage == "nurture"


def test_after_opt_out_no_support_ticket_is_opened(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    crm.opt_out("conv1", erase=False, now=now)
    crm.sync(make_lead(tier="L1", route="support", now=now + timedelta(minutes=1)), reason="login problem")

    assert crm.tasks_for("conv1") == []


def test_opt_out_before_any_email_applies_to_the_contact_linked_later(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    crm.opt_out("conv1", erase=False, now=now)
    crm.sync(make_lead(tier="L2", now=now + timedelta(minutes=1)), reason="older snapshot re-run")

    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert contact.do_not_contact
    assert crm.tasks_for("conv1") == []


def test_erase_deletes_personal_data_and_keeps_an_audit_row(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    first = crm.sync(make_lead(conversation_id="conv1", tier="L2"), reason="qualified")
    crm.sync(make_lead(conversation_id="conv2", tier="L1"), reason="came back")

    crm.opt_out("conv2", erase=True, now=now + timedelta(days=1))

    assert crm.contact_by_email("jane.doe@acme.test") is None
    for conversation_id in ("conv1", "conv2"):
        record = crm.record(conversation_id)
        assert record is not None
        assert record.erased_at == now + timedelta(days=1)
        assert record.summary is None
        assert record.transcript
        assert all(entry["text"] == "" for entry in record.transcript)
    [task] = crm.tasks_for("conv1")
    assert "Jane" not in task.title
    assert task.body == ""
    [erasure] = [row for row in crm.audit_log("conv2") if row.action == "erase"]
    assert erasure.idempotency_key == "conv2:erase"
    assert erasure.details == {"contact_id": first.contact_id, "conversation_ids": ["conv1", "conv2"]}


def test_an_erased_conversation_is_not_written_back_by_a_re_run(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    lead = make_lead(tier="L2")
    crm.sync(lead, reason="qualified")
    crm.opt_out("conv1", erase=True, now=now + timedelta(minutes=1))

    result = crm.sync(lead, reason="re-run after the erase")

    assert result.actions == ()
    assert crm.contact_by_email("jane.doe@acme.test") is None
    record = crm.record("conv1")
    assert record is not None
    assert all(entry["text"] == "" for entry in record.transcript)


def test_nothing_the_audit_trail_keeps_is_personal(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    crm.sync(make_lead(tier="L3", next_step="meeting_booked"), reason="booked")
    crm.opt_out("conv1", erase=True, now=now)

    trail = repr([(row.action, row.details) for row in crm.audit_log("conv1")])
    for personal in ("Jane", "jane.doe", "250 people", "Salesforce"):
        assert personal not in trail
