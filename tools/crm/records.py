"""The conversation record: one per chat, created on first need, refreshed by newer snapshots."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.labels import TIER_RANK
from tools.crm.audit import Writes
from tools.crm.models import Contact, ConversationRecord, TranscriptEntry
from tools.crm.snapshot import LeadSnapshot
from tools.crm.summary import summarize


def find_record(session: Session, conversation_id: str) -> ConversationRecord | None:
    """The record, with its contact loaded by the same statement: the contact then comes from the
    session's identity map (`tools.crm.contacts.contact_of`) instead of a second query."""
    row = session.execute(
        select(ConversationRecord, Contact)
        .outerjoin(Contact, Contact.id == ConversationRecord.contact_id)
        .where(ConversationRecord.conversation_id == conversation_id)
    ).first()
    if row is None:
        return None
    record, contact = row
    if contact is not None:
        # The identity map holds rows weakly: keep the contact for as long as this session lives.
        session.info.setdefault("crm_loaded", []).append(contact)
    return record


def ensure_record(writes: Writes) -> ConversationRecord:
    """The conversation's record, created bare (L0, no route yet) the first time it is needed.

    Tools other than `sync` (a handoff assigning a rep, an opt-out) may come first, and what they
    write must still hang off the conversation.
    """
    session, now = writes.session, writes.now

    def create() -> ConversationRecord:
        record = ConversationRecord(
            conversation_id=writes.conversation_id,
            tier="L0",
            route="none",
            icp_fit="unknown",
            page_context={},
            transcript=[],
            created_at=now,
            updated_at=now,
        )
        session.add(record)
        return record

    def find() -> ConversationRecord | None:
        return find_record(session, writes.conversation_id)

    record = find() or writes.once("record", create, find)
    if record is None:
        raise LookupError(
            f"conversation {writes.conversation_id!r} was recorded before but its record is gone"
        )
    return record


def refresh_record(writes: Writes, record: ConversationRecord, lead: LeadSnapshot) -> None:
    """Deepen the tier (never lower it) and attach the newest transcript, page context and summary."""
    if TIER_RANK[lead.tier] > TIER_RANK[record.tier]:
        before = record.tier

        def deepen() -> ConversationRecord:
            record.tier = lead.tier
            record.updated_at = writes.now
            return record

        writes.once(f"tier:{lead.tier}", deepen, lambda: record, lambda _: {"from": before, "to": lead.tier})
    # Transcripts only grow, so a shorter one comes from an older snapshot (a re-run node) and
    # must not replace what a newer turn already stored.
    if len(lead.transcript) < len(record.transcript):
        return
    transcript = [TranscriptEntry(role=e["role"], text=e["text"], at=e["at"]) for e in lead.transcript]
    page_context = dict(lead.page_context)
    summary = summarize(lead)
    newest = (lead.route, lead.icp_fit, page_context, transcript, summary)
    if (record.route, record.icp_fit, record.page_context, record.transcript, record.summary) != newest:
        record.route, record.icp_fit = lead.route, lead.icp_fit
        record.page_context, record.transcript, record.summary = page_context, transcript, summary
        record.updated_at = writes.now
