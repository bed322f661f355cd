"""Plain-text views of eval results for the terminal (accuracy, funnel, personas, baseline) and the JSON file."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from agent.labels import TIERS
from evals.metrics import OUTCOME_FIELDS, EvalReport, KindMetrics, Mismatch, SlotMetrics
from evals.transcripts import write_text_atomic

_UNDEFINED = "-"
"""Shown for a ratio with a zero denominator, so it is not mistaken for a real 0.000."""


def _num(value: float | None) -> str:
    return _UNDEFINED if value is None else f"{value:.3f}"


def _label_table(metrics: KindMetrics) -> list[str]:
    width = max(len(label) for label in (*metrics.per_label, "micro", metrics.kind))
    lines = [f"{metrics.kind:<{width}}  {'P':>5}  {'R':>5}  {'F1':>5}  {'support':>7}"]
    for label, counts in metrics.per_label.items():
        lines.append(
            f"{label:<{width}}  {_num(counts.precision):>5}  {_num(counts.recall):>5}  "
            f"{_num(counts.f1):>5}  {counts.support:>7}"
        )
    micro = metrics.micro
    lines.append(
        f"{'micro':<{width}}  {_num(micro.precision):>5}  {_num(micro.recall):>5}  "
        f"{_num(micro.f1):>5}  {micro.support:>7}"
    )
    lines.append(
        f"{'macro':<{width}}  {_num(metrics.macro_precision):>5}  {_num(metrics.macro_recall):>5}  "
        f"{_num(metrics.macro_f1):>5}"
    )
    return lines


def _slot_table(slots: SlotMetrics) -> list[str]:
    width = max(len(name) for name in (*slots.per_slot, "overall"))
    lines = [f"{'slot':<{width}}  {'acc':>5}  {'prec':>5}  {'gold':>5}  {'pred':>5}  {'right':>5}"]
    for name, counts in (*slots.per_slot.items(), ("overall", slots.overall)):
        lines.append(
            f"{name:<{width}}  {_num(counts.accuracy):>5}  {_num(counts.precision):>5}  "
            f"{counts.gold:>5}  {counts.predicted:>5}  {counts.correct:>5}"
        )
    for name, counts in slots.per_slot.items():
        lines.extend(
            f"  wrong {name}: {e.conversation_id} turn {e.turn}: gold {e.gold!r}, predicted {e.predicted!r}"
            for e in counts.examples
        )
    return lines


def _outcome_lines(report: EvalReport) -> list[str]:
    outcomes = report.outcomes
    n = outcomes.conversations
    lines = [f"Conversations with gold and prediction: {n}"]
    lines.append(f"tier accuracy: {_num(outcomes.accuracy('tier'))} ({outcomes.correct['tier']}/{n})")
    lines.append("gold \\ predicted  " + "  ".join(f"{tier:>4}" for tier in TIERS))
    for tier, row in zip(TIERS, outcomes.tier_confusion, strict=True):
        lines.append(f"{tier:<16}  " + "  ".join(f"{count:>4}" for count in row))
    lines.extend(
        f"{field} accuracy: {_num(outcomes.accuracy(field))} ({outcomes.correct[field]}/{n})"
        for field in OUTCOME_FIELDS
    )
    return lines


def _mismatch_lines(mismatches: tuple[Mismatch, ...], limit: int) -> list[str]:
    by_id: dict[str, list[Mismatch]] = {}
    for mismatch in mismatches:
        by_id.setdefault(mismatch.conversation_id, []).append(mismatch)
    lines = [f"Mismatching conversations: {len(by_id)}"]
    for conversation_id, found in list(by_id.items())[:limit]:
        fields = [f"{m.field} {m.gold}->{m.predicted}" for m in found if m.turn is None]
        turn_errors = sum(m.turn is not None for m in found)
        if turn_errors:
            fields.append(f"{turn_errors} label/slot {'error' if turn_errors == 1 else 'errors'}")
        lines.append(f"  {conversation_id}: {', '.join(fields)}")
    if len(by_id) > limit:
        lines.append(f"  ... {len(by_id) - limit} more in the JSON report")
    return lines


def format_report(report: EvalReport, max_conversations: int = 50) -> str:
    """The report as aligned plain text, one section per block, ending with a newline.

    At most `max_conversations` mismatching conversations are listed, so a large run stays readable.
    """
    sections = [[f"Conversations: {report.conversations}"]]
    sections.extend(_label_table(metrics) for metrics in report.labels.values())
    sections.append(_slot_table(report.slots))
    sections.append(_outcome_lines(report))
    sections.append(_mismatch_lines(report.mismatches, max_conversations))
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


def _pct(value: object) -> str:
    return _UNDEFINED if not isinstance(value, int | float) else f"{100 * value:.1f}%"


def format_funnel(funnel: Mapping[str, Any]) -> str:
    """The funnel block of a report document as a few plain-text lines."""
    tiers = funnel["tiers"]
    time = funnel["chat_to_pipeline"]
    within = funnel["qualified_within_4_exchanges"]
    cost = funnel["cost"]
    median = time["median_seconds"]
    per = cost["per_qualified_conversation_usd"]
    lines = [
        f"Funnel: {funnel['conversations']} conversations, "
        + ", ".join(f"{tier} {count}" for tier, count in tiers.items()),
        f"qualified rate (L2+/all): {_pct(funnel['qualified_rate'])}   "
        f"L2->L3: {_pct(funnel['l2_to_l3_rate'])}   CRM record rate: {_pct(funnel['crm_record_rate'])}",
        "chat to pipeline: "
        + (
            f"median {median:.0f} s ({time['median_visitor_messages']} visitor messages) "
            f"over {time['conversations']} conversations"
            if median is not None
            else "no conversation reached pipeline"
        ),
        f"qualified within 4 exchanges: {_pct(within['share'])} ({within['within']}/{within['qualified']})   "
        "cost per qualified conversation: "
        + (_UNDEFINED if per is None else f"${per:.4f}")
        + f" (tokens: {cost['prompt_tokens']} prompt, {cost['completion_tokens']} completion)",
        "objection recovery: "
        + ", ".join(
            f"{kind} {_pct(r['rate'])} ({r['recovered']}/{r['raised']})"
            for kind, r in funnel["objection_recovery"].items()
        ),
    ]
    return "\n".join(lines) + "\n"


def format_model(model: Mapping[str, Any]) -> str:
    """The model block of a report document in two lines; empty for a run without model calls."""
    if not model.get("calls"):
        return ""
    return (
        f"model: {model['calls']} calls over {model['visitor_turns']} visitor turns "
        f"(mean {model['calls_per_turn_mean']:.2f}, max {model['calls_per_turn_max']} per turn; "
        f"{model['turns_over_two_calls']} turns over 2), {model['fallbacks']} answers not used, "
        f"{model['degraded_turns']} failed turns\n"
        f"tokens per turn: mean {model['tokens_per_turn_mean']:.0f}, median {model['tokens_per_turn_median']}, "
        f"p90 {model['tokens_per_turn_p90']}, max {model['tokens_per_turn_max']} "
        f"({model['prompt_tokens']} prompt + {model['completion_tokens']} completion in all)\n"
    )


def format_simulation(simulation: Mapping[str, Any]) -> str:
    """Per persona, its verdict; failures and tracked failures with their reasons."""
    lines = [
        f"Personas: {simulation['passed']}/{simulation['personas']} passed "
        f"({_pct(simulation['pass_rate'])}); {simulation['failed']} failed, "
        f"{simulation['expected_failures']} expected failures, {simulation['unexpected_passes']} unexpected passes"
    ]
    for r in simulation["results"]:
        if r["status"] == "pass":
            continue
        lines.append(
            f"  {r['status'].upper():5} {r['id']}: {'; '.join(r['failures']) or 'all checks passed'}"
        )
        if r["expected_failure"]:
            lines.append(f"        tracked: {r['expected_failure']}")
    return "\n".join(lines) + "\n"


def format_baseline(baseline: Mapping[str, Any]) -> str:
    changed = [m for m in baseline["metrics"] if m["change"] in ("better", "worse")]
    lines = [
        f"Compared with {baseline['file']}: {baseline['better']} metrics better, {baseline['worse']} worse"
    ]
    lines.extend(
        f"  {m['change']:6} {m['metric']}: {m['baseline']:.4f} -> {m['current']:.4f}" for m in changed
    )
    if baseline["conversations_worse"]:
        lines.append(f"  now failing: {', '.join(baseline['conversations_worse'])}")
    if baseline["conversations_better"]:
        lines.append(f"  now passing: {', '.join(baseline['conversations_better'])}")
    return "\n".join(lines) + "\n"


def write_json(path: str | os.PathLike[str], document: Mapping[str, Any]) -> None:
    """Write a report document as indented JSON, atomically."""
    write_text_atomic(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
