"""Model usage: one record per model call, collected per turn by a meter.

The engine and the reply writer record each call they make (tokens counted with tiktoken, the
cost from the configured prices, and how the call ended). The conversation service opens a meter
around each turn (`metering()`), stores the records (`agent.model.store`) and reports the turn's
usage on `TurnOutcome`. A context variable carries the meter, so the graph, the engine and the
writer need no extra plumbing; the records go to whichever turn is running in that context.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Literal

Purpose = Literal["understand", "reply"]
# ok: the answer was used. error: the call failed (timeout, 429/5xx after retries...).
# malformed: the answer could not be parsed. rejected: the reply guard refused it.
CallOutcome = Literal["ok", "error", "malformed", "rejected"]


@dataclass(frozen=True)
class Prices:
    """USD per 1,000 tokens."""

    prompt_per_1k: float = 0.0
    completion_per_1k: float = 0.0

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return prompt_tokens / 1000 * self.prompt_per_1k + completion_tokens / 1000 * self.completion_per_1k


@dataclass(frozen=True)
class CallRecord:
    purpose: Purpose
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    outcome: CallOutcome
    detail: str = ""
    latency_ms: float = 0.0


@dataclass(frozen=True)
class ModelUsage:
    """Totals over some calls: a turn's, or a whole conversation's."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    # Calls whose answer was not used (the rules engine or the template answered instead).
    fallbacks: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @classmethod
    def of(cls, records: Iterable[CallRecord]) -> ModelUsage:
        total = cls()
        for r in records:
            total = total + cls(
                calls=1,
                prompt_tokens=r.prompt_tokens,
                completion_tokens=r.completion_tokens,
                cost_usd=r.cost_usd,
                fallbacks=0 if r.outcome == "ok" else 1,
            )
        return total

    def __add__(self, other: ModelUsage) -> ModelUsage:
        return ModelUsage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cost_usd=self.cost_usd + other.cost_usd,
            fallbacks=self.fallbacks + other.fallbacks,
        )


@dataclass
class UsageMeter:
    records: list[CallRecord] = field(default_factory=list)

    @property
    def usage(self) -> ModelUsage:
        return ModelUsage.of(self.records)


_current: ContextVar[UsageMeter | None] = ContextVar("qualify_usage_meter", default=None)


@contextmanager
def metering() -> Iterator[UsageMeter]:
    """Collect the model calls made inside the block (one turn)."""
    meter = UsageMeter()
    token = _current.set(meter)
    try:
        yield meter
    finally:
        _current.reset(token)


def record(call: CallRecord) -> None:
    """Add a call to the running turn's meter (calls outside a metered turn are not kept)."""
    meter = _current.get()
    if meter is not None:
        meter.records.append(call)


def record_call(
    purpose: Purpose,
    model: str,
    prices: Prices,
    prompt_tokens: int,
    completion_tokens: int,
    outcome: CallOutcome,
    detail: str,
    started: float,
) -> None:
    """Record one call that began at `started` (`time.monotonic()`), priced with `prices`."""
    record(
        CallRecord(
            purpose=purpose,
            model=model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost_usd=prices.cost(prompt_tokens, completion_tokens),
            outcome=outcome,
            detail=detail,
            latency_ms=(time.monotonic() - started) * 1000,
        )
    )
