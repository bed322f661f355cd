"""Comparing a report with a baseline report: what got better, what got worse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agent.cli import main
from evals.compare import compare, headline_metrics

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "agent" / "demo_company.yaml"
DEV = ROOT / "evals" / "datasets" / "dev.jsonl"


def report(
    tier: float, signals_f1: float | None, median_seconds: float, statuses: dict[str, str]
) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "command": "replay",
        "outcomes": {"accuracy": {"tier": tier, "route": 1.0}},
        "labels": {"signals": {"micro": {"f1": signals_f1}, "labels": {"timeline": {"f1": signals_f1}}}},
        "slots": {"overall": {"accuracy": 0.9}},
        "funnel": {
            "qualified_rate": 0.5,
            "chat_to_pipeline": {"median_seconds": median_seconds},
            "objection_recovery": {"price_shock": {"rate": 0.5}},
        },
        "simulation": None,
        "results": [{"id": i, "status": s} for i, s in statuses.items()],
    }


def changes(result: dict[str, Any]) -> dict[str, str]:
    return {m["metric"]: m["change"] for m in result["metrics"]}


def test_metrics_have_a_direction() -> None:
    old = report(0.90, 0.80, 200.0, {})
    new = report(0.95, 0.70, 150.0, {})
    result = compare(new, old, "old.json")
    found = changes(result)
    assert found["outcomes.accuracy.tier"] == "better"
    assert found["labels.signals.micro.f1"] == "worse"
    # Less time from first message to pipeline is better.
    assert found["funnel.chat_to_pipeline.median_seconds"] == "better"
    assert found["outcomes.accuracy.route"] == "same"
    assert (result["better"], result["worse"]) == (2, 2)
    tier = next(m for m in result["metrics"] if m["metric"] == "outcomes.accuracy.tier")
    assert tier == {
        "metric": "outcomes.accuracy.tier",
        "baseline": 0.90,
        "current": 0.95,
        "delta": pytest.approx(0.05),
        "change": "better",
    }


def test_a_metric_only_one_side_measured_is_new_or_gone() -> None:
    old = report(0.9, None, 100.0, {})
    new = report(0.9, 0.8, 100.0, {})
    assert changes(compare(new, old, "old.json"))["labels.signals.micro.f1"] == "new"
    assert changes(compare(old, new, "new.json"))["labels.signals.micro.f1"] == "gone"


def test_conversations_that_now_fail_or_now_pass_are_named() -> None:
    old = report(0.9, 0.8, 100.0, {"a": "ok", "b": "fail", "c": "ok", "d": "xfail", "e": "unlabelled"})
    new = report(0.9, 0.8, 100.0, {"a": "fail", "b": "ok", "c": "ok", "d": "xpass", "e": "ok", "f": "fail"})
    result = compare(new, old, "old.json")
    assert result["conversations_worse"] == ["a"]
    assert result["conversations_better"] == ["b", "d"]


def test_headline_metrics_skip_undefined_numbers() -> None:
    found = headline_metrics(report(0.9, None, 100.0, {}))
    assert "labels.signals.micro.f1" not in found
    assert found["funnel.objection_recovery.price_shock.rate"] == 0.5


def test_baseline_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = report(0.5, 0.5, 1000.0, {"dev-001": "fail"})
    baseline = tmp_path / "old.json"
    baseline.write_text(json.dumps(old), encoding="utf-8")
    out_json, out_html = tmp_path / "new.json", tmp_path / "new.html"
    code = main(
        [
            "eval",
            "score",
            str(DEV),
            "--company",
            str(PROFILE),
            "--predictions",
            str(tmp_path / "p.jsonl"),
            "--report",
            str(out_json),
            "--html",
            str(out_html),
            "--baseline",
            str(baseline),
            "--workers",
            "1",
        ]
    )
    assert code == 0
    block = json.loads(out_json.read_text(encoding="utf-8"))["baseline"]
    assert block["file"] == str(baseline)
    assert changes(block)["outcomes.accuracy.tier"] == "better"
    assert block["conversations_better"] == ["dev-001"]
    assert f"Compared with {baseline}" in capsys.readouterr().out
    html = out_html.read_text(encoding="utf-8")
    assert "Conversations that now pass:</span> dev-001" in html
    assert '<td class="better">better</td>' in html


def test_a_baseline_that_is_not_a_report_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "old.json"
    baseline.write_text('{"something": "else"}', encoding="utf-8")
    out = tmp_path / "p.jsonl"
    code = main(
        [
            "eval",
            "score",
            str(DEV),
            "--company",
            str(PROFILE),
            "--predictions",
            str(out),
            "--baseline",
            str(baseline),
            "--workers",
            "1",
        ]
    )
    assert code == 2
    assert "not a qualify eval report" in capsys.readouterr().err
    assert not out.exists()
