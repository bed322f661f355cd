"""Contacts: one per person, found by lowercased email, anonymous until an email is given.

A contact's details are filled in from each snapshot (a detail the visitor did not repeat is kept),
and its lifecycle stage only moves forward.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.labels import Tier
from agent.profile import CompanyProfile
from tools.crm.audit import Writes
from tools.crm.models import STAGE_RANK, Contact, ConversationRecord, LifecycleStage, Opportunity, Task
from tools.crm.snapshot import LeadSnapshot


def contact_of(session: Session, record: ConversationRecord) -> Contact | None:
    return session.get(Contact, record.contact_id) if record.contact_id is not None else None


def link_contact(
    writes: Writes, profile: CompanyProfile, record: ConversationRecord, lead: LeadSnapshot, tier: Tier
) -> Contact | None:
    """The conversation's contact: found by email, created, or completed with the email now known.

    Below L1 a contact is only worth creating when there is an email to reach them by.
    """
    session = writes.session
    email = lead.normalized_email
    linked = contact_of(session, record)
    # Looked up only when it can matter: no contact yet, or an anonymous one that now has an email.
    needs_lookup = email is not None and (linked is None or linked.email is None)
    by_email = session.scalar(select(Contact).where(Contact.email == email)) if needs_lookup else None
    contact: Contact | None
    if linked is None:
        if by_email is None and email is None and tier == "L0":
            return None

        def link() -> Contact:
            contact = by_email or _new_contact(writes, profile, lead)
            session.flush()
            record.contact_id = contact.id
            return contact

        contact = writes.once("contact", link, lambda: None, lambda c: {"contact_id": c.id})
    elif email is not None and linked.email is None:
        if by_email is None:
            contact = writes.once(
                "contact:email", lambda: _set_email(linked, email, writes.now), lambda: linked
            )
        else:
            # The anonymous contact of this chat turns out to be someone we already know.
            known = by_email
            contact = writes.once(
                "contact:merge",
                lambda: _merge(session, linked, known),
                lambda: known,
                lambda c: {"from_contact_id": linked.id, "into_contact_id": c.id},
            )
    else:
        contact = linked
    if contact is not None:
        _refresh(contact, profile, record, lead, writes.now)
    return contact


def deepen_stage(writes: Writes, contact: Contact, stage: LifecycleStage) -> None:
    if STAGE_RANK[stage] <= STAGE_RANK[contact.lifecycle_stage]:
        return
    before = contact.lifecycle_stage

    def move() -> Contact:
        contact.lifecycle_stage = stage
        contact.updated_at = writes.now
        return contact

    writes.once(
        f"stage:{stage}", move, lambda: contact, lambda c: {"contact_id": c.id, "from": before, "to": stage}
    )


def _new_contact(writes: Writes, profile: CompanyProfile, lead: LeadSnapshot) -> Contact:
    contact = Contact(
        email=lead.normalized_email,
        name=lead.name,
        company_size=lead.company_size,
        industry=lead.industry,
        role=lead.role,
        segment=profile.segment_for(lead.company_size),
        lifecycle_stage="visitor",
        do_not_contact=False,
        created_at=writes.now,
        updated_at=writes.now,
    )
    writes.session.add(contact)
    return contact


def _refresh(
    contact: Contact, profile: CompanyProfile, record: ConversationRecord, lead: LeadSnapshot, now: datetime
) -> None:
    size = lead.company_size if lead.company_size is not None else contact.company_size
    values: dict[str, Any] = {
        "name": lead.name or contact.name,
        "company_size": size,
        "industry": lead.industry or contact.industry,
        "role": lead.role or contact.role,
        "segment": profile.segment_for(size) or contact.segment,
        # A conversation's opt-out also covers a contact linked to it afterwards.
        "do_not_contact": contact.do_not_contact or record.opted_out_at is not None,
    }
    changed = False
    for field, value in values.items():
        if getattr(contact, field) != value:
            setattr(contact, field, value)
            changed = True
    if changed:
        contact.updated_at = now


def _set_email(contact: Contact, email: str, now: datetime) -> Contact:
    contact.email = email
    contact.updated_at = now
    return contact


def _merge(session: Session, anonymous: Contact, known: Contact) -> Contact:
    """Move everything of `anonymous` onto `known` (deeper stage, first owner) and delete it."""
    references: list[ConversationRecord | Task | Opportunity] = [
        *session.scalars(select(ConversationRecord).where(ConversationRecord.contact_id == anonymous.id)),
        *session.scalars(select(Task).where(Task.contact_id == anonymous.id)),
        *session.scalars(select(Opportunity).where(Opportunity.contact_id == anonymous.id)),
    ]
    for row in references:
        row.contact_id = known.id
    if STAGE_RANK[anonymous.lifecycle_stage] > STAGE_RANK[known.lifecycle_stage]:
        known.lifecycle_stage = anonymous.lifecycle_stage
    known.owner_rep_id = known.owner_rep_id or anonymous.owner_rep_id
    known.do_not_contact = known.do_not_contact or anonymous.do_not_contact
    # References must be gone before the row they point to is deleted.
    session.flush()
    session.delete(anonymous)
    return known
