"""The operator's API: handoffs with their summaries, take over, reply live, hand back."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from agent.server.deps import ApiError, Operator, State
from agent.server.schemas import MessageOut, OperatorAction, OperatorReply
from agent.server.widget_api import message_out
from agent.state import HandoffRef, HandoffStatus
from tools.handoff import Handoff, HandoffError, HandoffNotFound

router = APIRouter(prefix="/api/v1/operator", tags=["operator"])

Status = Literal["requested", "live", "ended"]


def handoff_out(h: Handoff) -> dict[str, Any]:
    return {
        "id": h.id,
        "conversation_id": h.conversation_id,
        "team": h.team,
        "rep_id": h.rep_id,
        "status": h.status,
        "reason": h.reason,
        "created_at": h.created_at.isoformat(),
        "taken_at": h.taken_at.isoformat() if h.taken_at else None,
        "taken_by": h.taken_by,
        "summary": h.summary,
    }


@router.get("/handoffs")
async def list_handoffs(
    state: State, _op: Operator, status: Annotated[Status | None, Query()] = None
) -> list[dict[str, Any]]:
    rows = await run_in_threadpool(state.service.context.handoff.list, status)
    return [handoff_out(h) for h in rows]


@router.get("/conversations/{conversation_id}")
async def operator_conversation(conversation_id: str, state: State, _op: Operator) -> dict[str, Any]:
    if not await run_in_threadpool(state.service.exists, conversation_id):
        raise ApiError(404, "not_found", "No such conversation.")
    rows = await run_in_threadpool(state.service.messages, conversation_id)
    values = await run_in_threadpool(state.service.state, conversation_id)
    active = await run_in_threadpool(state.service.context.handoff.active, conversation_id)
    return {
        "conversation_id": conversation_id,
        "messages": [message_out(r).model_dump(mode="json") for r in rows],
        "tier": values.get("tier"),
        "route": values.get("route"),
        "icp_fit": values.get("icp_fit"),
        "reasons": values.get("reasons", []),
        "handoff": handoff_out(active) if active else None,
    }


def _get(state: State, handoff_id: int) -> Handoff:
    try:
        return state.service.context.handoff.get(handoff_id)
    except HandoffNotFound:
        raise ApiError(404, "not_found", "No such handoff.") from None


def _transition(state: State, handoff_id: int, act: Callable[[], Handoff], status: HandoffStatus) -> Handoff:
    """Run an operator's action on a handoff and mirror it in the conversation's state: a live
    handoff keeps the bot silent, an ended one lets it talk again."""
    h = _get(state, handoff_id)
    try:
        changed = act()
    except HandoffError as exc:
        raise ApiError(409, "handoff_conflict", str(exc)) from None
    ref = HandoffRef(status=status, team=changed.team, rep_id=changed.rep_id, handoff_id=changed.id)
    state.service.set_handoff(h.conversation_id, ref)
    return changed


@router.post("/handoffs/{handoff_id}/take")
async def take_over(handoff_id: int, body: OperatorAction, state: State, _op: Operator) -> dict[str, Any]:
    tools = state.service.context.handoff
    act = partial(tools.take_over, handoff_id, body.operator, state.clock())
    return handoff_out(await run_in_threadpool(_transition, state, handoff_id, act, "live"))


@router.post("/handoffs/{handoff_id}/messages", response_model=MessageOut)
async def operator_reply(handoff_id: int, body: OperatorReply, state: State, _op: Operator) -> MessageOut:
    def run() -> MessageOut:
        h = _get(state, handoff_id)
        now = state.clock()
        try:
            state.service.context.handoff.send(
                handoff_id, body.operator, body.text, now, client_message_id=body.client_message_id
            )
        except HandoffError as exc:
            raise ApiError(409, "handoff_conflict", str(exc)) from None
        row_id = state.service.store_human(h.conversation_id, body.text, now, author=body.operator)
        row = next(r for r in state.service.messages(h.conversation_id, row_id - 1) if r.id == row_id)
        return message_out(row)

    return await run_in_threadpool(run)


@router.post("/handoffs/{handoff_id}/hand-back")
async def hand_back(handoff_id: int, body: OperatorAction, state: State, _op: Operator) -> dict[str, Any]:
    tools = state.service.context.handoff
    act = partial(tools.hand_back, handoff_id, body.operator, state.clock())
    return handoff_out(await run_in_threadpool(_transition, state, handoff_id, act, "ended"))
