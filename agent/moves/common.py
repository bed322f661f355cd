"""Helpers shared by the move nodes: typed access to the state, time zones, the reply seed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from agent.answers import answer_question
from agent.context import PageContext
from agent.lead import LeadState
from agent.profile import CompanyProfile
from agent.routing import View
from agent.scoring import Score, score
from agent.state import AskTopic, ChatTurn, ConversationState, HandoffRef, ToolEvent
from agent.templates import Templates
from tools.crm.sla import zone_or

if TYPE_CHECKING:
    from agent.runtime import AgentContext
from agent.understanding.analysis import TurnAnalysis


@dataclass(frozen=True)
class Turn:
    """A typed view of the state at one move."""

    conversation_id: str
    now: datetime
    message: str
    context: PageContext
    lead: LeadState
    score: Score
    analysis: TurnAnalysis | None
    transcript: Sequence[ChatTurn]
    asked: tuple[AskTopic, ...]
    state: ConversationState

    @property
    def seed(self) -> str:
        return f"{self.conversation_id}:{len(self.transcript)}"

    def visitor_tz(self, profile: CompanyProfile) -> ZoneInfo:
        return visitor_zone(self.context, profile)

    @property
    def asked_question(self) -> bool:
        return self.analysis is not None and "question" in self.analysis.flag_set


def visitor_zone(context: PageContext, profile: CompanyProfile) -> ZoneInfo:
    """The visitor's time zone from the browser, or the company's when unknown or invalid."""
    return zone_or(context.timezone, profile.business_hours.timezone)


def turn_of(state: ConversationState, profile: CompanyProfile) -> Turn:
    context = state.get("context") or PageContext()
    lead = state.get("lead") or LeadState()
    return Turn(
        conversation_id=state["conversation_id"],
        now=state["now"],
        message=state.get("message", ""),
        context=context,
        lead=lead,
        score=score(lead, context, profile),
        analysis=state.get("analysis"),
        transcript=state.get("transcript", []),
        asked=tuple(state.get("asked", [])),
        state=state,
    )


def view_of(turn: Turn) -> View:
    state = turn.state
    return View(
        analysis=turn.analysis,
        lead=turn.lead,
        score=turn.score,
        now=turn.now,
        pending=state.get("pending"),
        handoff=state.get("handoff") or HandoffRef(),
        asked=turn.asked,
        opted_out=bool(state.get("opted_out")),
        booked=state.get("booking") is not None,
        declined=state.get("declined"),
        transfer_declined=bool(state.get("transfer_declined")),
    )


def answer_prefix(turn: Turn, profile: CompanyProfile) -> str:
    """The answer to whatever the visitor just asked, from the company's facts, or ""."""
    if turn.analysis is None or not turn.message:
        return ""
    answer = answer_question(turn.message, turn.analysis, turn.lead, profile)
    return answer.text + " " if answer else ""


def event(tool: str, action: str, detail: str = "") -> ToolEvent:
    return ToolEvent(tool=tool, action=action, detail=detail)


def join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def render(t: Templates, key: str, turn: Turn, **variables: Any) -> str:
    return t.render(key, turn.seed, **variables)


def acknowledge(turn: Turn, ctx: AgentContext) -> str:
    """A short acknowledgement of what the visitor just shared: their name, or their pain."""
    a = turn.analysis
    if a is None:
        return ""
    product = ctx.profile.company.product_name
    parts = []
    name = a.slot("name")
    if name is not None:
        parts.append(render(ctx.templates, "ack.name", turn, name=str(name.value).split()[0].title()))
    if a.slot("problem") is not None and ctx.profile.company.value_props:
        parts.append(
            render(
                ctx.templates,
                "ack.problem",
                turn,
                product=product,
                value_prop=_as_sentence(product, ctx.profile.company.value_props[0]),
            )
        )
    return join(*parts)


def _as_sentence(product: str, value_prop: str) -> str:
    """A value prop written as a predicate ("Shows which campaigns...") gets the product as subject."""
    first = value_prop.split(" ", 1)[0]
    if first.endswith("s") and first[:1].isupper() and not first.endswith("ss"):
        return f"{product} {value_prop[:1].lower()}{value_prop[1:]}"
    return value_prop


def hours_text(profile: CompanyProfile) -> str:
    """The business hours as a visitor reads them, e.g. "09:00-18:00 New York time"."""
    h = profile.business_hours
    zone = h.timezone.split("/")[-1].replace("_", " ")
    return f"{h.start.strftime('%H:%M')}-{h.end.strftime('%H:%M')} {zone} time"
