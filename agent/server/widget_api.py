"""The widget's API: config, create a conversation, post a message (streamed), fetch messages."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from agent.context import PageContext
from agent.hours import is_open, next_open
from agent.profile import CompanyProfile
from agent.scoring import page_kind
from agent.server.deps import ApiError, Conversation, State, WidgetKey, client_ip, limit
from agent.server.schemas import (
    ConversationOut,
    CreateConversation,
    CreatedConversation,
    MessageOut,
    PostMessage,
    ProactiveOut,
    Status,
    TurnOut,
    WidgetConfig,
)
from agent.service import InvalidMessage, TurnInProgress, TurnOutcome
from agent.store import MessageRow
from tools.calendar import zone_label

router = APIRouter(prefix="/api/v1", tags=["widget"])


def message_out(row: MessageRow) -> MessageOut:
    return MessageOut(
        id=row.id,
        role=row.role,
        text=row.text,
        quick_replies=list(row.quick_replies or []),
        created_at=row.created_at,
        author=row.author,
    )


def status_of(profile: CompanyProfile, state: State) -> Status:
    now = state.clock()
    hours = profile.business_hours
    if is_open(hours, now):
        return Status(online=True)
    tz = ZoneInfo(hours.timezone)
    opens = next_open(hours, now).astimezone(tz)
    return Status(
        online=False,
        banner=f"Our team is offline until {opens:%a %H:%M} {zone_label(tz, opens)}. "
        "The assistant can answer now and book you a time.",
    )


@router.get("/widget/config", response_model=WidgetConfig)
async def widget_config(
    state: State, _key: WidgetKey, page_url: Annotated[str | None, Query(max_length=2000)] = None
) -> WidgetConfig:
    profile = state.service.context.profile
    proactive = ProactiveOut()
    kind = page_kind(profile, page_url)
    for rule in profile.pages:
        if rule.kind == kind:
            proactive = ProactiveOut(**rule.proactive.model_dump())
            break
    return WidgetConfig(
        company=profile.company.name,
        product=profile.company.product_name,
        disclosure="You're chatting with an AI assistant. A person from the team can join during business hours.",
        status=status_of(profile, state),
        proactive=proactive,
    )


@router.post("/conversations", status_code=201, response_model=CreatedConversation)
async def create_conversation(
    body: CreateConversation, state: State, request: Request, _key: WidgetKey
) -> CreatedConversation:
    limit(state.creates_per_ip, client_ip(request), "new conversations from this address")
    now = state.clock()
    c = body.context
    # Attributes from the host page (`setAttributes`) travel with the page context to the CRM.
    context = PageContext(
        attributes=body.attributes,
        page_url=c.page_url,
        page_title=c.page_title,
        referrer=c.referrer,
        utm=c.utm,
        visit_count=c.visit_count,
        timezone=c.timezone,
        now=now,
    )
    user = body.user
    started = await run_in_threadpool(
        lambda: state.service.start(
            context, now, email=user.email if user else None, name=user.name if user else None
        )
    )
    rows = await run_in_threadpool(state.service.messages, started.conversation_id)
    return CreatedConversation(
        conversation_id=started.conversation_id,
        token=started.token,
        messages=[message_out(r) for r in rows],
        status=status_of(state.service.context.profile, state),
    )


@router.get("/conversations/{conversation_id}", response_model=ConversationOut)
async def get_conversation(conversation_id: Conversation, state: State) -> ConversationOut:
    rows = await run_in_threadpool(state.service.messages, conversation_id)
    values = await run_in_threadpool(state.service.state, conversation_id)
    handoff = values.get("handoff")
    return ConversationOut(
        conversation_id=conversation_id,
        messages=[message_out(r) for r in rows],
        handoff={"status": handoff.status if handoff else "none"},
        status=status_of(state.service.context.profile, state),
    )


@router.get("/conversations/{conversation_id}/messages", response_model=list[MessageOut])
async def list_messages(
    conversation_id: Conversation, state: State, after: Annotated[int, Query(ge=0)] = 0
) -> list[MessageOut]:
    rows = await run_in_threadpool(state.service.messages, conversation_id, after)
    return [message_out(r) for r in rows]


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, default=str)}\n\n"


def _deltas(text: str, size: int = 24) -> Iterator[str]:
    """Split a reply into word-aligned chunks, the way a streamed model reply arrives."""
    chunk = ""
    for word in text.split(" "):
        chunk = f"{chunk} {word}" if chunk else word
        if len(chunk) >= size:
            yield chunk + " "
            chunk = ""
    if chunk:
        yield chunk


@router.post("/conversations/{conversation_id}/messages", response_model=TurnOut)
async def post_message(
    conversation_id: Conversation,
    body: PostMessage,
    state: State,
    accept: Annotated[str | None, Header()] = None,
) -> Any:
    limit(state.per_conversation, conversation_id, "messages in this conversation")
    now = state.clock()

    def run() -> TurnOutcome:
        try:
            return state.service.post(conversation_id, body.text, now, body.client_message_id, wait=False)
        except TurnInProgress:
            raise ApiError(
                409, "turn_in_progress", "The previous message is still being answered; retry shortly."
            ) from None
        except InvalidMessage as exc:
            raise ApiError(422, "invalid_message", str(exc)) from None

    if accept and "application/json" in accept and "text/event-stream" not in accept:
        async with state.turns:
            outcome = await run_in_threadpool(run)
        return JSONResponse(_turn_out(outcome).model_dump(mode="json"))

    # Check and store before the stream starts, so a 409/422 is a plain HTTP error.
    async with state.turns:
        outcome = await run_in_threadpool(run)
    turn = _turn_out(outcome)

    async def stream() -> AsyncIterator[str]:
        if turn.reply is None:
            yield _sse("done", {"tier_changed": outcome.tier_changed})
            return
        yield _sse("typing", {})
        for piece in _deltas(turn.reply.text):
            yield _sse("delta", {"text": piece})
        yield _sse("message", turn.reply.model_dump(mode="json"))
        if turn.reply.quick_replies:
            yield _sse("quick_replies", {"options": turn.reply.quick_replies})
        yield _sse("done", {"tier_changed": outcome.tier_changed})

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _turn_out(outcome: TurnOutcome) -> TurnOut:
    """The stored visitor message and the reply, straight from the turn (no second query)."""
    at = (outcome.at or datetime.now(UTC)).astimezone(UTC)
    visitor = MessageOut(id=outcome.message_id, role="visitor", text=outcome.text, created_at=at)
    reply = None
    if outcome.reply is not None and outcome.reply_id is not None:
        reply = MessageOut(
            id=outcome.reply_id,
            role="agent",
            text=outcome.reply.text,
            quick_replies=list(outcome.reply.quick_replies),
            created_at=at,
        )
    return TurnOut(message=visitor, reply=reply)
