"""Graph nodes around the moves.

`understand` reads the visitor's message, updates the lead, scores it and chooses the move (three
pure steps in one node: they always run together, and one node costs one step of the graph
runtime instead of three). The move node acts, then records the reply and re-scores (`respond`),
since a move can book a meeting or make a transfer. Syncing the CRM happens after the turn, in the service
(`agent.crm_sync`), so the visitor never waits on CRM writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from langgraph.runtime import Runtime

from agent.context import Turn as HistoryTurn
from agent.lead import LeadState
from agent.model.writer import ReplyRequest
from agent.moves import meetings, objections, people, qualify
from agent.moves.common import Turn, turn_of, view_of
from agent.opener import opener
from agent.routing import choose_move, missing_topics
from agent.runtime import AgentContext
from agent.scoring import score
from agent.state import AskTopic, ChatTurn, ConversationState, Move
from agent.understanding.engine import TurnInput
from agent.understanding.expect import Ask, Expectation

MoveFn = Callable[[Turn, AgentContext], dict[str, Any]]


def entry(state: ConversationState) -> Literal["open", "understand"]:
    """A run without a visitor message opens the conversation."""
    return "understand" if state.get("message") else "open"


def open_conversation(state: ConversationState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = runtime.context
    context = state.get("context")
    if context is None:
        raise ValueError("a conversation starts with its page context")
    reply = opener(context, ctx.profile, seed=state["conversation_id"], now=state["now"])
    update: dict[str, Any] = {
        "move": "open",
        "reply": reply,
        "analysis": None,
        "events": [],
        "lead": state.get("lead") or LeadState(),
    }
    after: Any = {**state, **update}
    return {**update, **respond(after, ctx)}


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
    lead = lead.apply(analysis)
    declined: str | None = None
    if pending is not None and (
        "declines_offer" in analysis.flag_set or "meeting_decline" in analysis.intent_set
    ):
        # "Not now" takes the offer off the table, so a later "sure" is not read as accepting it.
        declined = pending.kind
        pending = None
    s = score(lead, state["context"], ctx.profile)
    update: dict[str, Any] = {
        "asked": _partly_answered(state.get("asked", []), state.get("last_asked", []), lead),
        "analysis": analysis,
        "transcript": [*transcript, ChatTurn(role="visitor", text=message, at=state["now"])],
        "lead": lead,
        "tier_before": state.get("tier", "L0"),
        "tier": s.tier,
        "route": s.route,
        "icp_fit": s.icp.fit,
        "reasons": [r.text for r in s.reasons],
        "events": [],
        "reply": None,
        "pending": pending,
        "declined": declined,
        "transfer_declined": bool(state.get("transfer_declined")) or declined == "transfer",
    }
    turn = turn_of({**state, **update}, ctx.profile)  # type: ignore[typeddict-item]
    update["move"] = choose_move(view_of(turn), ctx.profile)
    return update


def _partly_answered(asked: list[AskTopic], last: list[AskTopic], lead: LeadState) -> list[AskTopic]:
    """A two-part question answered in part ("fintech, vp sales" to "how big, and your role?")
    gets its missing part asked once more; a question dodged outright is not asked again."""
    if len(last) < 2:
        return list(asked)
    unknown = set(missing_topics(lead, ()))
    still = [t for t in last if t in unknown]
    if not still or len(still) == len(last):
        return list(asked)
    return [t for t in asked if t not in still]


def route_move(state: ConversationState) -> Move:
    """The conditional edge after `understand`: the node named by the chosen move."""
    move = state.get("move")
    if move is None:
        raise ValueError("understand must set a move before routing")
    return move


def _move_node(fn: MoveFn) -> Any:
    def node(state: ConversationState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
        ctx = runtime.context
        turn = turn_of(state, ctx.profile)
        update = fn(turn, ctx)
        draft = update.get("reply")
        if draft is not None and draft.text:
            # The move decided what to say and the tools acted; the writer only words it.
            update["reply"] = ctx.writer.write(
                ReplyRequest(
                    conversation_id=turn.conversation_id,
                    move=state["move"],
                    draft=draft,
                    message=turn.message,
                    transcript=turn.transcript,
                    lead=update.get("lead", turn.lead),
                    context=turn.context,
                    now=turn.now,
                )
            )
        # An email given after booking goes on the booking whatever the move.
        invite_events = meetings.send_invite_if_new_email(turn, ctx)
        update["events"] = list(state.get("events", [])) + list(update.pop("events", [])) + invite_events
        update["last_asked"] = (
            [a for a in update["asked"] if a not in turn.asked] if "asked" in update else []
        )
        after: Any = {**state, **update}
        return {**update, **respond(after, ctx)}

    node.__name__ = getattr(fn, "__name__", "move")
    return node


# Typed as Any: LangGraph's node protocols are narrower than a plain callable of (state, runtime).
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


def respond(state: ConversationState, ctx: AgentContext) -> dict[str, Any]:
    """Record the reply, and re-score: the move may have booked a meeting or made a transfer.
    Part of every move's node rather than a node of its own, to save a step of the graph runtime."""
    lead = state.get("lead") or LeadState()
    s = score(lead, state["context"], ctx.profile)
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
