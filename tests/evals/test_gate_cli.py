"""The regression gate: exit 1 with a clear message below a bar, 0 at or above it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agent.cli import main
from evals.gate import Bars, check_gate

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "agent" / "demo_company.yaml"
DEV = ROOT / "evals" / "datasets" / "dev.jsonl"
PERSONAS = ROOT / "evals" / "datasets" / "personas.jsonl"


def score(tmp_path: Path, source: Path, *bars: str) -> tuple[int, dict[str, Any]]:
    report = tmp_path / "report.json"
    code = main(
        [
            "eval",
            "score",
            str(source),
            "--company",
            str(PROFILE),
            "--predictions",
            str(tmp_path / "p.jsonl"),
            "--report",
            str(report),
            "--workers",
            "1",
            *bars,
        ]
    )
    return code, json.loads(report.read_text(encoding="utf-8"))


def test_above_every_bar_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = score(
        tmp_path, DEV, "--min-tier-accuracy", "0.95", "--min-route-accuracy", "0.95", "--min-label-f1", "0.9"
    )
    assert code == 0
    assert report["gate"]["passed"] is True
    assert [c["check"] for c in report["gate"]["checks"]] == [
        "tier accuracy",
        "route accuracy",
        "signals micro F1",
        "objections micro F1",
        "intents micro F1",
    ]
    assert "gate: tier accuracy: 1.0000 vs bar 0.950: ok" in capsys.readouterr().out


def test_below_a_bar_exits_one_and_says_which(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = DEV.read_text(encoding="utf-8").splitlines()[:4]
    # Two of four gold tiers made wrong: tier accuracy 0.5.
    wrong = []
    for i, line in enumerate(lines):
        data = json.loads(line)
        if i < 2:
            data["gold"]["tier"] = "L3" if data["gold"]["tier"] != "L3" else "L0"
        wrong.append(json.dumps(data))
    source = tmp_path / "wrong.jsonl"
    source.write_text("\n".join(wrong) + "\n", encoding="utf-8")
    code, report = score(tmp_path, source, "--min-tier-accuracy", "0.9", "--min-route-accuracy", "0.9")
    assert code == 1
    err = capsys.readouterr().err
    assert "gate: tier accuracy: 0.5000 vs bar 0.900: BELOW THE BAR" in err
    assert "regression gate failed: 1 of 2 bar(s) not met (tier accuracy)" in err
    # The reports are still written: a failed gate in CI leaves its evidence behind.
    assert report["gate"]["passed"] is False


def test_a_bar_on_something_unmeasured_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(DEV.read_text(encoding="utf-8").splitlines()[0])
    del data["gold"]
    source = tmp_path / "unlabelled.jsonl"
    source.write_text(json.dumps(data) + "\n", encoding="utf-8")
    code = main(
        [
            "eval",
            "replay",
            str(source),
            "--company",
            str(PROFILE),
            "--predictions",
            str(tmp_path / "p.jsonl"),
            "--workers",
            "1",
            "--min-tier-accuracy",
            "0.5",
        ]
    )
    assert code == 1
    assert "tier accuracy: not measured (the input has no gold outcomes)" in capsys.readouterr().err


def test_bars_are_fractions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(
            [
                "eval",
                "score",
                str(DEV),
                "--company",
                str(PROFILE),
                "--predictions",
                "x",
                "--min-tier-accuracy",
                "95",
            ]
        )
    assert exit_.value.code == 2
    assert "must be between 0 and 1" in capsys.readouterr().err


def test_persona_pass_rate_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = {
        json.loads(line)["id"]: json.loads(line) for line in PERSONAS.read_text(encoding="utf-8").splitlines()
    }
    passing = lines["smb-books-pricing"]
    failing = {**lines["declines-meeting"], "expect": passing["expect"]}
    source = tmp_path / "personas.jsonl"
    source.write_text(json.dumps(passing) + "\n" + json.dumps(failing) + "\n", encoding="utf-8")

    def simulate(bar: str) -> int:
        return main(
            [
                "eval",
                "simulate",
                str(source),
                "--company",
                str(PROFILE),
                "--workers",
                "1",
                "--min-pass-rate",
                bar,
            ]
        )

    assert simulate("0.5") == 0
    assert simulate("0.6") == 1
    err = capsys.readouterr().err
    assert "persona pass rate: 0.5000 vs bar 0.600: BELOW THE BAR" in err


def test_pass_rate_is_only_a_simulate_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(
            [
                "eval",
                "replay",
                str(DEV),
                "--company",
                str(PROFILE),
                "--predictions",
                "x",
                "--min-pass-rate",
                "1",
            ]
        )
    assert "unrecognized arguments: --min-pass-rate" in capsys.readouterr().err


def test_the_gate_is_a_pure_function_of_the_report() -> None:
    report = {
        "outcomes": {"accuracy": {"tier": 0.96, "route": 0.94}},
        "labels": {"signals": {"micro": {"f1": 0.9}}, "objections": {"micro": {"f1": None}}, "intents": {}},
        "simulation": {"pass_rate": 1.0},
    }
    checks = check_gate(report, Bars(tier_accuracy=0.95, route_accuracy=0.95, label_f1=0.85, pass_rate=1.0))
    assert [(c.name, c.ok) for c in checks] == [
        ("tier accuracy", True),
        ("route accuracy", False),
        ("signals micro F1", True),
        ("objections micro F1", False),
        ("intents micro F1", False),
        ("persona pass rate", True),
    ]
    assert check_gate(report, Bars()) == []
