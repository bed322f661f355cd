"""Comparing a report with a baseline report (`--baseline OLD.json`): what got better and worse.

Both sides are report documents (`evals.document`), so a baseline can be any earlier run of any
version, read from its JSON file. Headline metrics are compared by name, each with its direction
(a higher accuracy is better, a longer chat-to-pipeline time is worse); conversations are compared
by id (one that passed before and fails now got worse). A metric one side does not have is listed
as new or gone, not as a change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

Change = Literal["better", "worse", "same", "new", "gone"]

LOWER_IS_BETTER: Final = frozenset(
    {"funnel.chat_to_pipeline.median_seconds", "funnel.cost.per_qualified_conversation_usd"}
)
# Differences below this are rounding, not change (reports round ratios to 4 digits).
EPSILON: Final = 1e-9
_PASSING: Final = frozenset({"ok", "xpass"})


def _get(report: Mapping[str, Any], path: str) -> Any:
    node: Any = report
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def headline_metrics(report: Mapping[str, Any]) -> dict[str, float]:
    """The report's comparable numbers by dotted name; undefined ones are left out."""
    paths = [
        f"outcomes.accuracy.{field}" for field in ("tier", "icp_fit", "route", "handoff", "meeting_booked")
    ]
    labels = report.get("labels") or {}
    for kind, metrics in labels.items():
        paths.append(f"labels.{kind}.micro.f1")
        paths.extend(f"labels.{kind}.labels.{label}.f1" for label in metrics.get("labels", {}))
    paths.append("slots.overall.accuracy")
    paths += [
        "funnel.qualified_rate",
        "funnel.l2_to_l3_rate",
        "funnel.crm_record_rate",
        "funnel.qualified_within_4_exchanges.share",
        "funnel.chat_to_pipeline.median_seconds",
        "funnel.cost.per_qualified_conversation_usd",
    ]
    recovery = _get(report, "funnel.objection_recovery") or {}
    paths.extend(f"funnel.objection_recovery.{kind}.rate" for kind in recovery)
    paths.append("simulation.pass_rate")
    found: dict[str, float] = {}
    for path in paths:
        value = _get(report, path)
        if isinstance(value, int | float) and not isinstance(value, bool):
            found[path] = float(value)
    return found


def _change(name: str, old: float | None, new: float | None) -> Change:
    if old is None:
        return "new"
    if new is None:
        return "gone"
    if abs(new - old) <= EPSILON:
        return "same"
    better = new < old if name in LOWER_IS_BETTER else new > old
    return "better" if better else "worse"


def compare(current: Mapping[str, Any], baseline: Mapping[str, Any], baseline_name: str) -> dict[str, Any]:
    """The `baseline` block of a report: metric changes, and conversations that got better or worse."""
    now, before = headline_metrics(current), headline_metrics(baseline)
    metrics = []
    for name in [*now, *(n for n in before if n not in now)]:
        old, new = before.get(name), now.get(name)
        metrics.append(
            {
                "metric": name,
                "baseline": old,
                "current": new,
                "delta": None if old is None or new is None else round(new - old, 6),
                "change": _change(name, old, new),
            }
        )
    old_status = {r["id"]: r["status"] for r in baseline.get("results", []) if isinstance(r, Mapping)}
    better: list[str] = []
    worse: list[str] = []
    for result in current.get("results", []):
        was = old_status.get(result["id"])
        if was is None or "unlabelled" in (was, result["status"]):
            continue
        if was in _PASSING and result["status"] not in _PASSING:
            worse.append(result["id"])
        elif was not in _PASSING and result["status"] in _PASSING:
            better.append(result["id"])
    return {
        "file": baseline_name,
        "command": baseline.get("command"),
        "metrics": metrics,
        "better": sum(m["change"] == "better" for m in metrics),
        "worse": sum(m["change"] == "worse" for m in metrics),
        "conversations_better": better,
        "conversations_worse": worse,
    }
