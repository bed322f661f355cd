"""Tasks: a rep's follow-up or a support ticket, at most one of each kind per conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from agent.profile import CompanyProfile
from tools.crm.audit import Writes
from tools.crm.models import ConversationRecord, Task, TaskKind
from tools.crm.sla import local_text, zone_or

MAX_TITLE_CHARS = 300


def add_task(
    writes: Writes,
    profile: CompanyProfile,
    record: ConversationRecord,
    kind: TaskKind,
    *,
    rep_id: str | None,
    title: str,
    body: str,
    due_at: datetime,
    visitor_timezone: str | None,
) -> Task | None:
    """The conversation's task of `kind`, created the first time; its reply-by is also stored as
    the visitor reads it, in their zone (the business zone when theirs is unknown)."""
    session = writes.session
    zone = zone_or(visitor_timezone, profile.business_hours.timezone)

    def add() -> Task:
        task = Task(
            conversation_id=record.conversation_id,
            contact_id=record.contact_id,
            rep_id=rep_id,
            kind=kind,
            title=title[:MAX_TITLE_CHARS],
            body=body,
            due_at=due_at,
            reply_by_local=local_text(due_at, zone),
            status="open",
            created_at=writes.now,
        )
        session.add(task)
        return task

    def find() -> Task | None:
        return session.scalar(
            select(Task).where(Task.conversation_id == record.conversation_id, Task.kind == kind)
        )

    return writes.once(
        f"task:{kind}",
        add,
        find,
        lambda t: {"task_id": t.id, "kind": kind, "rep_id": rep_id, "due_at": due_at.isoformat()},
    )
