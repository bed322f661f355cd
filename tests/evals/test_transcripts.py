"""Reading, writing and building transcript files against shared/spec/TRANSCRIPTS.md."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from evals.transcripts import (
    Conversation,
    Predicted,
    TranscriptError,
    TranscriptTurn,
    load_conversations,
    with_predictions,
    write_conversations,
)

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "evals" / "datasets" / "dev.jsonl"
VALIDATOR = ROOT.parent / "shared" / "spec" / "validate_transcripts.py"

GOOD_LINE: dict[str, Any] = {
    "id": "c-1",
    "context": {"page_url": "https://x.example/pricing", "now": "2026-11-19T23:12:00-05:00"},
    "turns": [
        {"role": "agent", "text": "Comparing plans?"},
        {"role": "visitor", "text": "we're ~60 people", "labels": {"slots": {"company_size": 60}}},
    ],
    "gold": {"tier": "L1", "icp_fit": "unknown", "route": "sales", "handoff": False, "meeting_booked": False},
}


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    if not VALIDATOR.exists():
        pytest.skip("shared/spec/validate_transcripts.py is not beside the project")
    return subprocess.run(
        [sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True, check=False
    )


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _line(**changes: Any) -> str:
    return json.dumps({**GOOD_LINE, **changes})


def _visitor(labels: Any) -> list[dict[str, Any]]:
    return [{"role": "visitor", "text": "hi there", "labels": labels}]


def test_dev_set_loads_and_round_trips_through_the_shared_validator(tmp_path: Path) -> None:
    conversations = load_conversations(DEV)
    assert len(conversations) == 60
    assert len({c.id for c in conversations}) == 60

    out = tmp_path / "dev.jsonl"
    write_conversations(out, conversations)

    original = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert written == original
    result = _validate(out)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("60 conversations, 0 with errors")


def test_unknown_fields_on_conversations_and_turns_survive_a_round_trip(tmp_path: Path) -> None:
    line = dict(GOOD_LINE, source="crm-export", reviewer=None)
    line["turns"] = [{**GOOD_LINE["turns"][0], "sent_at": "10:42"}, GOOD_LINE["turns"][1]]
    path = _write_lines(tmp_path / "in.jsonl", [json.dumps(line)])

    out = tmp_path / "out.jsonl"
    write_conversations(out, load_conversations(path))

    assert json.loads(out.read_text(encoding="utf-8")) == line


def test_utc_is_written_as_an_offset_and_missing_context_fields_stay_missing(tmp_path: Path) -> None:
    line = dict(GOOD_LINE, context={"now": "2026-01-14T15:05:00Z"})
    path = _write_lines(tmp_path / "in.jsonl", [json.dumps(line)])

    out = tmp_path / "out.jsonl"
    write_conversations(out, load_conversations(path))

    assert json.loads(out.read_text(encoding="utf-8"))["context"] == {"now": "2026-01-14T15:05:00+00:00"}


BAD_LINES = [
    ("{not json", "not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ("[1, 2]", "not a JSON object"),
    (json.dumps({"turns": GOOD_LINE["turns"]}), "id: missing"),
    (_line(id=7), "id: must be a string, got 7"),
    (_line(turns=[]), "turns: must not be empty"),
    (_line(turns="hello"), "turns: must be a list, got 'hello'"),
    (_line(turns=[{"role": "bot", "text": "hi"}]), "turns[0].role: 'bot' is not one of visitor, agent"),
    (_line(turns=[{"role": "visitor", "text": 3}]), "turns[0].text: must be a string, got 3"),
    (
        _line(turns=[{"role": "agent", "text": "hi", "labels": {"signals": ["timeline"]}}]),
        "turns[0]: only visitor turns carry labels",
    ),
    (
        _line(turns=_visitor({"signals": ["urgency"]})),
        "turns[0].labels.signals[0]: 'urgency' is not one of "
        "forward_question, timeline, champion, commercial, social_proof",
    ),
    (_line(turns=_visitor({"moods": ["happy"]})), "turns[0].labels: unknown key 'moods'"),
    (_line(turns=_visitor({"slots": {"budget": 100}})), "turns[0].labels.slots: unknown key 'budget'"),
    (
        _line(turns=_visitor({"slots": {"industry": "banking"}})),
        "turns[0].labels.slots.industry: 'banking' is not one of software, fintech, professional_services, "
        "healthcare, manufacturing, ecommerce, education, nonprofit, government, media, real_estate, "
        "logistics, other",
    ),
    (
        _line(turns=_visitor({"slots": {"company_size": "60"}})),
        "turns[0].labels.slots.company_size: must be an integer, got '60'",
    ),
    (
        _line(turns=_visitor({"slots": {"company_size": 60.0}})),
        "turns[0].labels.slots.company_size: must be an integer, got 60.0",
    ),
    (
        _line(turns=_visitor({"slots": {"company_size": True}})),
        "turns[0].labels.slots.company_size: must be an integer, got True",
    ),
    (
        _line(turns=_visitor({"slots": {"problem": False}})),
        "turns[0].labels.slots.problem: must be true, got false",
    ),
    (
        _line(turns=_visitor({"slots": {"role": None}})),
        "turns[0].labels.slots.role: null is not a value; leave the slot out instead",
    ),
    (_line(turns=_visitor({"intents": None})), "turns[0].labels.intents: must be a list, got None"),
    (_line(gold={"tier": "L4"}), "gold.tier: 'L4' is not one of L0, L1, L2, L3"),
    (_line(gold={"icp_fit": "fit"}), "gold.tier: missing"),
    (_line(gold={"tier": "L1", "handoff": "no"}), "gold.handoff: must be true or false, got 'no'"),
    (_line(gold={"tier": "L1", "meeting_boked": True}), "gold: unknown key 'meeting_boked'"),
    (
        _line(context={"now": "2026-11-19T23:12:00"}),
        "context: now must carry a UTC offset, e.g. 2026-11-19T23:12:00-05:00",
    ),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES, ids=[reason[:40] for _, reason in BAD_LINES])
def test_a_bad_line_is_reported_as_file_line_reason(tmp_path: Path, line: str, reason: str) -> None:
    path = _write_lines(tmp_path / "data.jsonl", [_line(id="ok"), "", line])

    with pytest.raises(TranscriptError) as caught:
        load_conversations(path)

    assert caught.value.problems == (f"{path}:3: {reason}",)
    assert str(caught.value) == f"{path}:3: {reason}"


def test_every_bad_line_is_listed_in_file_order_and_duplicates_name_the_first_line(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "data.jsonl",
        [
            _line(id="a"),
            "",
            _line(id="b", turns=[{"role": "bot", "text": "hi"}], gold={"tier": "L9"}),
            _line(id="a"),
            "oops",
            _line(id="a"),
        ],
    )

    with pytest.raises(TranscriptError) as caught:
        load_conversations(path)

    assert caught.value.problems == (
        f"{path}:3: turns[0].role: 'bot' is not one of visitor, agent",
        f"{path}:3: gold.tier: 'L9' is not one of L0, L1, L2, L3",
        f"{path}:4: duplicate id 'a' (first on line 1)",
        f"{path}:5: not JSON: Expecting value: line 1 column 1 (char 0)",
        f"{path}:6: duplicate id 'a' (first on line 1)",
    )


def test_bytes_that_are_not_utf8_and_a_missing_file_are_transcript_errors(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(_line().encode() + b"\n\xff\xfe\n")
    with pytest.raises(TranscriptError) as caught:
        load_conversations(path)
    assert caught.value.problems == (f"{path}:2: not UTF-8 text",)

    missing = tmp_path / "nope.jsonl"
    with pytest.raises(TranscriptError) as caught:
        load_conversations(missing)
    assert caught.value.problems == (f"{missing}: cannot read: No such file or directory",)


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "data.jsonl", ["", _line(id="a"), "   ", _line(id="b"), ""])
    assert [c.id for c in load_conversations(path)] == ["a", "b"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    conversations = load_conversations(_write_lines(tmp_path / "in.jsonl", [_line()]))

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_conversations(target, conversations)

    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_duplicate_ids_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    conversation = Conversation.model_validate(GOOD_LINE)
    target = tmp_path / "out.jsonl"

    with pytest.raises(TranscriptError, match=r"duplicate ids \['c-1'\]"):
        write_conversations(target, [conversation, conversation])

    assert list(tmp_path.iterdir()) == []


def test_with_predictions_replaces_visitor_labels_and_gold(tmp_path: Path) -> None:
    line = dict(GOOD_LINE, source="crm-export")
    line["turns"] = [
        *GOOD_LINE["turns"],
        {"role": "agent", "text": "Which CRM?"},
        {"role": "visitor", "text": "hubspot", "labels": {"slots": {"industry": "software"}}},
    ]
    conversation = Conversation.model_validate(line)
    predicted = Predicted(tier="L2", icp_fit="fit")

    result = with_predictions(conversation, [{"signals": ["commercial"]}, {}], predicted)

    out = tmp_path / "pred.jsonl"
    write_conversations(out, [result])
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "id": "c-1",
        "context": GOOD_LINE["context"],
        "turns": [
            {"role": "agent", "text": "Comparing plans?"},
            {"role": "visitor", "text": "we're ~60 people", "labels": {"signals": ["commercial"]}},
            {"role": "agent", "text": "Which CRM?"},
            {"role": "visitor", "text": "hubspot"},
        ],
        "predicted": {
            "tier": "L2",
            "icp_fit": "fit",
            "route": "sales",
            "handoff": False,
            "meeting_booked": False,
        },
        "source": "crm-export",
    }
    assert conversation.gold is not None, "the input conversation is left as it was"
    assert _validate(out).returncode == 0


def test_with_predictions_takes_the_replayed_agent_turns() -> None:
    conversation = Conversation.model_validate(GOOD_LINE)
    replayed = [
        TranscriptTurn(role="agent", text="Hi! Which plan fits your team?"),
        TranscriptTurn(role="visitor", text="we're ~60 people"),
        TranscriptTurn(role="agent", text="Growth covers 60 seats."),
    ]

    result = with_predictions(conversation, [{"slots": {"company_size": 60}}], Predicted(tier="L1"), replayed)

    assert [t.text for t in result.turns] == [t.text for t in replayed]
    assert result.turns[1].labels is not None
    assert result.turns[1].labels.slots.stated() == {"company_size": 60}
    assert result.gold is None


def test_with_predictions_refuses_misaligned_input() -> None:
    conversation = Conversation.model_validate(GOOD_LINE)
    with pytest.raises(ValueError, match="2 detected label sets for 1 visitor turns"):
        with_predictions(conversation, [{}, {}], Predicted(tier="L0"))
    with pytest.raises(ValueError, match="must keep the visitor messages unchanged"):
        with_predictions(
            conversation, [{}], Predicted(tier="L0"), [TranscriptTurn(role="visitor", text="something else")]
        )


def test_written_files_get_ordinary_permissions_not_the_temporary_files_private_ones(tmp_path: Path) -> None:
    conversations = [Conversation.model_validate(GOOD_LINE)]
    fresh, existing = tmp_path / "fresh.jsonl", tmp_path / "existing.jsonl"
    existing.write_text("", encoding="utf-8")
    existing.chmod(0o640)

    write_conversations(fresh, conversations)
    write_conversations(existing, conversations)

    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
