"""Which engine an eval run talks to (`--engine rules|model`), and pass^k over repeated runs.

A model engine is not deterministic, so one run says little: `--repeat K` runs every conversation
K times and reports pass^k (tau-bench's measure), the share of conversations right in *all* K runs,
next to the pass rate of each run. A conversation is right when its outcome (tier, route, handoff,
booking) matches gold; a persona when all its end-state checks pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.model.setup import EngineChoice, build_engines, resolve_engine
from agent.profile import CompanyProfile
from agent.settings import get_settings
from agent.understanding.engine import UnderstandingEngine
from evals.runs import ConversationRun
from evals.transcripts import Conversation

OUTCOME_FIELDS = ("tier", "route", "handoff", "meeting_booked")


def check_engine(choice: EngineChoice | None) -> str:
    """The engine kind a run will use; raises `ModelNotConfigured` before any worker starts."""
    return resolve_engine(choice, get_settings())


def understanding_engine(choice: EngineChoice | None, profile: CompanyProfile) -> UnderstandingEngine:
    """The engine for a worker. A model engine brings its own reply writer, which the harness's
    context picks up, so replies are worded by the model too."""
    return build_engines(choice, get_settings(), profile).engine


def outcome_right(run: ConversationRun, gold: Conversation) -> bool | None:
    """Whether the run reached the gold outcome; None without gold."""
    if gold.gold is None:
        return None
    return all(getattr(run.predicted, f) == getattr(gold.gold, f) for f in OUTCOME_FIELDS)


def pass_hat_k(verdicts: Sequence[Sequence[bool | None]]) -> dict[str, Any] | None:
    """`verdicts[r][i]`: run r, item i (None: no gold). pass^k and the pass rate of each run."""
    if not verdicts:
        return None
    items = [i for i in range(len(verdicts[0])) if verdicts[0][i] is not None]
    if not items:
        return None
    per_run = [sum(bool(run[i]) for i in items) / len(items) for run in verdicts]
    all_right = sum(all(bool(run[i]) for run in verdicts) for i in items)
    return {
        "k": len(verdicts),
        "items": len(items),
        "pass_hat_k": all_right / len(items),
        "pass_rate_per_run": per_run,
        "flaky": sum(len({bool(run[i]) for run in verdicts}) > 1 for i in items),
    }


def format_pass_hat_k(block: dict[str, Any]) -> str:
    rates = ", ".join(f"{r:.3f}" for r in block["pass_rate_per_run"])
    return (
        f"pass^{block['k']}: {block['pass_hat_k']:.3f} over {block['items']} "
        f"(pass rate per run: {rates}; {block['flaky']} flaky)\n"
    )
