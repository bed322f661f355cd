"""Replaying labelled conversations: the visitor's turns go to the agent, the agent speaks.

Each conversation runs on its own in-memory database and checkpointer, with the clock set from
`context.now`, so replays are independent and deterministic. The original agent turns are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from agent.profile import CompanyProfile
from agent.service import open_service
from agent.understanding.engine import UnderstandingEngine
from evals.transcripts import Conversation, Predicted, TranscriptTurn

# Visitors take a little time to type; the clock moves between turns so "in 2 hours" stays real.
SECONDS_PER_TURN = 45


@dataclass(frozen=True)
class Replayed:
    turns: list[TranscriptTurn]
    detected: list[dict[str, Any]]
    predicted: Predicted
    moves: list[str]


def replay_conversation(
    conv: Conversation, profile: CompanyProfile, engine: UnderstandingEngine | None = None
) -> Replayed:
    start = conv.context.now or datetime(2026, 1, 6, 15, 0, tzinfo=UTC)
    now = start
    turns: list[TranscriptTurn] = []
    detected: list[dict[str, Any]] = []
    moves: list[str] = []
    with open_service(profile, "sqlite:///:memory:", ":memory:", engine) as svc:
        started = svc.start(conv.context, now, conversation_id=conv.id)
        turns.append(TranscriptTurn(role="agent", text=started.reply.text))
        for t in conv.turns:
            if t.role != "visitor":
                continue
            now += timedelta(seconds=SECONDS_PER_TURN)
            outcome = svc.post(conv.id, t.text, now)
            state = svc.state(conv.id)
            analysis = state.get("analysis")
            labels = analysis.labels() if analysis is not None else {}
            detected.append(labels)
            turns.append(TranscriptTurn(role="visitor", text=t.text))
            moves.append(outcome.move or "none")
            if outcome.reply is not None:
                turns.append(TranscriptTurn(role="agent", text=outcome.reply.text))
        state = svc.state(conv.id)
    handoff = state.get("handoff")
    predicted = Predicted(
        tier=state.get("tier", "L0"),
        icp_fit=state.get("icp_fit", "unknown"),
        route=state.get("route", "sales"),
        handoff=handoff is not None and handoff.status in ("requested", "live", "ended"),
        meeting_booked=state.get("booking") is not None,
    )
    return Replayed(turns=turns, detected=detected, predicted=predicted, moves=moves)
