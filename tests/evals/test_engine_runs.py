"""`--engine model` on the eval commands, and pass^k over `--repeat K` runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import agent.model.setup as model_setup
from agent.cli import main
from agent.model.client import ModelError, ModelRequest
from agent.model.double import ScriptedModel
from agent.settings import get_settings
from evals.engines import pass_hat_k

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "agent" / "demo_company.yaml"
HELDOUT = ROOT / "evals" / "datasets" / "heldout.jsonl"
EMPTY_ANALYSIS = '{"signals": [], "objections": [], "intents": [], "slots": []}'


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def replay(tmp_path: Path, source: Path, *extra: str) -> tuple[int, Path]:
    report = tmp_path / "report.json"
    code = main(
        [
            "eval",
            "replay",
            str(source),
            "--company",
            str(PROFILE),
            "--predictions",
            str(tmp_path / "p.jsonl"),
            "--report",
            str(report),
            "--workers",
            "1",
            *extra,
        ]
    )
    return code, report


def few(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "few.jsonl"
    path.write_text("\n".join(HELDOUT.read_text().splitlines()[:n]) + "\n")
    return path


def test_model_engine_without_a_model_is_a_clear_input_error(
    tmp_path: Path, fresh_settings: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("QUALIFY_OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("QUALIFY_OPENAI_API_KEY", raising=False)
    code, report = replay(tmp_path, few(tmp_path, 2), "--engine", "model")
    assert code == 2
    assert "QUALIFY_OPENAI_BASE_URL" in capsys.readouterr().err
    assert not report.exists()


def test_replay_with_the_model_engine_talks_to_the_model_and_counts_its_tokens(
    tmp_path: Path, fresh_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[ModelRequest] = []

    def answer(request: ModelRequest) -> str:
        calls.append(request)
        if request.purpose == "understand":
            return EMPTY_ANALYSIS
        raise ModelError("unavailable", "replies unavailable")  # the template answers instead

    model = ScriptedModel(*([answer] * 500))
    monkeypatch.setenv("QUALIFY_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setattr(model_setup, "openai_client", lambda settings: model)
    source = few(tmp_path, 5)
    code, report = replay(tmp_path, source, "--engine", "model")
    assert code == 0
    visitor_turns = sum(
        1
        for line in source.read_text().splitlines()
        for t in json.loads(line)["turns"]
        if t["role"] == "visitor"
    )
    understand = [c for c in calls if c.purpose == "understand"]
    # One understanding call per visitor message, at most two calls a turn in all.
    assert len(understand) == visitor_turns
    assert len(calls) <= 2 * visitor_turns
    data = json.loads(report.read_text())
    assert data["funnel"]["cost"]["prompt_tokens"] > 0, data["funnel"]
    # The report says which engine ran and what each turn spent, from the same calls.
    model = data["model"]
    assert data["engine"] == "model"
    assert model["visitor_turns"] == visitor_turns and model["calls"] == len(calls)
    assert model["calls_per_turn_max"] <= 2 and model["turns_over_two_calls"] == 0
    assert model["prompt_tokens"] == data["funnel"]["cost"]["prompt_tokens"]
    # Every reply call failed: each one is an answer not used, and no turn failed outright.
    assert model["fallbacks"] == len(calls) - len(understand)
    assert model["degraded_turns"] == 0


def test_repeat_reports_pass_hat_k(tmp_path: Path) -> None:
    code, report = replay(tmp_path, few(tmp_path, 4), "--engine", "rules", "--repeat", "2")
    assert code == 0
    block = json.loads(report.read_text())["pass_hat_k"]
    # The rules engine is deterministic: every run the same, nothing flaky.
    assert block["k"] == 2 and block["flaky"] == 0
    assert block["pass_rate_per_run"][0] == block["pass_rate_per_run"][1] == block["pass_hat_k"]


def test_pass_hat_k_counts_a_conversation_only_when_every_run_is_right() -> None:
    block = pass_hat_k([[True, True, False, None], [True, False, False, None], [True, True, False, None]])
    assert block is not None
    assert block["items"] == 3
    assert block["pass_hat_k"] == pytest.approx(1 / 3)
    assert block["pass_rate_per_run"] == pytest.approx([2 / 3, 1 / 3, 2 / 3])
    assert block["flaky"] == 1
    assert pass_hat_k([[None, None]]) is None
