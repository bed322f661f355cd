"""The JSON report document (stable keys, docs/evals.md) and the self-contained HTML page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from agent.cli import main
from evals.html_report import SECTIONS, render_html

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "agent" / "demo_company.yaml"
NASTY = "<script>alert('x')</script> & \"quotes\" <img src=x onerror=alert(1)>"

TOP_LEVEL_KEYS = {
    "schema_version",
    "command",
    "dataset",
    "company",
    "engine",
    "conversations",
    "model",
    "labels",
    "slots",
    "outcomes",
    "mismatches",
    "funnel",
    "simulation",
    "results",
    "worst",
    "baseline",
    "gate",
}


def transcripts(path: Path) -> Path:
    """Two labelled conversations: one the agent gets right, one whose gold it misses, with markup
    in the visitor's words."""
    lines = [
        {
            "id": "right",
            "context": {"page_url": "https://lumenpipeline.example/", "now": "2026-11-17T10:30:00-05:00"},
            "turns": [{"role": "visitor", "text": "hi"}],
            "gold": {"tier": "L0", "icp_fit": "unknown", "route": "none"},
        },
        {
            "id": "wrong",
            "context": {
                "page_url": "https://lumenpipeline.example/pricing",
                "now": "2026-11-17T10:30:00-05:00",
            },
            "turns": [
                {"role": "agent", "text": "Comparing plans?"},
                {"role": "visitor", "text": NASTY, "labels": {"signals": ["timeline"]}},
            ],
            "gold": {"tier": "L3", "icp_fit": "fit", "route": "sales", "meeting_booked": True},
        },
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def run(tmp_path: Path, command: str, *extra: str) -> tuple[int, dict[str, Any], str]:
    source = transcripts(tmp_path / "in.jsonl")
    report, html = tmp_path / f"{command}.json", tmp_path / f"{command}.html"
    code = main(
        [
            "eval",
            command,
            str(source),
            "--company",
            str(PROFILE),
            "--predictions",
            str(tmp_path / f"{command}.jsonl"),
            "--report",
            str(report),
            "--html",
            str(html),
            "--workers",
            "1",
            *extra,
        ]
    )
    return code, json.loads(report.read_text(encoding="utf-8")), html.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["score", "replay"])
def test_the_json_report_has_the_documented_keys(tmp_path: Path, command: str) -> None:
    code, report, _ = run(tmp_path, command)
    assert code == 0
    assert set(report) == TOP_LEVEL_KEYS
    assert (report["schema_version"], report["command"], report["engine"]) == (1, command, "rules")
    assert report["company"] == "Lumen Pipeline" and report["conversations"] == 2
    assert report["simulation"] is None and report["baseline"] is None and report["gate"] is None
    assert [r["id"] for r in report["results"]] == ["right", "wrong"]
    assert set(report["results"][0]) == {"id", "status", "severity", "gold_tier", "predicted", "reasons"}
    assert [r["status"] for r in report["results"]] == ["ok", "fail"]


def test_the_worst_conversations_come_with_their_turns_and_why(tmp_path: Path) -> None:
    _, report, _ = run(tmp_path, "replay")
    [worst] = report["worst"]
    assert worst["id"] == "wrong" and worst["status"] == "fail"
    assert "tier: gold L3, predicted L0" in worst["reasons"]
    assert any(r.startswith("turn 1 signals: gold [timeline]") for r in worst["reasons"])
    visitor = [t for t in worst["turns"] if t["role"] == "visitor"]
    assert visitor[0]["text"] == NASTY
    assert visitor[0]["gold_labels"] == {"signals": ["timeline"]}
    assert {"labels", "tier", "why"} <= set(visitor[0])
    agent = [t for t in worst["turns"] if t["role"] == "agent"]
    assert agent[0]["move"] == "open"


def test_the_same_inputs_give_the_same_report(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, first, _ = run(tmp_path / "a", "replay")
    _, second, _ = run(tmp_path / "b", "replay")
    first["dataset"] = second["dataset"] = ""
    assert first == second


def tags_only(html: str) -> str:
    """The page without its text: what is left is markup (links in escaped transcript text are text)."""
    return re.sub(r">[^<]*<", "><", html)


def test_the_html_page_has_every_section_and_escapes_transcript_text(tmp_path: Path) -> None:
    _, _, html = run(tmp_path, "replay")
    for key, title in SECTIONS:
        assert f'<section id="{key}"><h2>{title.replace("&", "&amp;")}</h2>' in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    markup = tags_only(html)
    assert "<script" not in markup and "<img" not in markup


def test_the_html_page_needs_nothing_from_outside(tmp_path: Path) -> None:
    _, _, html = run(tmp_path, "replay")
    markup = tags_only(html)
    for external in ("src=", "href=", "<link", "@import", "url(", "<script", "<iframe"):
        assert external not in markup, external
    assert "<svg" in html and "<style>" in html


def test_the_html_page_shows_the_funnel_matrix_and_label_table(tmp_path: Path) -> None:
    _, report, html = run(tmp_path, "score")
    assert "qualified (L2+)" in html and "CRM record created" in html
    assert "gold \\ predicted" in html
    for label in ("forward_question", "price_shock", "meeting_accept"):
        assert f"<td>{label}</td>" in html
    assert report["labels"]["signals"]["labels"]["timeline"]["fn"] == 1


def test_sections_a_run_cannot_fill_say_so() -> None:
    html = render_html({"command": "replay", "conversations": 0, "funnel": None, "results": [], "worst": []})
    assert "No gold tiers in this run" in html
    assert "No labelled turns in this run" in html
    assert "Not a simulation run." in html
    assert "No baseline given" in html
    assert "Nothing failed" in html


def test_model_usage_block_counts_calls_and_tokens_per_visitor_turn() -> None:
    from evals.document import model_usage
    from evals.runs import ConversationRun, RunTurn
    from evals.transcripts import Predicted

    def visitor(
        calls: int, prompt: int, completion: int, *, fallbacks: int = 0, degraded: bool = False
    ) -> RunTurn:
        return RunTurn(
            role="visitor",
            text="hi",
            calls=calls,
            prompt_tokens=prompt,
            completion_tokens=completion,
            fallbacks=fallbacks,
            degraded=degraded,
        )

    predicted = Predicted(tier="L1", icp_fit="fit", route="sales", handoff=False, meeting_booked=False)
    runs = [
        ConversationRun(
            id="a",
            turns=(
                visitor(2, 900, 100),
                RunTurn(role="agent", text="ok"),
                visitor(2, 1100, 100, fallbacks=1),
            ),
            predicted=predicted,
            crm_record=False,
        ),
        ConversationRun(
            id="b", turns=(visitor(1, 400, 0, degraded=True),), predicted=predicted, crm_record=False
        ),
    ]
    block = model_usage(runs)
    assert block["visitor_turns"] == 3
    assert block["calls"] == 5 and block["calls_per_turn_max"] == 2 and block["turns_over_two_calls"] == 0
    assert block["tokens_per_turn_mean"] == round((1000 + 1200 + 400) / 3, 1)
    assert block["tokens_per_turn_median"] == 1000 and block["tokens_per_turn_max"] == 1200
    assert block["tokens_by_turn"] == [700.0, 1200.0]
    assert block["fallbacks"] == 1
    assert block["degraded_turns"] == 1 and block["conversations_with_degraded_turns"] == 1
