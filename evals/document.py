"""The eval report document: one JSON shape for `score`, `replay` and `simulate` (docs/evals.md).

Built from the run records and, where the input has them, gold labels and outcomes. The keys are
stable: a key that does not apply to a run is present with `null` (or an empty list), never left
out, so tools and the baseline comparison can read any report the same way. The accuracy keys
(`labels`, `slots`, `outcomes`, `mismatches`) are those of `evals.metrics.EvalReport`.

The document holds nothing that depends on the machine, the clock of the run or the number of
workers, so two runs of the same inputs give byte-identical reports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from agent.labels import TIERS
from evals.funnel import Funnel
from evals.metrics import EvalReport, Mismatch
from evals.runs import ConversationRun
from evals.simulate import Simulated
from evals.transcripts import Conversation

SCHEMA_VERSION: Final = 1
WORST: Final = 10
"""How many of the worst conversations a report shows with their turns."""

Command = Literal["score", "replay", "simulate"]
Status = Literal["ok", "fail", "xfail", "xpass", "unlabelled"]

# How much each kind of miss weighs when ranking the worst conversations: a wrong tier or route
# costs a company pipeline or a wrongly treated visitor; a missed label is usually recovered.
_WEIGHTS: Final[dict[str, int]] = {
    "tier": 10,
    "route": 8,
    "handoff": 6,
    "meeting_booked": 6,
    "icp_fit": 4,
}
_CHECK_WEIGHT: Final = 5
_LABEL_WEIGHT: Final = 1


@dataclass(frozen=True)
class RunInfo:
    command: Command
    dataset: str
    company: str
    engine: str = "rules"


@dataclass(frozen=True)
class _Verdict:
    status: Status
    severity: int
    reasons: tuple[str, ...]


def _mismatch_reason(m: Mismatch) -> str:
    if m.turn is None:
        return f"{m.field}: gold {_show(m.gold)}, predicted {_show(m.predicted)}"
    return f"turn {m.turn} {m.field}: gold {_show(m.gold)}, predicted {_show(m.predicted)}"


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return "none" if value is None else str(value)


def _mismatch_weight(m: Mismatch) -> int:
    if m.turn is not None:
        return _LABEL_WEIGHT
    if m.field == "tier" and isinstance(m.gold, str) and isinstance(m.predicted, str):
        rank: dict[str, int] = {tier: i for i, tier in enumerate(TIERS)}
        return _WEIGHTS["tier"] * abs(rank.get(m.gold, 0) - rank.get(m.predicted, 0))
    return _WEIGHTS.get(m.field, _LABEL_WEIGHT)


def _verdicts(
    runs: Sequence[ConversationRun],
    accuracy: EvalReport | None,
    simulations: Sequence[Simulated] | None,
    has_gold: set[str],
) -> dict[str, _Verdict]:
    by_id: dict[str, list[Mismatch]] = {}
    for m in accuracy.mismatches if accuracy else ():
        by_id.setdefault(m.conversation_id, []).append(m)
    simulated = {s.persona_id: s for s in simulations or ()}
    verdicts: dict[str, _Verdict] = {}
    for run in runs:
        found = by_id.get(run.id, [])
        label_reasons = tuple(_mismatch_reason(m) for m in found if m.turn is not None)
        sim = simulated.get(run.id)
        if sim is not None:
            failed = [c for c in sim.checks if not c.ok]
            status: Status = "ok" if sim.status == "pass" else sim.status
            severity = _CHECK_WEIGHT * len(failed) + _LABEL_WEIGHT * len(label_reasons)
            verdicts[run.id] = _Verdict(status, severity, (*sim.failures, *label_reasons))
        elif run.id in has_gold or found:
            outcome_misses = [m for m in found if m.turn is None]
            verdicts[run.id] = _Verdict(
                "fail" if outcome_misses else "ok",
                sum(_mismatch_weight(m) for m in found),
                tuple(_mismatch_reason(m) for m in found),
            )
        else:
            verdicts[run.id] = _Verdict("unlabelled", 0, ())
    return verdicts


def _turns(run: ConversationRun, gold: Conversation | None, why: Sequence[str]) -> list[dict[str, Any]]:
    gold_labels = [t.labels for t in gold.visitor_turns] if gold is not None else []
    out: list[dict[str, Any]] = []
    visitor = 0
    for turn in run.turns:
        entry: dict[str, Any] = {"role": turn.role, "text": turn.text}
        if turn.role == "visitor":
            entry["labels"] = turn.labels.model_dump(mode="json") if turn.labels else {}
            given = gold_labels[visitor] if visitor < len(gold_labels) else None
            entry["gold_labels"] = given.model_dump(mode="json") if given is not None else None
            entry["tier"] = turn.tier
            entry["why"] = why[visitor] if visitor < len(why) else None
            visitor += 1
        else:
            entry["move"] = turn.move
        out.append(entry)
    return out


def _simulation(simulations: Sequence[Simulated]) -> dict[str, Any]:
    statuses = [s.status for s in simulations]
    passed = sum(s in ("pass", "xpass") for s in statuses)
    return {
        "personas": len(simulations),
        "passed": passed,
        "failed": statuses.count("fail"),
        "expected_failures": statuses.count("xfail"),
        "unexpected_passes": statuses.count("xpass"),
        "pass_rate": round(passed / len(simulations), 4) if simulations else None,
        "results": [
            {
                "id": s.persona_id,
                "description": s.description,
                "status": s.status,
                "expected_failure": s.expected_failure,
                "failures": s.failures,
                "checks": [c.to_dict() for c in s.checks],
            }
            for s in simulations
        ],
    }


def _percentile(ordered: Sequence[int], p: float) -> int:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return 0
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(len(ordered), rank) - 1]


def model_usage(runs: Sequence[ConversationRun]) -> dict[str, Any]:
    """What the run spent on the model, per visitor turn: calls (the budget is 2: one to understand,
    one streamed reply), tokens, answers not used (fallbacks) and turns that failed outright. All
    zero with the rules engine. `tokens_by_turn` is the mean total tokens of the n-th visitor turn
    across conversations: with history trimmed to a budget it grows linearly at most."""
    turns = [t for run in runs for t in run.visitor_turns]
    calls = [t.calls for t in turns]
    tokens = sorted(t.prompt_tokens + t.completion_tokens for t in turns)
    by_turn: list[list[int]] = []
    for run in runs:
        for n, t in enumerate(run.visitor_turns):
            if n == len(by_turn):
                by_turn.append([])
            by_turn[n].append(t.prompt_tokens + t.completion_tokens)
    count = len(turns)
    return {
        "visitor_turns": count,
        "calls": sum(calls),
        "calls_per_turn_mean": round(sum(calls) / count, 3) if count else 0.0,
        "calls_per_turn_max": max(calls, default=0),
        "turns_over_two_calls": sum(c > 2 for c in calls),
        "prompt_tokens": sum(t.prompt_tokens for t in turns),
        "completion_tokens": sum(t.completion_tokens for t in turns),
        "tokens_per_turn_mean": round(sum(tokens) / count, 1) if count else 0.0,
        "tokens_per_turn_median": _percentile(tokens, 50),
        "tokens_per_turn_p90": _percentile(tokens, 90),
        "tokens_per_turn_max": tokens[-1] if tokens else 0,
        "tokens_by_turn": [round(sum(v) / len(v), 1) for v in by_turn],
        "fallbacks": sum(t.fallbacks for t in turns),
        "degraded_turns": sum(t.degraded for t in turns),
        "conversations_with_degraded_turns": sum(any(t.degraded for t in run.visitor_turns) for run in runs),
    }


def build_report(
    info: RunInfo,
    runs: Sequence[ConversationRun],
    funnel: Funnel,
    *,
    gold: Sequence[Conversation] = (),
    accuracy: EvalReport | None = None,
    simulations: Sequence[Simulated] | None = None,
    worst: int = WORST,
) -> dict[str, Any]:
    """The report document. `gold` holds the labelled conversations (the input file, or the
    simulated transcripts); `accuracy` is their evaluation, when they carry labels or outcomes."""
    gold_by_id = {c.id: c for c in gold}
    has_gold = {c.id for c in gold if c.gold is not None}
    verdicts = _verdicts(runs, accuracy, simulations, has_gold)
    why = {s.persona_id: s.why for s in simulations or ()}
    descriptions = {s.persona_id: s.description for s in simulations or ()}
    expected_failures = {s.persona_id: s.expected_failure for s in simulations or ()}
    results = []
    for run in runs:
        v = verdicts[run.id]
        g = gold_by_id.get(run.id)
        results.append(
            {
                "id": run.id,
                "status": v.status,
                "severity": v.severity,
                "gold_tier": g.gold.tier if g is not None and g.gold is not None else None,
                "predicted": run.predicted.model_dump(mode="json"),
                "reasons": list(v.reasons),
            }
        )
    ranked = sorted(
        (i for i, run in enumerate(runs) if verdicts[run.id].severity > 0),
        key=lambda i: (-verdicts[runs[i].id].severity, i),
    )[:worst]
    worst_list = [
        {
            "id": runs[i].id,
            "status": verdicts[runs[i].id].status,
            "severity": verdicts[runs[i].id].severity,
            "description": descriptions.get(runs[i].id),
            "expected_failure": expected_failures.get(runs[i].id),
            "reasons": list(verdicts[runs[i].id].reasons),
            "turns": _turns(runs[i], gold_by_id.get(runs[i].id), why.get(runs[i].id, ())),
        }
        for i in ranked
    ]
    accuracy_dict: Mapping[str, Any] = accuracy.to_dict() if accuracy is not None else {}
    return {
        "schema_version": SCHEMA_VERSION,
        "command": info.command,
        "dataset": info.dataset,
        "company": info.company,
        "engine": info.engine,
        "conversations": len(runs),
        "labels": accuracy_dict.get("labels"),
        "slots": accuracy_dict.get("slots"),
        "outcomes": accuracy_dict.get("outcomes"),
        "mismatches": accuracy_dict.get("mismatches", []),
        "funnel": funnel.to_dict(),
        "model": model_usage(runs),
        "simulation": _simulation(simulations) if simulations is not None else None,
        "results": results,
        "worst": worst_list,
        "baseline": None,
        "gate": None,
    }
