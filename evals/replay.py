"""Replaying labelled conversations: the visitor's turns go to the agent, the agent speaks.

Each conversation starts on an empty database and checkpointer (`evals.harness`), with the clock
set from `context.now` and moved `SECONDS_PER_TURN` per visitor message, so replays are independent
and deterministic. The original agent turns are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from agent.service import TurnOutcome
from agent.state import ConversationState
from evals.harness import EndState, Harness, HarnessJob
from evals.runs import ConversationRun, RunTurn, Usage, turn_clock
from evals.transcripts import Conversation, Labels, Predicted

DEFAULT_START = datetime(2026, 1, 6, 15, 0, tzinfo=UTC)
"""The clock of a transcript without `context.now`: a Tuesday, inside the demo company's hours."""


def predicted_outcome(state: ConversationState) -> Predicted:
    """What the agent reached, from the conversation's final state."""
    handoff = state.get("handoff")
    return Predicted(
        tier=state.get("tier", "L0"),
        icp_fit=state.get("icp_fit", "unknown"),
        route=state.get("route", "sales"),
        handoff=handoff is not None and handoff.status in ("requested", "live", "ended"),
        meeting_booked=state.get("booking") is not None,
    )


def visitor_turn(text: str, at: datetime, result: dict[str, Any], outcome: TurnOutcome) -> RunTurn:
    """A visitor message as a run records it, with what the agent detected in it and what the
    turn cost in model calls and tokens."""
    analysis = result.get("analysis")
    labels = Labels.model_validate(analysis.labels()) if analysis is not None else Labels()
    used = outcome.usage
    return RunTurn(
        role="visitor",
        text=text,
        at=at,
        labels=labels,
        tier=outcome.tier,
        calls=used.calls,
        prompt_tokens=used.prompt_tokens,
        completion_tokens=used.completion_tokens,
        fallbacks=used.fallbacks,
        degraded=outcome.degraded,
    )


def pipeline_message(turns: list[RunTurn], end: EndState) -> int | None:
    """The visitor message whose turn made the conversation pipeline (the first one at or after the
    pipeline time, since a turn's side effects carry its clock)."""
    if end.pipeline_at is None:
        return None
    visitor = [t for t in turns if t.role == "visitor"]
    return next((n for n, t in enumerate(visitor, 1) if t.at is not None and t.at >= end.pipeline_at), None)


def run_from(
    conversation_id: str, turns: list[RunTurn], state: ConversationState, end: EndState, usage: Usage
) -> ConversationRun:
    return ConversationRun(
        id=conversation_id,
        turns=tuple(turns),
        predicted=predicted_outcome(state),
        crm_record=end.contact_stage != "none",
        pipeline_at=end.pipeline_at,
        pipeline_message=pipeline_message(turns, end),
        usage=usage,
    )


def replay_conversation(conv: Conversation, harness: Harness) -> ConversationRun:
    start = conv.context.now or DEFAULT_START
    turns: list[RunTurn] = []
    with harness.conversation(conv.id) as live:
        started = live.start(conv.context, start)
        turns.append(RunTurn(role="agent", text=started.reply.text, at=start, move="open"))
        for n, t in enumerate(conv.visitor_turns, 1):
            now = turn_clock(start, n)
            assert now is not None
            outcome, result = live.post(t.text, now)
            turns.append(visitor_turn(t.text, now, result, outcome))
            if outcome.reply is not None:
                turns.append(RunTurn(role="agent", text=outcome.reply.text, at=now, move=outcome.move))
        state = live.state()
        end = live.end_state()
        usage = live.usage()
    return run_from(conv.id, turns, state, end, usage)


@dataclass
class ReplayJob(HarnessJob):
    """`evals.batch.Job` for replay."""

    def run(self, conv: Conversation) -> ConversationRun:
        return replay_conversation(conv, self.harness)
