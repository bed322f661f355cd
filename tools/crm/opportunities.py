"""Opportunities: the pipeline a pipeline-ready (L3) conversation creates, one per conversation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import select

from agent.profile import Rep
from tools.crm.audit import Writes
from tools.crm.models import Contact, ConversationRecord, Opportunity, OpportunityStage

# Days from the pipeline-ready conversation to the projected close, by segment: bigger companies
# buy more slowly. A segment the profile names otherwise gets the default.
SALES_CYCLE_DAYS: Final[Mapping[str, int]] = MappingProxyType({"smb": 30, "midmarket": 60, "enterprise": 90})
DEFAULT_SALES_CYCLE_DAYS: Final = 60
OPPORTUNITY_SOURCE: Final = "chat"


def projected_close_date(now: datetime, segment: str | None, business_timezone: str) -> date:
    """Today on the company's calendar (not the server's) plus the segment's sales cycle."""
    today = now.astimezone(ZoneInfo(business_timezone)).date()
    return today + timedelta(days=SALES_CYCLE_DAYS.get(segment or "", DEFAULT_SALES_CYCLE_DAYS))


def add_opportunity(
    writes: Writes,
    record: ConversationRecord,
    contact: Contact,
    owner: Rep,
    stage: OpportunityStage,
    close_date: date,
) -> Opportunity | None:
    """The conversation's opportunity, created the first time. Later syncs leave its stage alone:
    once it exists, the owner rep moves it."""
    session = writes.session

    def add() -> Opportunity:
        opportunity = Opportunity(
            conversation_id=record.conversation_id,
            contact_id=contact.id,
            owner_rep_id=owner.id,
            stage=stage,
            projected_close_date=close_date,
            amount=None,
            source=OPPORTUNITY_SOURCE,
            created_at=writes.now,
        )
        session.add(opportunity)
        return opportunity

    def find() -> Opportunity | None:
        return session.scalar(
            select(Opportunity).where(Opportunity.conversation_id == record.conversation_id)
        )

    return writes.once(
        "opportunity",
        add,
        find,
        lambda o: {"opportunity_id": o.id, "owner_rep_id": owner.id, "stage": stage},
    )
