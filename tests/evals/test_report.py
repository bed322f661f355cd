"""The terminal and JSON renderings of an `EvalReport`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from evals.metrics import EvalReport, evaluate
from evals.report import format_report, write_json
from evals.transcripts import Conversation


def conv(conversation_id: str, labels: dict[str, Any], **outcome: Any) -> Conversation:
    return Conversation.model_validate(
        {
            "id": conversation_id,
            "turns": [
                {"role": "agent", "text": "hi"},
                {"role": "visitor", "text": "hello", "labels": labels},
            ],
            **outcome,
        }
    )


@pytest.fixture
def report() -> EvalReport:
    gold = [
        conv("a", {"signals": ["timeline"], "slots": {"company_size": 40}}, gold={"tier": "L3"}),
        conv("b", {"signals": ["forward_question"]}, gold={"tier": "L2"}),
    ]
    predicted = [
        conv("a", {"signals": ["timeline"], "slots": {"company_size": 45}}, predicted={"tier": "L2"}),
        conv("b", {"signals": ["forward_question"]}, predicted={"tier": "L2"}),
    ]
    return evaluate(gold, predicted)


def test_text_report_has_the_tables_the_matrix_and_the_mismatches(report: EvalReport) -> None:
    lines = format_report(report).splitlines()

    assert lines[0] == "Conversations: 2"
    assert "forward_question  1.000  1.000  1.000        1" in lines
    # A label nobody used has undefined ratios, shown as "-" rather than a fake 0.
    assert "champion              -      -      -        0" in lines
    assert "micro             1.000  1.000  1.000        2" in lines
    assert "company_size  0.000  0.000      1      1      0" in lines
    assert "  wrong company_size: a turn 1: gold 40, predicted 45" in lines
    assert "tier accuracy: 0.500 (1/2)" in lines
    matrix = lines.index("gold \\ predicted    L0    L1    L2    L3")
    assert lines[matrix + 1 : matrix + 5] == [
        "L0                   0     0     0     0",
        "L1                   0     0     0     0",
        "L2                   0     0     1     0",
        "L3                   0     0     1     0",
    ]
    assert "route accuracy: 1.000 (2/2)" in lines
    assert lines[-2:] == ["Mismatching conversations: 1", "  a: tier L3->L2, 1 label/slot error"]


def test_long_mismatch_lists_are_cut_short(report: EvalReport) -> None:
    text = format_report(report, max_conversations=0)
    assert text.endswith("Mismatching conversations: 1\n  ... 1 more in the JSON report\n")


def test_json_report_is_the_report_dict(tmp_path: Path, report: EvalReport) -> None:
    path = tmp_path / "runs" / "report.json"
    write_json(path, report.to_dict())
    assert json.loads(path.read_text(encoding="utf-8")) == report.to_dict()


def test_a_failed_json_write_keeps_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, report: EvalReport
) -> None:
    path = tmp_path / "report.json"
    path.write_text("{}", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_json(path, report.to_dict())

    assert path.read_text(encoding="utf-8") == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
