"""The regression gate: `--min-tier-accuracy X` and friends fail a run below the bar.

Pure: a report document and the bars in, one check per bar out. A bar on a number the run could
not measure (no gold tiers in the file, no labels) fails too, saying why: a gate that passes because
nothing was measured would let a broken dataset through CI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evals.metrics import LABEL_VOCABULARY


@dataclass(frozen=True)
class Bars:
    tier_accuracy: float | None = None
    route_accuracy: float | None = None
    label_f1: float | None = None
    """Micro F1 of every label kind (signals, objections, intents), each on its own."""
    pass_rate: float | None = None

    @property
    def any(self) -> bool:
        return any(
            v is not None for v in (self.tier_accuracy, self.route_accuracy, self.label_f1, self.pass_rate)
        )


@dataclass(frozen=True)
class GateCheck:
    name: str
    bar: float
    value: float | None
    why_unmeasured: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None and self.value >= self.bar

    def message(self) -> str:
        if self.value is None:
            return f"{self.name}: not measured ({self.why_unmeasured}), bar {self.bar:.3f}"
        verdict = "ok" if self.ok else "BELOW THE BAR"
        return f"{self.name}: {self.value:.4f} vs bar {self.bar:.3f}: {verdict}"

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.name, "bar": self.bar, "value": self.value, "ok": self.ok}


def _number(report: Mapping[str, Any], *path: str) -> float | None:
    node: Any = report
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return float(node) if isinstance(node, int | float) and not isinstance(node, bool) else None


def check_gate(report: Mapping[str, Any], bars: Bars) -> list[GateCheck]:
    checks: list[GateCheck] = []
    no_gold = "the input has no gold outcomes"
    if bars.tier_accuracy is not None:
        value = _number(report, "outcomes", "accuracy", "tier")
        checks.append(GateCheck("tier accuracy", bars.tier_accuracy, value, no_gold))
    if bars.route_accuracy is not None:
        value = _number(report, "outcomes", "accuracy", "route")
        checks.append(GateCheck("route accuracy", bars.route_accuracy, value, no_gold))
    if bars.label_f1 is not None:
        for kind in LABEL_VOCABULARY:
            value = _number(report, "labels", kind, "micro", "f1")
            checks.append(
                GateCheck(f"{kind} micro F1", bars.label_f1, value, f"no {kind} labels in the input")
            )
    if bars.pass_rate is not None:
        value = _number(report, "simulation", "pass_rate")
        checks.append(GateCheck("persona pass rate", bars.pass_rate, value, "not a simulation"))
    return checks


def gate_block(checks: list[GateCheck]) -> dict[str, Any]:
    """The `gate` block of a report."""
    return {"passed": all(c.ok for c in checks), "checks": [c.to_dict() for c in checks]}
