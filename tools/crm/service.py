"""`CrmService`: the built-in CRM's one entry point for the agent, its tools and operators.

Each public write is one transaction, retried as a whole when a concurrent writer won a race
(`tools.crm.audit.run_in_transaction`); what each write does lives in the module named for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agent.profile import CompanyProfile, Rep
from tools.crm.assignment import conversation_rep
from tools.crm.audit import Writes, run_in_transaction
from tools.crm.contacts import contact_of
from tools.crm.depth import sync_lead
from tools.crm.models import AuditLog, Contact, ConversationRecord, Opportunity, Outbox, Task, TaskKind
from tools.crm.outbox import DrainReport, Sender, drain, enqueue
from tools.crm.privacy import may_contact, opt_out
from tools.crm.records import ensure_record, find_record
from tools.crm.snapshot import LeadSnapshot, SyncResult
from tools.crm.tasks import add_task


class CrmService:
    """The built-in CRM on the project's database.

    `session_factory` must keep rows readable after commit (`tools.db.session_factory` does:
    expire_on_commit=False), because the rows this service returns outlive their session.
    """

    def __init__(self, session_factory: sessionmaker[Session], profile: CompanyProfile) -> None:
        if session_factory.kw.get("expire_on_commit", True):
            raise ValueError(
                "CrmService needs a sessionmaker with expire_on_commit=False (use tools.db.session_factory)"
            )
        self._sessions = session_factory
        self._profile = profile

    # Writes.

    def sync(self, lead: LeadSnapshot, reason: str) -> SyncResult:
        """Bring the conversation's CRM rows to the depth its tier earned (`tools.crm.depth`).

        Safe to repeat and to run concurrently: the result's `actions` is empty for a repeat.
        `reason` goes to the audit log: say why (e.g. the scorer's reasons), not what the
        visitor wrote, so erasing a person never has to touch the audit trail.
        """
        return run_in_transaction(
            self._sessions,
            lambda s: sync_lead(Writes(s, lead.conversation_id, lead.now, reason), self._profile, lead),
        )

    def create_task(
        self,
        conversation_id: str,
        kind: TaskKind,
        *,
        title: str,
        body: str,
        due_at: datetime,
        visitor_timezone: str | None,
        rep_id: str | None,
        now: datetime,
        reason: str,
    ) -> Task | None:
        """The conversation's task of `kind` (e.g. the handoff tool's after-hours follow-up, with
        the reply-by it promised as `due_at`). Asking again returns the first task; returns None,
        creating nothing, when the person opted out of contact."""

        def work(session: Session) -> Task | None:
            writes = Writes(session, conversation_id, now, reason)
            record = ensure_record(writes)
            if not may_contact(record, contact_of(session, record)):
                return None
            return add_task(
                writes,
                self._profile,
                record,
                kind,
                rep_id=rep_id,
                title=title,
                body=body,
                due_at=due_at,
                visitor_timezone=visitor_timezone,
            )

        return run_in_transaction(self._sessions, work)

    def assign_rep(
        self, conversation_id: str, segment: str | None, now: datetime, reason: str = "rep assignment"
    ) -> Rep:
        """The conversation's rep: the one already assigned, else the contact's owner, else the
        next in `segment`'s round robin (`tools.crm.assignment`)."""

        def work(session: Session) -> Rep:
            writes = Writes(session, conversation_id, now, reason)
            record = ensure_record(writes)
            return conversation_rep(writes, self._profile, record, contact_of(session, record), segment)

        return run_in_transaction(self._sessions, work)

    def opt_out(
        self, conversation_id: str, *, erase: bool, now: datetime, reason: str = "the visitor asked to stop"
    ) -> None:
        """Stop all contact; with `erase`, also delete the person's data (`tools.crm.privacy`)."""
        run_in_transaction(self._sessions, lambda s: opt_out(Writes(s, conversation_id, now, reason), erase))

    def enqueue_outbox(
        self,
        conversation_id: str,
        kind: str,
        payload: Mapping[str, Any],
        now: datetime,
        *,
        event: str | None = None,
        reason: str | None = None,
    ) -> Outbox:
        """Store a delivery to an external system, once per (conversation, kind, event)."""
        return run_in_transaction(
            self._sessions,
            lambda s: enqueue(
                Writes(s, conversation_id, now, reason or f"deliver {kind}"), kind, payload, event
            ),
        )

    def drain_outbox(self, sender: Sender, now: datetime, max_attempts: int = 5) -> DrainReport:
        """Deliver every due outbox row through `sender(kind, payload)`; failures back off."""
        return drain(self._sessions, sender, now, max_attempts)

    # Reads, for tests and operators.

    def contact_by_email(self, email: str) -> Contact | None:
        with self._sessions() as session:
            return session.scalar(select(Contact).where(Contact.email == email.strip().lower()))

    def record(self, conversation_id: str) -> ConversationRecord | None:
        with self._sessions() as session:
            return find_record(session, conversation_id)

    def tasks_for(self, conversation_id: str) -> list[Task]:
        with self._sessions() as session:
            query = select(Task).where(Task.conversation_id == conversation_id).order_by(Task.id)
            return list(session.scalars(query))

    def opportunity_for(self, conversation_id: str) -> Opportunity | None:
        with self._sessions() as session:
            return session.scalar(select(Opportunity).where(Opportunity.conversation_id == conversation_id))

    def audit_log(self, conversation_id: str) -> list[AuditLog]:
        with self._sessions() as session:
            query = select(AuditLog).where(AuditLog.conversation_id == conversation_id).order_by(AuditLog.id)
            return list(session.scalars(query))
