"""The narrow interface to a language model, and its one real adapter: the `openai` client.

Everything else in the model engine talks to `ModelClient.complete(ModelRequest)`. The adapter
`OpenAIModel` works against any OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, the
llama.cpp server). Structured output comes in two modes, because servers differ:

- `json_schema`: OpenAI's `response_format={"type": "json_schema", ...}` with a strict schema.
- `json_object`: `{"type": "json_object", "schema": ...}`, which llama.cpp turns into a grammar;
  servers that ignore the `schema` key still get JSON mode, and the prompt carries the schema too.

Timeouts, rate limits (429) and server errors (5xx) are retried by the client itself, a bounded
number of times (`max_retries`); whatever still fails is raised as `ModelError`, which callers turn
into a fallback to the rules engine or the template reply.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import httpx2
import openai
from openai.types.chat import ChatCompletionMessageParam

from agent.model.usage import Purpose

StructuredMode = Literal["json_schema", "json_object"]
MaxTokensParam = Literal["max_tokens", "max_completion_tokens"]
ErrorKind = Literal["timeout", "rate_limited", "unavailable", "status", "deadline", "empty", "error"]


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class ModelRequest:
    """One call: the messages, the model, and how the answer must come back."""

    purpose: Purpose
    model: str
    messages: tuple[ChatMessage, ...]
    max_tokens: int
    temperature: float = 0.2
    # A JSON schema asks for structured output (in `structured_mode`); None asks for text.
    schema: Mapping[str, Any] | None = None
    schema_name: str = "output"
    structured_mode: StructuredMode = "json_schema"
    stream: bool = False
    # Wall-clock limit for a streamed answer (a slow trickle of tokens is a failure too).
    deadline_s: float | None = None


@dataclass(frozen=True)
class ModelResponse:
    text: str
    finish_reason: str | None = None
    # What the server said it counted, when it says so (streamed answers usually don't).
    reported_prompt_tokens: int | None = None
    reported_completion_tokens: int | None = None


class ModelError(Exception):
    """The model could not answer (after the client's own retries)."""

    def __init__(self, kind: ErrorKind, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


OnDelta = Callable[[str], None]


class ModelClient(Protocol):
    """What the engine needs from a model: one completion per request, streamed or not."""

    def complete(self, request: ModelRequest, on_delta: OnDelta | None = None) -> ModelResponse: ...


def _messages(request: ModelRequest) -> list[ChatCompletionMessageParam]:
    out: list[ChatCompletionMessageParam] = []
    for m in request.messages:
        if m.role == "system":
            out.append({"role": "system", "content": m.content})
        elif m.role == "user":
            out.append({"role": "user", "content": m.content})
        else:
            out.append({"role": "assistant", "content": m.content})
    return out


def response_format(request: ModelRequest) -> dict[str, Any] | None:
    """The `response_format` body field for a structured request, in the request's mode."""
    if request.schema is None:
        return None
    if request.structured_mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": request.schema_name, "schema": dict(request.schema), "strict": True},
        }
    return {"type": "json_object", "schema": dict(request.schema)}


class OpenAIModel:
    """`ModelClient` through the official `openai` client, against any OpenAI-compatible endpoint."""

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        timeout_s: float,
        max_retries: int,
        max_tokens_param: MaxTokensParam = "max_tokens",
        http_client: httpx2.Client | None = None,
    ) -> None:
        # Explicit values only: the client would otherwise read OPENAI_* variables itself, and
        # settings are the one place configuration comes from. Local servers take any key.
        self._client = openai.OpenAI(
            base_url=base_url or "https://api.openai.com/v1",
            api_key=api_key or "unused",
            timeout=timeout_s,
            max_retries=max_retries,
            http_client=http_client,
        )
        self._max_tokens_param = max_tokens_param

    def close(self) -> None:
        self._client.close()

    def complete(self, request: ModelRequest, on_delta: OnDelta | None = None) -> ModelResponse:
        extra: dict[str, Any] = {self._max_tokens_param: request.max_tokens}
        fmt = response_format(request)
        if fmt is not None:
            # Sent as a raw body field: the `json_object` + `schema` form is an extension (llama.cpp)
            # that the typed parameter does not describe.
            extra["response_format"] = fmt
        try:
            if request.stream:
                return self._stream(request, extra, on_delta)
            completion = self._client.chat.completions.create(
                model=request.model,
                messages=_messages(request),
                temperature=request.temperature,
                extra_body=extra,
            )
        except openai.APIError as exc:
            raise _error(exc) from exc
        except httpx2.HTTPError as exc:
            raise ModelError("unavailable", f"{type(exc).__name__}: {exc}") from exc
        if not completion.choices:
            raise ModelError("empty", "the model returned no choices")
        choice = completion.choices[0]
        usage = completion.usage
        return ModelResponse(
            text=choice.message.content or "",
            finish_reason=choice.finish_reason,
            reported_prompt_tokens=usage.prompt_tokens if usage else None,
            reported_completion_tokens=usage.completion_tokens if usage else None,
        )

    def _stream(
        self, request: ModelRequest, extra: dict[str, Any], on_delta: OnDelta | None
    ) -> ModelResponse:
        started = time.monotonic()
        parts: list[str] = []
        finish: str | None = None
        prompt_tokens: int | None = None
        completion_tokens: int | None = None
        stream = self._client.chat.completions.create(
            model=request.model,
            messages=_messages(request),
            temperature=request.temperature,
            stream=True,
            extra_body=extra,
        )
        try:
            for chunk in stream:
                if chunk.usage is not None:
                    prompt_tokens = chunk.usage.prompt_tokens
                    completion_tokens = chunk.usage.completion_tokens
                for choice in chunk.choices:
                    if choice.index != 0:
                        continue
                    delta = choice.delta.content
                    if delta:
                        parts.append(delta)
                        if on_delta is not None:
                            on_delta(delta)
                    if choice.finish_reason:
                        finish = choice.finish_reason
                if request.deadline_s is not None and time.monotonic() - started > request.deadline_s:
                    raise ModelError("deadline", f"the streamed reply took over {request.deadline_s:g}s")
        finally:
            stream.close()
        return ModelResponse(
            text="".join(parts),
            finish_reason=finish,
            reported_prompt_tokens=prompt_tokens,
            reported_completion_tokens=completion_tokens,
        )


def _error(exc: openai.APIError) -> ModelError:
    if isinstance(exc, openai.APITimeoutError):
        return ModelError("timeout", "the model timed out")
    if isinstance(exc, openai.RateLimitError):
        return ModelError("rate_limited", "the model is rate limited", exc.status_code)
    if isinstance(exc, openai.APIStatusError):
        return ModelError("status", f"the model answered HTTP {exc.status_code}", exc.status_code)
    if isinstance(exc, openai.APIConnectionError):
        return ModelError("unavailable", "the model endpoint cannot be reached")
    return ModelError("error", f"{type(exc).__name__}: {exc}")


def as_messages(
    pairs: Sequence[tuple[Literal["system", "user", "assistant"], str]],
) -> tuple[ChatMessage, ...]:
    return tuple(ChatMessage(role=r, content=c) for r, c in pairs)
