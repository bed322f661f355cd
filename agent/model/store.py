"""Model calls on the project's database: one row per call, so a conversation's usage and cost
are a sum, and an eval report or an operator can see them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, case, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from agent.model.usage import CallRecord, ModelUsage
from tools.crm.models import UtcDateTime
from tools.db import Base


class ModelCallRow(Base):
    __tablename__ = "model_calls"
    __table_args__ = (Index("ix_model_calls_conversation", "conversation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("chat_conversations.id", ondelete="CASCADE"))
    # The visitor message whose turn made the call.
    message_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    purpose: Mapped[str] = mapped_column(String(16))
    model: Mapped[str] = mapped_column(String(200))
    prompt_tokens: Mapped[int] = mapped_column(Integer)
    completion_tokens: Mapped[int] = mapped_column(Integer)
    cost_usd: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(300), default="")
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


def save_calls(
    session: Session,
    conversation_id: str,
    message_id: int | None,
    records: Sequence[CallRecord],
    now: datetime,
) -> None:
    if not records:
        return
    session.execute(
        insert(ModelCallRow),
        [
            {
                "conversation_id": conversation_id,
                "message_id": message_id,
                "purpose": r.purpose,
                "model": r.model[:200],
                "prompt_tokens": r.prompt_tokens,
                "completion_tokens": r.completion_tokens,
                "cost_usd": r.cost_usd,
                "outcome": r.outcome,
                "detail": r.detail[:300],
                "latency_ms": r.latency_ms,
                "created_at": now,
            }
            for r in records
        ],
    )


def conversation_usage(session: Session, conversation_id: str) -> ModelUsage:
    row = session.execute(
        select(
            func.count(ModelCallRow.id),
            func.coalesce(func.sum(ModelCallRow.prompt_tokens), 0),
            func.coalesce(func.sum(ModelCallRow.completion_tokens), 0),
            func.coalesce(func.sum(ModelCallRow.cost_usd), 0.0),
            func.coalesce(func.sum(case((ModelCallRow.outcome != "ok", 1), else_=0)), 0),
        ).where(ModelCallRow.conversation_id == conversation_id)
    ).one()
    return ModelUsage(
        calls=int(row[0]),
        prompt_tokens=int(row[1]),
        completion_tokens=int(row[2]),
        cost_usd=float(row[3]),
        fallbacks=int(row[4]),
    )
