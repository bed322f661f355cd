"""Conversations and their messages on the project's database.

A visitor message is committed here before the agent answers it, so nothing a visitor types is
lost whatever happens next; a client message id makes a retried post idempotent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tools.crm.models import UtcDateTime
from tools.db import Base


class ConversationRow(Base):
    __tablename__ = "chat_conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(128))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MessageRow(Base):
    __tablename__ = "chat_messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "client_message_id", name="uq_chat_messages_client_id"),
        Index("ix_chat_messages_conversation_seq", "conversation_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("chat_conversations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))  # visitor | agent | human
    text: Mapped[str] = mapped_column(Text)
    client_message_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    # For an agent reply, the visitor message it answers.
    reply_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    move: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # For a human operator's message, who wrote it.
    author: Mapped[str | None] = mapped_column(String(100), nullable=True)
    quick_replies: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
