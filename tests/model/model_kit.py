"""Helpers for the model tests: the real `openai` client on a mock transport, scripted answers,
and a conversation service with the model engine.

The `openai` client sends through `httpx2`, so the local transport is `httpx2.MockTransport`:
requests are built, serialised, retried and parsed by the real client; only the network is not
there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx2

from agent.context import PageContext
from agent.model.client import ModelRequest, OpenAIModel
from agent.model.config import ModelConfig
from agent.model.setup import Engines, model_engines
from agent.profile import CompanyProfile
from agent.service import ConversationService, TurnOutcome, open_service

NEW_YORK = ZoneInfo("America/New_York")
IN_HOURS = datetime(2025, 1, 14, 10, 0, tzinfo=NEW_YORK)  # Tuesday morning
AFTER_HOURS = datetime(2025, 1, 14, 23, 0, tzinfo=NEW_YORK)  # Tuesday night
PRICING = "https://lumenpipeline.example/pricing"
EMPTY_ANALYSIS: dict[str, list[Any]] = {"signals": [], "objections": [], "intents": [], "slots": []}


def analysis(**items: list[dict[str, str]]) -> str:
    """A model answer in the understanding schema: analysis(slots=[{...}], signals=[...])."""
    return json.dumps({**EMPTY_ANALYSIS, **items})


def completion(content: str, *, prompt_tokens: int = 11, completion_tokens: int = 7) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def sse(pieces: Sequence[str]) -> bytes:
    """A streamed chat completion, one chunk per piece, as an OpenAI-compatible server sends it."""
    events = []
    for i, piece in enumerate(pieces):
        delta: dict[str, Any] = {"content": piece}
        if i == 0:
            delta["role"] = "assistant"
        chunk = {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "test-model",
            "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
        }
        events.append(f"data: {json.dumps(chunk)}\n\n")
    last = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
    }
    events.append(f"data: {json.dumps(last)}\n\n")
    events.append("data: [DONE]\n\n")
    return "".join(events).encode()


def words(text: str) -> list[str]:
    """`text` cut into word-sized stream pieces."""
    parts = text.split(" ")
    return [p + (" " if i < len(parts) - 1 else "") for i, p in enumerate(parts)]


Handler = Callable[[httpx2.Request], httpx2.Response]


@dataclass
class FakeServer:
    """An OpenAI-compatible endpoint on a mock transport: one handler per expected request, in order."""

    handlers: list[Handler] = field(default_factory=list)
    requests: list[httpx2.Request] = field(default_factory=list)

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if not self.handlers:
            return httpx2.Response(500, json={"error": {"message": "unexpected request"}})
        return self.handlers.pop(0)(request)

    def then(self, *handlers: Handler) -> FakeServer:
        self.handlers.extend(handlers)
        return self

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]

    def client(self, *, max_retries: int = 2, timeout_s: float = 5.0) -> OpenAIModel:
        return OpenAIModel(
            base_url="http://model.test/v1",
            api_key="test-key",
            timeout_s=timeout_s,
            max_retries=max_retries,
            http_client=httpx2.Client(transport=httpx2.MockTransport(self)),
        )


def json_reply(content: str) -> Handler:
    return lambda _req: httpx2.Response(200, json=completion(content))


def stream_reply(text: str) -> Handler:
    return lambda _req: httpx2.Response(
        200, headers={"content-type": "text/event-stream"}, content=sse(words(text))
    )


def status(code: int) -> Handler:
    # retry-after-ms keeps the client's backoff out of the test's run time.
    return lambda _req: httpx2.Response(
        code, headers={"retry-after-ms": "1"}, json={"error": {"message": f"HTTP {code}", "type": "x"}}
    )


def timeout() -> Handler:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ReadTimeout("timed out", request=request)

    return handler


@dataclass
class ModelChat:
    svc: ConversationService
    cid: str
    now: datetime
    outcomes: list[TurnOutcome] = field(default_factory=list)

    def say(self, text: str) -> TurnOutcome:
        self.now += timedelta(seconds=45)
        outcome = self.svc.post(self.cid, text, self.now)
        self.outcomes.append(outcome)
        return outcome


@contextmanager
def model_service(profile: CompanyProfile, folder: Path, engines: Engines) -> Iterator[ConversationService]:
    with open_service(
        profile,
        f"sqlite:///{folder / 'qualify.db'}",
        str(folder / "checkpoints.db"),
        engines.engine,
        writer=engines.writer,
    ) as svc:
        yield svc


def start(svc: ConversationService, now: datetime = IN_HOURS, cid: str = "conv-1") -> ModelChat:
    svc.start(PageContext(page_url=PRICING, timezone="America/New_York", now=now), now, conversation_id=cid)
    return ModelChat(svc=svc, cid=cid, now=now)


def engines_on(client: Any, profile: CompanyProfile, **config: Any) -> Engines:
    return model_engines(client, profile, ModelConfig(**config))


def draft_of(request: ModelRequest) -> str:
    """The approved draft inside a reply request's prompt."""
    user = request.messages[-1].content
    return user.split("Approved draft:\n", 1)[1].rsplit("\n\nWrite the reply now.", 1)[0]


def echo_draft(request: ModelRequest) -> str:
    """A well-behaved model: the draft, warmly (the guard lets it through)."""
    return "Happy to help! " + draft_of(request)


def understood_nothing(_request: ModelRequest) -> str:
    return analysis()


def cooperative(request: ModelRequest) -> str:
    """Answers any call: an empty analysis for understanding, the echoed draft for replies."""
    return understood_nothing(request) if request.purpose == "understand" else echo_draft(request)
