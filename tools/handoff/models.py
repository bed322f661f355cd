"""The handoff tool's tables: handoffs to a human, and the messages humans send the visitor.

At most one handoff per conversation is open (requested or live) at a time, and the database
enforces it, not only Python: a partial unique index on the conversation's open rows. Two
processes starting a handoff for one conversation at the same moment therefore cannot both
insert; the loser's transaction is retried and finds the winner's row.
"""

from __future__ import annotations

from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, Literal, get_args

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from tools.crm.models import UtcDateTime
from tools.db import Base
from tools.handoff.summary import HandoffSummary

HandoffTeam = Literal["sales", "support"]
# requested: waiting for a human; live: a human took over and the bot is quiet; ended: handed
# back to the bot. A conversation may have several handoffs over time, only one of them open.
HandoffStatus = Literal["requested", "live", "ended"]
TEAMS: Final[tuple[HandoffTeam, ...]] = get_args(HandoffTeam)
STATUSES: Final[tuple[HandoffStatus, ...]] = get_args(HandoffStatus)
OPEN_STATUSES: Final[tuple[HandoffStatus, ...]] = ("requested", "live")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


_OPEN = text(_in("status", OPEN_STATUSES))


class Handoff(Base):
    """One request for a human in a conversation, from the bot's ask to the human's hand-back."""

    __tablename__ = "handoff_handoffs"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="ck_handoff_handoffs_status"),
        CheckConstraint(_in("team", TEAMS), name="ck_handoff_handoffs_team"),
        Index(
            "uq_handoff_handoffs_conversation_open",
            "conversation_id",
            unique=True,
            sqlite_where=_OPEN,
            postgresql_where=_OPEN,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    team: Mapped[HandoffTeam] = mapped_column(String(16))
    # The sales rep meant to take it; None for the support team, which has no named people.
    rep_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[HandoffStatus] = mapped_column(String(16), index=True)
    # `HandoffSummary.model_dump(mode="json")`: what the human reads before taking over.
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    taken_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The operator's name as the operator page knows it.
    taken_by: Mapped[str | None] = mapped_column(String(200))
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(200))
    # Optimistic locking: two operators taking over at once cannot both win; the loser's
    # transaction is retried on the fresh row and sees who took it.
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = MappingProxyType({"version_id_col": version})

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES

    def read_summary(self) -> HandoffSummary:
        """The stored summary as the typed object it was made from."""
        return HandoffSummary.model_validate(self.summary)


class OperatorMessage(Base):
    """A message a human wrote to the visitor during a live handoff, waiting to be delivered.

    The text is stored exactly as typed; the widget renders every message as text, never HTML.
    """

    __tablename__ = "handoff_operator_messages"
    __table_args__ = (
        # A retried send (same client message id) stores the message once. NULL ids never collide.
        Index(
            "uq_handoff_operator_messages_client_id",
            "handoff_id",
            "client_message_id",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoff_handoffs.id"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    client_message_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


HANDOFF_TABLES: Final[tuple[Table, ...]] = tuple(
    Base.metadata.tables[m.__tablename__] for m in (Handoff, OperatorMessage)
)
