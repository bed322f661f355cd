"""Which rep works a conversation: its own, its contact's owner, or the segment's round robin.

The round-robin cursor lives in the database and is advanced with one atomic
`UPDATE ... RETURNING`, so two processes assigning at the same moment get consecutive turns
instead of the same rep.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import update
from sqlalchemy.orm import Session

from agent.profile import CompanyProfile, Rep
from tools.crm.audit import Writes
from tools.crm.models import Contact, ConversationRecord, RoundRobinCursor

# The cursor of leads whose segment is unknown (no company size yet); they rotate over all reps.
ANY_SEGMENT: Final = "*"


def next_rep(session: Session, profile: CompanyProfile, segment: str | None) -> Rep:
    """The rep whose turn it is in `segment`, advancing that segment's cursor."""
    reps = profile.reps_for(segment)
    key = segment if segment is not None and segment in profile.segments else ANY_SEGMENT
    turns = session.execute(
        update(RoundRobinCursor)
        .where(RoundRobinCursor.segment == key)
        .values(turns=RoundRobinCursor.turns + 1)
        .returning(RoundRobinCursor.turns)
    ).scalar_one_or_none()
    if turns is None:
        # The segment's first assignment. A concurrent first assignment fails on the primary
        # key, and the caller's transaction retry then takes the UPDATE path above.
        turns = 1
        session.add(RoundRobinCursor(segment=key, turns=turns))
        session.flush()
    return reps[(turns - 1) % len(reps)]


def conversation_rep(
    writes: Writes,
    profile: CompanyProfile,
    record: ConversationRecord,
    contact: Contact | None,
    segment: str | None,
) -> Rep:
    """The conversation's rep: the one already assigned, else the contact's owner, else the next
    in `segment`'s round robin. The first rep to work a contact becomes its owner."""
    rep = profile.rep(record.rep_id) if record.rep_id is not None else None
    if rep is None:
        owner = profile.rep(contact.owner_rep_id) if contact is not None and contact.owner_rep_id else None
        # A rep who has left the profile is replaced once, under an action naming whom it replaced.
        action = "rep" if record.rep_id is None else f"rep:replacing:{record.rep_id}"

        def assign() -> Rep:
            chosen = owner or next_rep(writes.session, profile, segment)
            record.rep_id = chosen.id
            record.updated_at = writes.now
            return chosen

        def assigned() -> Rep | None:
            return profile.rep(record.rep_id) if record.rep_id is not None else None

        rep = writes.once(
            action,
            assign,
            assigned,
            lambda r: {"rep_id": r.id, "segment": segment, "by": "owner" if owner else "round_robin"},
        )
        if rep is None:
            raise LookupError(
                f"conversation {record.conversation_id!r}: its rep assignment is audited but the record "
                f"names no known rep ({record.rep_id!r}); fix the record's rep_id"
            )
    if contact is not None and (contact.owner_rep_id is None or profile.rep(contact.owner_rep_id) is None):
        contact.owner_rep_id = rep.id
        contact.updated_at = writes.now
    return rep
