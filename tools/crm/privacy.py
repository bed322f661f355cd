""" "Stop" and "delete my data": the opt-out and the erasure of a person's data.

Erasing clears the contact's email and name and the text of every transcript, summary and task
of the person's conversations. Ids, tiers, timestamps and the audit trail stay (the audit trail
never holds a visitor's words), so the funnel numbers still add up and the erasure is on record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.crm.audit import Writes
from tools.crm.contacts import contact_of
from tools.crm.models import Contact, ConversationRecord, Task, TranscriptEntry
from tools.crm.records import ensure_record

# What an erased task's title says instead of the visitor's name.
ERASED_TITLE: Final = "(personal data erased)"


def may_contact(record: ConversationRecord, contact: Contact | None) -> bool:
    return (
        record.opted_out_at is None and record.erased_at is None and not (contact and contact.do_not_contact)
    )


def opt_out(writes: Writes, erase: bool) -> None:
    """Stop all contact with the conversation's person (open tasks are cancelled); with `erase`,
    also delete their personal data from all their conversations."""
    session, now = writes.session, writes.now
    record = ensure_record(writes)
    contact = contact_of(session, record)
    records = (
        [record]
        if contact is None
        else list(
            session.scalars(select(ConversationRecord).where(ConversationRecord.contact_id == contact.id))
        )
    )
    conversation_ids = [r.conversation_id for r in records]
    contact_id = None if contact is None else contact.id
    writes.once(
        "opt_out",
        lambda: _stop(session, record, contact, conversation_ids, now),
        lambda: [],
        lambda cancelled: {"contact_id": contact_id, "cancelled_task_ids": cancelled},
    )
    if erase:
        writes.once(
            "erase",
            lambda: _erase(session, records, contact, now),
            lambda: conversation_ids,
            lambda erased: {"contact_id": contact_id, "conversation_ids": erased},
        )


def _stop(
    session: Session,
    record: ConversationRecord,
    contact: Contact | None,
    conversation_ids: list[str],
    now: datetime,
) -> list[int]:
    record.opted_out_at = now
    record.updated_at = now
    if contact is not None:
        contact.do_not_contact = True
        contact.updated_at = now
    cancelled = []
    for task in session.scalars(
        select(Task).where(Task.conversation_id.in_(conversation_ids), Task.status == "open")
    ):
        task.status = "cancelled"
        cancelled.append(task.id)
    return cancelled


def _erase(
    session: Session, records: list[ConversationRecord], contact: Contact | None, now: datetime
) -> list[str]:
    for record in records:
        # Roles and times stay, so exchange counts and durations still work without the words.
        record.transcript = [TranscriptEntry(role=e["role"], text="", at=e["at"]) for e in record.transcript]
        record.summary = None
        record.erased_at = now
        record.updated_at = now
    conversation_ids = [r.conversation_id for r in records]
    for task in session.scalars(select(Task).where(Task.conversation_id.in_(conversation_ids))):
        task.title = f"{task.kind} {ERASED_TITLE}"
        task.body = ""
    if contact is not None:
        contact.email = None
        contact.name = None
        contact.erased_at = now
        contact.updated_at = now
    return conversation_ids
