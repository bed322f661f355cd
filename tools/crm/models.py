"""The built-in CRM's tables: contacts, conversation records, tasks, opportunities, audit, outbox.

Closed sets (lifecycle stages, task kinds, ...) are `Literal` types stored as short strings, so the
same schema works on SQLite and PostgreSQL without database enum types to migrate.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any, Final, Literal, TypedDict

from sqlalchemy import JSON, Boolean, Date, DateTime, Dialect, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from agent.context import Speaker
from agent.labels import IcpFit, Route, Tier
from tools.db import Base

LifecycleStage = Literal["visitor", "nurture", "sales_follow_up", "opportunity", "customer"]
TaskKind = Literal["follow_up", "support_ticket", "handoff_followup"]
TaskStatus = Literal["open", "done", "cancelled"]
# The explicit next step that made a conversation pipeline-ready (L3).
OpportunityStage = Literal["meeting_booked", "live_conversation"]

# Stages only move forward; a later, shallower write never undoes a deeper one.
STAGE_RANK: Final[dict[LifecycleStage, int]] = {
    "visitor": 0,
    "nurture": 1,
    "sales_follow_up": 2,
    "opportunity": 3,
    "customer": 4,
}


class TranscriptEntry(TypedDict):
    """One message as stored on a conversation record; `at` is ISO 8601 in UTC."""

    role: Speaker
    text: str
    at: str


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime in Python, a naive UTC timestamp in the database.

    SQLite has no time zones and would hand back naive values; storing UTC without a zone on both
    backends and re-attaching UTC on the way out makes every value compare the same everywhere.
    """

    impl = DateTime()
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the CRM stores aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Contact(Base):
    """A person, deduplicated by lowercased email; anonymous (no email) until they give one."""

    __tablename__ = "crm_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    company_size: Mapped[int | None] = mapped_column(Integer)
    industry: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(64))
    segment: Mapped[str | None] = mapped_column(String(64))
    lifecycle_stage: Mapped[LifecycleStage] = mapped_column(String(32))
    owner_rep_id: Mapped[str | None] = mapped_column(String(64))
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Optimistic locking: a write based on a stale read (another process deepened the stage in
    # between) fails with StaleDataError and the whole sync is retried on fresh rows.
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = MappingProxyType({"version_id_col": version})


class ConversationRecord(Base):
    """What the CRM knows about one chat: its deepest tier, who it is, and the transcript."""

    __tablename__ = "crm_conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), unique=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("crm_contacts.id"), index=True)
    # The rep who owns this conversation's follow-up and opportunity, once one is assigned.
    rep_id: Mapped[str | None] = mapped_column(String(64))
    tier: Mapped[Tier] = mapped_column(String(2))
    route: Mapped[Route] = mapped_column(String(16))
    icp_fit: Mapped[IcpFit] = mapped_column(String(16))
    page_context: Mapped[dict[str, Any]] = mapped_column(JSON)
    transcript: Mapped[list[TranscriptEntry]] = mapped_column(JSON)
    summary: Mapped[str | None] = mapped_column(Text)
    opted_out_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = MappingProxyType({"version_id_col": version})


class Task(Base):
    """Work for a person: a rep's follow-up, or a ticket for the support team (no rep)."""

    __tablename__ = "crm_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("crm_contacts.id"), index=True)
    rep_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[TaskKind] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The reply-by as the visitor reads it, in their own time zone (what the agent promised).
    reply_by_local: Mapped[str] = mapped_column(String(100))
    status: Mapped[TaskStatus] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Opportunity(Base):
    """Pipeline created by a pipeline-ready (L3) conversation; at most one per conversation."""

    __tablename__ = "crm_opportunities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), unique=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("crm_contacts.id"), index=True)
    owner_rep_id: Mapped[str] = mapped_column(String(64))
    stage: Mapped[OpportunityStage] = mapped_column(String(32))
    projected_close_date: Mapped[date] = mapped_column(Date)
    # Left empty: the agent never invents a deal size; the rep fills it in.
    amount: Mapped[float | None] = mapped_column()
    source: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditLog(Base):
    """One row per CRM action; its unique key is what makes every action happen at most once."""

    __tablename__ = "crm_audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    action: Mapped[str] = mapped_column(String(128))
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    # Ids and labels only, never a visitor's words: erasing personal data must not need to
    # rewrite the audit trail.
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class RoundRobinCursor(Base):
    """How many assignments a segment has had; the next rep is `turns % len(reps)`."""

    __tablename__ = "crm_round_robin"

    segment: Mapped[str] = mapped_column(String(64), primary_key=True)
    turns: Mapped[int] = mapped_column(Integer)


class Outbox(Base):
    """A write to an external system (webhook, external CRM) that is retried until it succeeds."""

    __tablename__ = "crm_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The audit key that created the row, so a re-run enqueue finds it instead of adding another.
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


CRM_TABLES: Final = tuple(
    m.__table__ for m in (Contact, ConversationRecord, Task, Opportunity, AuditLog, RoundRobinCursor, Outbox)
)
