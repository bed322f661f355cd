"""Reusing one in-memory database and graph per worker gives what a fresh service per conversation gives."""

from __future__ import annotations

from pathlib import Path

from agent.profile import CompanyProfile
from agent.service import open_service
from agent.understanding.engine import RulesEngine
from evals.harness import Harness
from evals.replay import predicted_outcome, replay_conversation
from evals.runs import turn_clock
from evals.transcripts import Conversation, load_conversations

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "evals" / "datasets" / "dev.jsonl"


def fresh_replay(conv: Conversation, profile: CompanyProfile) -> tuple[list[str], object]:
    """A conversation on its own new database, checkpointer and graph: how replay used to run."""
    assert conv.context.now is not None
    with open_service(profile, "sqlite:///:memory:", ":memory:", RulesEngine(profile)) as svc:
        started = svc.start(conv.context, conv.context.now, conversation_id=conv.id)
        texts = [started.reply.text]
        for n, turn in enumerate(conv.visitor_turns, 1):
            now = turn_clock(conv.context.now, n)
            assert now is not None
            outcome = svc.post(conv.id, turn.text, now)
            texts.append(outcome.reply.text if outcome.reply else "")
        return texts, predicted_outcome(svc.state(conv.id))


def test_a_reused_harness_replays_like_a_fresh_service(profile: CompanyProfile) -> None:
    conversations = load_conversations(DEV)
    # Bookings, transfers, support, an opt-out and a non-prospect, replayed back to back.
    chosen = [c for c in conversations if c.gold is not None][::6]
    with Harness(profile, RulesEngine(profile)) as harness:
        runs = [replay_conversation(c, harness) for c in chosen]
    for conv, run in zip(chosen, runs, strict=True):
        texts, predicted = fresh_replay(conv, profile)
        replies = [t.text for t in run.turns if t.role == "agent"]
        # A silent turn (a person owns the chat) has no agent message in the run.
        assert replies == [t for t in texts if t], conv.id
        assert run.predicted == predicted, conv.id
    assert {r.predicted.route for r in runs} >= {"sales", "support"}
    assert any(r.predicted.meeting_booked for r in runs) and any(r.predicted.handoff for r in runs)
