"""Who words the reply: the interface, and the template writer (the rules path: the move's own
template reply, unchanged).

The state machine has already chosen the move and the tools have already acted; the move's
template reply is the draft. A writer may only re-voice it (`agent.model.replies` does, with a
model, under a guard) and must never raise: on any doubt it returns the draft.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from agent.context import PageContext
from agent.lead import LeadState
from agent.state import ChatTurn, Move, Reply


@dataclass(frozen=True)
class ReplyRequest:
    conversation_id: str
    move: Move
    # The move's template reply: correct, grounded, and what the reply must say.
    draft: Reply
    message: str
    # The conversation so far, ending with the visitor's current message.
    transcript: Sequence[ChatTurn]
    lead: LeadState
    context: PageContext
    now: datetime


class ReplyWriter(Protocol):
    name: str

    def write(self, request: ReplyRequest) -> Reply: ...


class TemplateWriter:
    """The template reply as it is (the rules engine's voice)."""

    name = "template"

    def write(self, request: ReplyRequest) -> Reply:
        return request.draft
