"""Graph nodes around the moves: understand the message, update the lead and score, choose the
move, record the reply, and sync the CRM at the depth the tier earned."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from langgraph.runtime import Runtime

from agent.context import Turn as HistoryTurn
from agent.lead import LeadState
from agent.moves import meetings, objections, people, qualify
from agent.moves.common import Turn, event, turn_of, view_of, visitor_zone
from agent.opener import opener
from agent.routing import choose_move
from agent.runtime import AgentContext
from agent.scoring import score
from agent.state import ChatTurn, ConversationState, Move, ToolEvent
from agent.understanding.engine import TurnInput
from agent.understanding.expect import Ask, Expectation
from tools.crm import LeadSnapshot, OpportunityStage

MoveFn = Any


def entry(state: ConversationState) -> Literal["open", "understand"]:
    """A run without a visitor message opens the conversation."""
    return "understand" if state.get("message") else "open"


def open_conversation(state: ConversationState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = runtime.context
    context = state.get("context")
    assert context is not None, "a conversation starts with its page context"
    reply = opener(context, ctx.profile, seed=state["conversation_id"], now=state["now"])
    return {
        "move": "open",
        "reply": reply,
        "analysis": None,
        "events": [],
        "lead": state.get("lead") or LeadState(),
    }


def understand(state: ConversationState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = runtime.context
    transcript = list(state.get("transcript", []))
    lead = state.get("lead") or LeadState()
    history = [
        HistoryTurn(role="visitor" if t.role == "visitor" else "agent", text=t.text) for t in transcript
    ]
    pending = state.get("pending")
    # The live agent knows what it asked and offered; no need to parse its own words.
    asks: set[Ask] = set(state.get("last_asked", []))
    if pending is not None and pending.kind == "slots":
        asks.add("time_pick")
    expect = Expectation(offer=pending.kind if pending else None, asks=frozenset(asks))
    message = state["message"]
    turn_input = replace(
        TurnInput.for_lead(lead, message, len(transcript), state["context"], history), expect=expect
    )
    analysis = ctx.engine.analyze(turn_input)
    visitor = ChatTurn(role="visitor", text=message, at=state["now"])
    return {"analysis": analysis, "transcript": [*transcript, visitor], "events": [], "reply": None}


def assess(state: ConversationState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = runtime.context
    analysis = state.get("analysis")
    lead = state.get("lead") or LeadState()
    if analysis is not None:
        lead = lead.apply(analysis)
    s = score(lead, state["context"], ctx.profile)
    return {
        "lead": lead,
        "tier": s.tier,
        "route": s.route,
        "icp_fit": s.icp.fit,
        "reasons": [r.text for r in s.reasons],
    }


def decide(state: ConversationState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    turn = turn_of(state, runtime.context.profile)
    return {"move": choose_move(view_of(turn), runtime.context.profile)}


def route_move(state: ConversationState) -> Move:
    """The conditional edge after `decide`: the node named by the chosen move."""
    move = state.get("move")
    if move is None:
        raise ValueError("decide must set a move before routing")
    return move


def _move_node(fn: MoveFn) -> Any:
    def node(state: ConversationState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
        ctx = runtime.context
        turn = turn_of(state, ctx.profile)
        update: dict[str, Any] = fn(turn, ctx)
        # An email given after booking goes on the booking whatever the move.
        invite_events = meetings.send_invite_if_new_email(turn, ctx)
        events = list(state.get("events", [])) + list(update.pop("events", [])) + invite_events
        update["events"] = events
        if "asked" in update:
            update["last_asked"] = [a for a in update["asked"] if a not in turn.asked]
        else:
            update["last_asked"] = []
        return update

    node.__name__ = getattr(fn, "__name__", "move")
    return node


MOVE_NODES: dict[Move, Any] = {
    "ask": _move_node(qualify.ask),
    "answer": _move_node(qualify.answer),
    "handle_objection": _move_node(objections.handle_objection),
    "offer_meeting": _move_node(meetings.offer_meeting),
    "book": _move_node(meetings.book),
    "handoff": _move_node(people.handoff),
    "to_support": _move_node(people.to_support),
    "nurture": _move_node(people.nurture),
    "opt_out": _move_node(people.opt_out),
    "silent": _move_node(people.silent),
}


def respond(state: ConversationState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Record the reply, and re-score: the move may have booked a meeting or made a transfer."""
    lead = state.get("lead") or LeadState()
    s = score(lead, state["context"], runtime.context.profile)
    update: dict[str, Any] = {
        "tier": s.tier,
        "route": s.route,
        "icp_fit": s.icp.fit,
        "reasons": [r.text for r in s.reasons],
    }
    reply = state.get("reply")
    if reply is not None:
        turn = ChatTurn(
            role="agent",
            text=reply.text,
            at=state["now"],
            move=state.get("move"),
            quick_replies=reply.quick_replies,
        )
        update["transcript"] = [*state.get("transcript", []), turn]
    return update


def sync_crm(state: ConversationState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Write to the CRM when something a rep cares about changed: the tier, the route, an email,
    a booking or a handoff. Every CRM write is idempotent, so a re-run changes nothing."""
    ctx = runtime.context
    lead = state.get("lead") or LeadState()
    route = state.get("route", "sales")
    tier = state.get("tier", "L0")
    if lead.opted_out or route == "none" or not state.get("message"):
        return {}
    events: list[ToolEvent] = list(state.get("events", []))
    changed = (
        tier != state.get("synced_tier")
        or any(e.tool in ("calendar", "handoff") for e in events)
        or (state.get("analysis") is not None and state["analysis"].slot("email") is not None)  # type: ignore[union-attr]
        or (route == "support" and state.get("move") == "to_support")
    )
    if not changed:
        return {}
    next_step: OpportunityStage | None = None
    if tier == "L3":
        next_step = "meeting_booked" if lead.booked else "live_conversation"
    email = lead.value("email")
    name = lead.value("name")
    context = state["context"]
    snapshot = LeadSnapshot(
        conversation_id=state["conversation_id"],
        tier=tier,
        route=route,
        icp_fit=state.get("icp_fit", "unknown"),
        now=state["now"],
        email=email if isinstance(email, str) else None,
        name=name if isinstance(name, str) else None,
        company_size=lead.company_size,
        industry=lead.industry,
        role=lead.role,
        evidence=tuple(state.get("reasons", [])),
        page_context=context.model_dump(mode="json", exclude_none=True),
        transcript=[
            {"role": "visitor" if t.role == "visitor" else "agent", "text": t.text, "at": t.at.isoformat()}
            for t in state.get("transcript", [])
        ],
        visitor_timezone=str(visitor_zone(context, ctx.profile)),
        next_step=next_step,
    )
    result = ctx.crm.sync(snapshot, reason=f"tier {tier}, route {route}")
    if result.actions:
        events.append(event("crm", "sync", ", ".join(result.actions)))
    return {"synced_tier": tier, "events": events}


__all__ = [
    "MOVE_NODES",
    "Turn",
    "assess",
    "decide",
    "entry",
    "open_conversation",
    "respond",
    "route_move",
    "sync_crm",
    "understand",
]
