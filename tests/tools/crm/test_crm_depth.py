"""CRM depth by tier (DESIGN.md section 2), the upgrade path, and tiers that never go back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from tools.crm import CrmService, LeadSnapshot, TranscriptEntry

LeadFactory = Callable[..., LeadSnapshot]


def test_l0_without_email_records_the_conversation_only(
    crm: CrmService, make_lead: LeadFactory, transcript: tuple[TranscriptEntry, ...]
) -> None:
    result = crm.sync(make_lead(tier="L0", email=None), reason="first message")

    record = crm.record("conv1")
    assert record is not None
    assert (record.tier, record.contact_id, record.transcript) == ("L0", None, list(transcript))
    assert result.contact_id is None
    assert crm.tasks_for("conv1") == []


def test_l0_with_email_creates_a_visitor_contact(crm: CrmService, make_lead: LeadFactory) -> None:
    crm.sync(make_lead(tier="L0"), reason="email given")

    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert contact.lifecycle_stage == "visitor"


def test_l1_puts_the_contact_in_nurture_without_a_task(crm: CrmService, make_lead: LeadFactory) -> None:
    result = crm.sync(make_lead(tier="L1"), reason="engaged")

    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert (contact.lifecycle_stage, contact.segment, contact.name) == ("nurture", "midmarket", "Jane Doe")
    assert result.contact_id == contact.id
    assert crm.tasks_for("conv1") == []
    assert crm.opportunity_for("conv1") is None


def test_l1_without_email_still_creates_an_anonymous_contact(crm: CrmService, make_lead: LeadFactory) -> None:
    result = crm.sync(make_lead(tier="L1", email=None, name=None), reason="engaged")

    assert result.contact_id is not None


def test_l2_creates_one_follow_up_task_for_a_named_rep(crm: CrmService, make_lead: LeadFactory) -> None:
    result = crm.sync(make_lead(tier="L2"), reason="ICP fit and a forward question")

    [task] = crm.tasks_for("conv1")
    assert task.kind == "follow_up"
    assert task.rep_id == result.rep_id == "maya"
    assert task.status == "open"
    assert "Jane Doe" in task.title
    assert '"Does the sync need engineering?"' in task.body
    # Four business hours after 10:00 New York (15:00 UTC) is 14:00 New York, 20:00 in Berlin.
    assert task.due_at == datetime(2025, 1, 14, 19, 0, tzinfo=UTC)
    assert task.reply_by_local == "Tue 14 Jan 20:00 CET"
    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert (contact.lifecycle_stage, contact.owner_rep_id) == ("sales_follow_up", "maya")


def test_l3_creates_an_opportunity_with_owner_stage_and_close_date(
    crm: CrmService, make_lead: LeadFactory
) -> None:
    result = crm.sync(make_lead(tier="L3", next_step="meeting_booked"), reason="meeting booked")

    opportunity = crm.opportunity_for("conv1")
    assert opportunity is not None
    assert result.opportunity_id == opportunity.id
    assert (opportunity.owner_rep_id, opportunity.stage, opportunity.amount) == (
        "maya",
        "meeting_booked",
        None,
    )
    assert opportunity.projected_close_date == date(2025, 1, 14) + timedelta(days=60)
    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert contact.lifecycle_stage == "opportunity"
    assert opportunity.contact_id == contact.id
    assert crm.tasks_for("conv1") == []


@pytest.mark.parametrize(("size", "days"), [(40, 30), (250, 60), (3000, 90)])
def test_projected_close_follows_the_segment_sales_cycle(
    crm: CrmService, make_lead: LeadFactory, size: int, days: int
) -> None:
    crm.sync(make_lead(tier="L3", next_step="live_conversation", company_size=size), reason="warm transfer")

    opportunity = crm.opportunity_for("conv1")
    assert opportunity is not None
    assert opportunity.projected_close_date == date(2025, 1, 14) + timedelta(days=days)


def test_close_date_counts_from_the_company_calendar_day(crm: CrmService, make_lead: LeadFactory) -> None:
    # 03:00 UTC on the 15th is still the evening of the 14th in New York.
    late = datetime(2025, 1, 15, 3, 0, tzinfo=UTC)
    crm.sync(make_lead(tier="L3", next_step="meeting_booked", now=late), reason="booked")

    opportunity = crm.opportunity_for("conv1")
    assert opportunity is not None
    assert opportunity.projected_close_date == date(2025, 1, 14) + timedelta(days=60)


def test_upgrade_path_reuses_the_contact_and_the_rep(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    first = crm.sync(make_lead(tier="L1"), reason="engaged")
    second = crm.sync(make_lead(tier="L2", now=now + timedelta(minutes=5)), reason="qualified")
    third = crm.sync(
        make_lead(tier="L3", next_step="meeting_booked", now=now + timedelta(minutes=9)), reason="booked"
    )

    assert first.contact_id == second.contact_id == third.contact_id
    assert second.rep_id == third.rep_id == "maya"
    opportunity = crm.opportunity_for("conv1")
    assert opportunity is not None
    assert opportunity.owner_rep_id == "maya"
    [task] = crm.tasks_for("conv1")
    assert task.rep_id == "maya"
    assert third.tier == "L3"
    actions = [row.action for row in crm.audit_log("conv1")]
    assert actions == [
        "record",
        "tier:L1",
        "contact",
        "stage:nurture",
        "tier:L2",
        "stage:sales_follow_up",
        "rep",
        "task:follow_up",
        "tier:L3",
        "stage:opportunity",
        "opportunity",
    ]


def test_a_later_shallower_sync_never_downgrades(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    crm.sync(make_lead(tier="L3", next_step="meeting_booked"), reason="booked")
    result = crm.sync(make_lead(tier="L2", now=now + timedelta(minutes=1)), reason="re-run of an older node")

    record = crm.record("conv1")
    contact = crm.contact_by_email("jane.doe@acme.test")
    assert record is not None and contact is not None
    assert (result.tier, record.tier, contact.lifecycle_stage) == ("L3", "L3", "opportunity")
    assert crm.opportunity_for("conv1") is not None
    # The older L2 snapshot must not add the L2 follow-up either.
    assert crm.tasks_for("conv1") == []
    assert result.actions == ()


def test_a_new_shallower_conversation_keeps_the_contact_stage(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    crm.sync(make_lead(conversation_id="conv1", tier="L3", next_step="meeting_booked"), reason="booked")
    crm.sync(make_lead(conversation_id="conv2", tier="L1", now=now + timedelta(days=2)), reason="came back")

    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert contact.lifecycle_stage == "opportunity"


def test_an_older_snapshot_does_not_shorten_the_transcript(
    crm: CrmService, make_lead: LeadFactory, transcript: tuple[TranscriptEntry, ...]
) -> None:
    crm.sync(make_lead(tier="L1"), reason="turn 4")
    crm.sync(make_lead(tier="L1", transcript=transcript[:2], page_context={}), reason="re-run of turn 2")

    record = crm.record("conv1")
    assert record is not None
    assert record.transcript == list(transcript)
    assert record.page_context == {"page_url": "https://lumenpipeline.example/pricing", "visit_count": 2}


def test_transcript_page_context_and_summary_follow_the_newest_snapshot(
    crm: CrmService, make_lead: LeadFactory, transcript: tuple[TranscriptEntry, ...]
) -> None:
    crm.sync(make_lead(tier="L1", transcript=transcript[:2]), reason="turn 2")
    crm.sync(
        make_lead(tier="L1", icp_fit="unknown", page_context={"page_url": "/integrations"}), reason="turn 4"
    )

    record = crm.record("conv1")
    assert record is not None
    assert record.transcript == list(transcript)
    assert (record.icp_fit, record.page_context) == ("unknown", {"page_url": "/integrations"})
    assert record.summary is not None
    assert "Started on: /integrations" in record.summary
    assert "Jane Doe <jane.doe@acme.test> (marketing, software, 250 employees)" in record.summary


def test_route_none_records_the_conversation_only(crm: CrmService, make_lead: LeadFactory) -> None:
    result = crm.sync(make_lead(tier="L1", route="none", icp_fit="no_fit"), reason="job seeker")

    record = crm.record("conv1")
    assert record is not None
    assert record.route == "none"
    assert result.contact_id is None
    assert crm.contact_by_email("jane.doe@acme.test") is None
    assert crm.tasks_for("conv1") == []


def test_support_route_opens_a_ticket_and_no_lead_objects(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    result = crm.sync(make_lead(tier="L1", route="support"), reason="login problem")

    [ticket] = crm.tasks_for("conv1")
    assert (ticket.kind, ticket.rep_id, ticket.contact_id) == ("support_ticket", None, None)
    assert ticket.due_at == now + timedelta(hours=24)
    assert result.task_id == ticket.id
    assert crm.contact_by_email("jane.doe@acme.test") is None
    assert crm.opportunity_for("conv1") is None


def test_l3_snapshot_requires_the_next_step(make_lead: LeadFactory) -> None:
    with pytest.raises(ValueError, match="next_step"):
        make_lead(tier="L3")
