"""One conversation as an eval command ran it: the record every metric and report is built from.

`score`, `replay` and `simulate` each produce a `ConversationRun` per conversation: the turns as
they happened (with the agent's detected labels, the tier after each visitor message and the turn
clocks), the outcome the agent reached, and what the run knows about the CRM and pipeline. The
funnel, the reports and the baseline comparison read only this record, so the three commands are
measured the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from agent.labels import Tier
from evals.transcripts import Conversation, Labels, Predicted, TranscriptTurn, with_predictions

SECONDS_PER_TURN: Final = 45
"""The clock between visitor messages when a transcript has no turn times: visitors take a little
time to type, so "in 2 hours" stays real. Replay and simulation move their clocks by the same step."""


@dataclass(frozen=True)
class RunTurn:
    role: Literal["visitor", "agent"]
    text: str
    at: datetime | None = None
    labels: Labels | None = None
    """Visitor turns: what the agent detected in the message."""
    tier: Tier | None = None
    """Visitor turns: the conversation's tier once this message was answered."""
    move: str | None = None
    """Agent turns of a live run: the move that produced the reply."""
    calls: int = 0
    """Visitor turns of a live run: model calls the turn made (0 with the rules engine)."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    fallbacks: int = 0
    """Model calls whose answer was not used: the rules engine or the template answered."""
    degraded: bool = False
    """The turn failed and the service answered with its fallback line (the conversation went on)."""


@dataclass(frozen=True)
class Usage:
    """Model tokens a conversation spent; the rules engine spends none."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens, self.completion_tokens + other.completion_tokens
        )


def usage_from(value: Any) -> Usage:
    """Token counts from a `usage` field (OpenAI's `prompt_tokens`/`completion_tokens` names) when a
    transcript, turn or conversation state carries one; nothing otherwise."""
    if not isinstance(value, Mapping):
        return Usage()

    def count(key: str) -> int:
        found = value.get(key)
        return found if isinstance(found, int) and not isinstance(found, bool) and found > 0 else 0

    return Usage(count("prompt_tokens"), count("completion_tokens"))


@dataclass(frozen=True)
class ConversationRun:
    id: str
    turns: tuple[RunTurn, ...]
    predicted: Predicted
    crm_record: bool
    """The CRM holds a contact for this conversation (a lead record a team can act on)."""
    pipeline_at: datetime | None = None
    """When the conversation became pipeline: a meeting booked, a warm transfer, an opportunity."""
    pipeline_message: int | None = None
    """The visitor message (1-based) whose turn made it pipeline."""
    usage: Usage = Usage()

    @property
    def visitor_turns(self) -> tuple[RunTurn, ...]:
        return tuple(t for t in self.turns if t.role == "visitor")

    @property
    def first_message_at(self) -> datetime | None:
        return next((t.at for t in self.visitor_turns), None)

    def detected(self) -> list[dict[str, Any]]:
        """Per visitor turn, the detected labels in the TRANSCRIPTS.md format."""
        return [(t.labels or Labels()).model_dump(mode="json") for t in self.visitor_turns]

    def as_prediction(self, source: Conversation, *, own_turns: bool) -> Conversation:
        """The prediction-file line for `source`; `own_turns` writes this run's agent turns (replay,
        simulation) instead of the source's (score)."""
        turns = [TranscriptTurn(role=t.role, text=t.text) for t in self.turns] if own_turns else None
        return with_predictions(source, self.detected(), self.predicted, turns=turns)


def turn_clock(start: datetime | None, visitor_message: int) -> datetime | None:
    """The time of the n-th visitor message (1-based) under the replay clock."""
    return None if start is None else start + timedelta(seconds=SECONDS_PER_TURN * visitor_message)
