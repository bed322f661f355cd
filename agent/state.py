"""Conversation state kept by the LangGraph checkpointer, one thread per conversation.

The graph's input is narrow (`TurnRequest`: the visitor's message and the clock); everything else
is internal state. State values are pydantic models registered with the checkpointer's serializer
allowlist (see `agent.checkpoint`), so a restart restores them exactly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypedDict, get_args

from pydantic import BaseModel, ConfigDict, Field

from agent.context import PageContext
from agent.labels import IcpFit, Route, Tier
from agent.lead import LeadState
from agent.understanding.analysis import TurnAnalysis

Move = Literal[
    "open",
    "ask",
    "answer",
    "handle_objection",
    "offer_meeting",
    "book",
    "handoff",
    "to_support",
    "nurture",
    "silent",
    "opt_out",
]
MOVES: tuple[Move, ...] = get_args(Move)
AskTopic = Literal["company_size", "role", "industry", "problem", "stack", "email", "time_pick"]
HandoffStatus = Literal["none", "requested", "live", "ended"]


class ChatTurn(BaseModel):
    """One message of the transcript as the agent keeps it."""

    model_config = ConfigDict(frozen=True)
    role: Literal["visitor", "agent", "human"]
    text: str
    at: datetime
    move: Move | None = None
    quick_replies: tuple[str, ...] = ()


class OfferedSlot(BaseModel):
    model_config = ConfigDict(frozen=True)
    rep_id: str
    start: datetime
    end: datetime
    label: str


class PendingOffer(BaseModel):
    """What the agent offered in its last reply, waiting for the visitor's answer."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["slots", "call", "transfer", "content", "signup"]
    slots: tuple[OfferedSlot, ...] = ()
    rep_id: str | None = None


class BookingRef(BaseModel):
    model_config = ConfigDict(frozen=True)
    booking_id: int
    rep_id: str
    start: datetime
    end: datetime
    label: str


class HandoffRef(BaseModel):
    model_config = ConfigDict(frozen=True)
    status: HandoffStatus = "none"
    team: Literal["sales", "support"] | None = None
    rep_id: str | None = None
    handoff_id: int | None = None


class ToolEvent(BaseModel):
    """A side effect done this turn, for the CLI and the audit trail."""

    model_config = ConfigDict(frozen=True)
    tool: str
    action: str
    detail: str = ""


class Reply(BaseModel):
    model_config = ConfigDict(frozen=True)
    text: str
    quick_replies: tuple[str, ...] = ()


class TurnRequest(TypedDict, total=False):
    """The graph's input for one run: the visitor's message and the clock. The conversation
    service also sets `conversation_id` and `context`, once, on the run that starts a thread."""

    message: str
    now: datetime
    conversation_id: str
    context: PageContext
    lead: LeadState


class ConversationState(TypedDict, total=False):
    # Input of this run.
    message: str
    now: datetime
    # Kept across runs.
    conversation_id: str
    context: PageContext
    # Nodes write the whole list back, so no reducer: an appending one would double it every run.
    transcript: list[ChatTurn]
    lead: LeadState
    tier: Tier
    route: Route
    icp_fit: IcpFit
    reasons: list[str]
    asked: list[AskTopic]
    last_asked: list[AskTopic]
    pending: PendingOffer | None
    booking: BookingRef | None
    handoff: HandoffRef
    opted_out: bool
    transfer_declined: bool
    # This run only (overwritten every run).
    declined: str | None
    tier_before: Tier
    analysis: TurnAnalysis | None
    move: Move
    reply: Reply | None
    events: list[ToolEvent]


class TurnResult(BaseModel):
    """What a client gets back from one turn."""

    reply: Reply | None
    move: Move
    tier: Tier
    route: Route
    icp_fit: IcpFit
    events: tuple[ToolEvent, ...] = ()
    tier_changed: bool = False
    reasons: tuple[str, ...] = Field(default_factory=tuple)
