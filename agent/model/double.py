"""A scripted model: a `ModelClient` that answers from a queue, for tests and evals.

Queue one response per expected call (a string, or a `ModelError` to raise); every call takes the
next one and is recorded with its request. `assert_consumed()` fails if any scripted response was
left unused, so a test also proves how many calls were made.

    model = ScriptedModel()
    model.script('{"signals": [], "objections": [], "intents": [], "slots": []}', "Sure, happy to help.")
    ... run a turn ...
    model.assert_consumed()
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from agent.model.client import ModelError, ModelRequest, ModelResponse, OnDelta

Scripted = str | ModelError | Callable[[ModelRequest], str]


class ScriptExhausted(AssertionError):
    """The code under test made more model calls than were scripted."""


class ScriptedModel:
    def __init__(self, *responses: Scripted, chunk: int = 8) -> None:
        self._queue: deque[Scripted] = deque(responses)
        self._lock = threading.Lock()
        self._chunk = chunk
        self.requests: list[ModelRequest] = []
        # Calls made after the script ran out. The engine falls back on any error, so a test would
        # not see `ScriptExhausted` itself; `assert_consumed` reports them.
        self.unscripted = 0

    def script(self, *responses: Scripted) -> ScriptedModel:
        with self._lock:
            self._queue.extend(responses)
        return self

    @property
    def remaining(self) -> int:
        return len(self._queue)

    def calls(self, purpose: str | None = None) -> list[ModelRequest]:
        return [r for r in self.requests if purpose is None or r.purpose == purpose]

    def complete(self, request: ModelRequest, on_delta: OnDelta | None = None) -> ModelResponse:
        with self._lock:
            self.requests.append(request)
            if not self._queue:
                self.unscripted += 1
                raise ScriptExhausted(
                    f"unscripted model call #{len(self.requests)} ({request.purpose}, {request.model})"
                )
            item = self._queue.popleft()
        if isinstance(item, ModelError):
            raise item
        text = item(request) if callable(item) else item
        if request.stream and on_delta is not None:
            for i in range(0, len(text), self._chunk):
                on_delta(text[i : i + self._chunk])
        return ModelResponse(text=text, finish_reason="stop")

    def assert_consumed(self) -> None:
        """Every scripted response was used, and no call went unscripted."""
        if self._queue:
            raise AssertionError(f"{len(self._queue)} scripted model response(s) were never used")
        if self.unscripted:
            raise AssertionError(f"{self.unscripted} model call(s) were made beyond the script")
