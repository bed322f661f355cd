"""`qualify eval score` on the labelled sets, with bars a regression would break."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "evals" / "datasets" / "dev.jsonl"
# Written blind by a different author, then used to find classes of misses; kept as a second gate.
HELDOUT = ROOT / "evals" / "datasets" / "heldout.jsonl"
# A second blind set, used the same way after its first (honest) measurement.
HELDOUT2 = ROOT / "evals" / "datasets" / "heldout2.jsonl"
# A third blind set (first measurement in its commit message), then used the same way.
HELDOUT3 = ROOT / "evals" / "datasets" / "heldout3.jsonl"
PROFILE = ROOT / "agent" / "demo_company.yaml"


def run_score(tmp_path: Path, dataset: Path) -> dict[str, object]:
    report = tmp_path / "report.json"
    code = main(
        [
            "eval",
            "score",
            str(dataset),
            "--company",
            str(PROFILE),
            "--predictions",
            str(tmp_path / "p.jsonl"),
            "--report",
            str(report),
        ]
    )
    assert code == 0
    data: dict[str, object] = json.loads(report.read_text())
    return data


@pytest.mark.parametrize(
    "dataset", [DEV, HELDOUT, HELDOUT2, HELDOUT3], ids=["dev", "heldout", "heldout2", "heldout3"]
)
def test_labelled_sets_score_above_the_bars(tmp_path: Path, dataset: Path) -> None:
    r = run_score(tmp_path, dataset)
    labels = r["labels"]
    assert isinstance(labels, dict)
    for kind in ("signals", "objections", "intents"):
        assert labels[kind]["micro"]["f1"] >= 0.9, kind
    slots = r["slots"]
    assert isinstance(slots, dict)
    assert slots["overall"]["accuracy"] >= 0.95
    outcomes = r["outcomes"]
    assert isinstance(outcomes, dict)
    assert outcomes["accuracy"]["tier"] >= 0.95
    assert outcomes["accuracy"]["route"] >= 0.95
    assert outcomes["accuracy"]["handoff"] >= 0.9
    assert outcomes["accuracy"]["meeting_booked"] >= 0.9


def test_predictions_file_has_the_transcript_format(tmp_path: Path) -> None:
    run_score(tmp_path, DEV)
    lines = (tmp_path / "p.jsonl").read_text().splitlines()
    assert len(lines) == 60
    first = json.loads(lines[0])
    assert "gold" not in first and set(first["predicted"]) == {
        "tier",
        "icp_fit",
        "route",
        "handoff",
        "meeting_booked",
    }
    visitor = [t for t in first["turns"] if t["role"] == "visitor"]
    assert visitor[0]["labels"]["slots"]["company_size"] == 40


def test_a_malformed_line_is_reported_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    good = DEV.read_text().splitlines()[0]
    bad.write_text(good + "\n{not json\n")
    out = tmp_path / "p.jsonl"
    code = main(["eval", "score", str(bad), "--company", str(PROFILE), "--predictions", str(out)])
    assert code != 0
    assert f"{bad}:2:" in capsys.readouterr().err
    assert not out.exists()


def test_a_broken_profile_names_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "company.yaml"
    broken.write_text(PROFILE.read_text().replace("price_per_month: 399", "price_per_month: lots"))
    code = main(
        ["eval", "score", str(DEV), "--company", str(broken), "--predictions", str(tmp_path / "p.jsonl")]
    )
    assert code != 0
    err = capsys.readouterr().err
    assert str(broken) in err and "pricing.plans[1].price_per_month" in err
