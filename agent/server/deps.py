"""Dependencies of the HTTP routes: the service, the clock, and the checks a public site needs
(widget key, per-conversation token, operator key, rate limits).

They are `async def` on purpose: FastAPI runs plain `def` dependencies on worker threads, and a
hop per check per request costs more than the checks (in-memory, or a cached lookup)."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request

from agent.server.limits import RateLimiter
from agent.service import ConversationService
from agent.settings import Settings


@dataclass
class ServerState:
    """Everything the routes share, built once by the app's lifespan."""

    settings: Settings
    service: ConversationService
    clock: Callable[[], datetime]
    per_ip: RateLimiter
    per_conversation: RateLimiter
    creates_per_ip: RateLimiter
    # Turns are CPU-bound Python: more threads than cores only adds contention, so turns queue here.
    turns: asyncio.Semaphore

    @property
    def widget_keys(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.settings.widget_keys.split(",") if k.strip())


class ApiError(HTTPException):
    """A clear 4xx for the client: a stable code and a human message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail={"code": code, "message": message}, headers=headers)
        self.code = code
        self.message = message


async def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.qualify
    return state


State = Annotated[ServerState, Depends(get_state)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def limit(limiter: RateLimiter, key: str, what: str) -> None:
    allowed, retry = limiter.allow(key)
    if not allowed:
        raise ApiError(
            429,
            "rate_limited",
            f"Too many {what}; try again in {retry:.0f}s.",
            {"Retry-After": f"{max(1, round(retry))}"},
        )


async def require_widget_key(
    state: State, request: Request, x_widget_key: Annotated[str | None, Header()] = None
) -> str:
    limit(state.per_ip, client_ip(request), "requests from this address")
    key = x_widget_key or request.query_params.get("key")
    if not key or key not in state.widget_keys:
        raise ApiError(401, "bad_widget_key", "Unknown widget key.")
    return key


WidgetKey = Annotated[str, Depends(require_widget_key)]


async def require_conversation(
    conversation_id: str, state: State, _key: WidgetKey, authorization: Annotated[str | None, Header()] = None
) -> str:
    token = authorization.removeprefix("Bearer ").strip() if authorization else ""
    if not token or not state.service.check_token(conversation_id, token):
        # Same answer for "no such conversation" and "wrong token": ids are not guessable either way.
        raise ApiError(404, "not_found", "No such conversation for this token.")
    return conversation_id


Conversation = Annotated[str, Depends(require_conversation)]


async def require_operator(
    state: State,
    request: Request,
    x_operator_key: Annotated[str | None, Header()] = None,
    key: Annotated[str | None, Query()] = None,
) -> str:
    limit(state.per_ip, client_ip(request), "requests from this address")
    expected = state.settings.operator_api_key.get_secret_value() if state.settings.operator_api_key else None
    given = x_operator_key or key or request.cookies.get("qualify_operator_key")
    if not expected:
        raise ApiError(403, "operator_disabled", "Set QUALIFY_OPERATOR_API_KEY to enable the operator API.")
    if not given or not hmac.compare_digest(given, expected):
        raise ApiError(401, "bad_operator_key", "Missing or wrong operator key.")
    return given


Operator = Annotated[str, Depends(require_operator)]


def utc_now() -> datetime:
    return datetime.now(UTC)
