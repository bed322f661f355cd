"""CRM depth by tier (DESIGN.md section 2): what one sync writes for a lead snapshot.

For a conversation on the sales route:
- L0: the conversation record only; a contact (stage "visitor") only when an email is known.
- L1: a contact in "nurture"; no task.
- L2: the contact in "sales_follow_up" and one follow-up task for a named rep, due within the
  profile's follow-up SLA counted in business hours.
- L3: an opportunity (stage: the next step that happened; owner: the conversation's rep; projected
  close date: today plus the segment's sales cycle) and the contact in "opportunity". L3 adds no
  follow-up task: its next step, a meeting or a live conversation, is already the rep's.
The support route gets a ticket for the support team and no lead objects; route "none" gets the
record only. Tiers and stages only deepen, so the depth acted on is the deeper of the snapshot's
tier and the record's. A person who opted out gets no tasks or opportunities.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Final

from sqlalchemy import select

from agent.hours import add_business_hours
from agent.labels import TIER_RANK, Tier
from agent.profile import CompanyProfile
from tools.crm.assignment import conversation_rep
from tools.crm.audit import Writes
from tools.crm.contacts import deepen_stage, link_contact
from tools.crm.models import Contact, ConversationRecord, LifecycleStage, Opportunity, Task
from tools.crm.opportunities import add_opportunity, projected_close_date
from tools.crm.records import ensure_record, refresh_record
from tools.crm.snapshot import LeadSnapshot, SyncResult
from tools.crm.summary import summarize, who
from tools.crm.tasks import add_task

TIER_STAGE: Final[Mapping[Tier, LifecycleStage]] = MappingProxyType(
    {"L0": "visitor", "L1": "nurture", "L2": "sales_follow_up", "L3": "opportunity"}
)


def sync_lead(writes: Writes, profile: CompanyProfile, lead: LeadSnapshot) -> SyncResult:
    session = writes.session
    record = ensure_record(writes)
    # An erased conversation stays erased: a re-run node must not write the person back.
    if record.erased_at is None:
        tier = lead.tier if TIER_RANK[lead.tier] > TIER_RANK[record.tier] else record.tier
        refresh_record(writes, record, lead)
        if lead.route == "support" and record.opted_out_at is None:
            _support_ticket(writes, profile, record, lead)
        elif lead.route == "sales":
            contact = link_contact(writes, profile, record, lead, tier)
            if contact is not None and not contact.do_not_contact:
                _pursue(writes, profile, record, contact, lead, tier)
    # Both ids in one statement (this runs on every sync).
    task = (
        select(Task.id)
        .where(Task.conversation_id == record.conversation_id, Task.kind.in_(("follow_up", "support_ticket")))
        .order_by(Task.id)
        .limit(1)
        .scalar_subquery()
    )
    opportunity = (
        select(Opportunity.id)
        .where(Opportunity.conversation_id == record.conversation_id)
        .order_by(Opportunity.id)
        .limit(1)
        .scalar_subquery()
    )
    task_id, opportunity_id = session.execute(select(task, opportunity)).one()
    return SyncResult(
        conversation_id=record.conversation_id,
        tier=record.tier,
        contact_id=record.contact_id,
        rep_id=record.rep_id,
        task_id=task_id,
        opportunity_id=opportunity_id,
        actions=tuple(writes.performed),
    )


def _pursue(
    writes: Writes,
    profile: CompanyProfile,
    record: ConversationRecord,
    contact: Contact,
    lead: LeadSnapshot,
    tier: Tier,
) -> None:
    """The sales depth of `tier`: the contact's stage, then the rep's task or opportunity."""
    deepen_stage(writes, contact, TIER_STAGE[tier])
    if tier not in ("L2", "L3"):
        return
    segment = profile.segment_for(lead.company_size) or contact.segment
    rep = conversation_rep(writes, profile, record, contact, segment)
    if tier == "L2":
        add_task(
            writes,
            profile,
            record,
            "follow_up",
            rep_id=rep.id,
            title=f"Follow up with {who(lead)} ({lead.tier}, {segment or 'segment unknown'})",
            body=summarize(lead),
            due_at=add_business_hours(
                profile.business_hours, writes.now, profile.followup_sla_business_hours
            ),
            visitor_timezone=lead.visitor_timezone,
        )
    # A stale snapshot below L3 has no next step; the opportunity came with the L3 snapshot.
    elif lead.next_step is not None:
        close = projected_close_date(writes.now, segment, profile.business_hours.timezone)
        add_opportunity(writes, record, contact, rep, lead.next_step, close)


def _support_ticket(
    writes: Writes, profile: CompanyProfile, record: ConversationRecord, lead: LeadSnapshot
) -> None:
    support = profile.support
    add_task(
        writes,
        profile,
        record,
        "support_ticket",
        rep_id=None,
        title=f"{support.team_name}: request from {who(lead)}",
        body=summarize(lead),
        due_at=writes.now + timedelta(hours=support.reply_within_hours),
        visitor_timezone=lead.visitor_timezone,
    )
