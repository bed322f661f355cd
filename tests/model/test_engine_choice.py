"""Choosing the engine per run: `--engine rules|model`, default the model when one is configured."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from agent.cli import build_parser
from agent.model.double import ScriptedModel
from agent.model.replies import ModelReplyWriter
from agent.model.setup import ModelNotConfigured, build_engines, resolve_engine
from agent.model.understand import ModelEngine
from agent.model.writer import TemplateWriter
from agent.profile import CompanyProfile
from agent.settings import Settings, get_settings
from agent.understanding.engine import RulesEngine


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_auto_is_rules_without_a_model_and_the_model_with_one() -> None:
    assert resolve_engine(None, Settings(_env_file=None)) == "rules"  # type: ignore[call-arg]
    local = Settings(_env_file=None, openai_base_url="http://127.0.0.1:8080/v1")  # type: ignore[call-arg]
    assert resolve_engine(None, local) == "model"
    keyed = Settings(_env_file=None, openai_api_key=SecretStr("sk-test"))  # type: ignore[call-arg]
    assert resolve_engine("auto", keyed) == "model"
    assert resolve_engine("rules", keyed) == "rules"


def test_asking_for_the_model_without_one_is_a_configuration_error() -> None:
    with pytest.raises(ModelNotConfigured, match="QUALIFY_OPENAI_BASE_URL"):
        resolve_engine("model", Settings(_env_file=None))  # type: ignore[call-arg]


def test_build_engines(profile: CompanyProfile) -> None:
    rules = build_engines("rules", Settings(_env_file=None), profile)  # type: ignore[call-arg]
    assert isinstance(rules.engine, RulesEngine) and isinstance(rules.writer, TemplateWriter)
    local = Settings(  # type: ignore[call-arg]
        _env_file=None,
        openai_base_url="http://127.0.0.1:8080/v1",
        understanding_model="small",
        reply_model="smaller",
        model_structured_output="json_object",
    )
    model = build_engines(None, local, profile)
    assert isinstance(model.engine, ModelEngine) and isinstance(model.writer, ModelReplyWriter)
    assert model.engine.config.understanding_model == "small"
    assert model.writer.config.reply_model == "smaller"
    assert model.engine.config.structured_mode == "json_object"
    assert model.engine.reply_writer is model.writer
    double = build_engines("auto", Settings(_env_file=None), profile, client=ScriptedModel())  # type: ignore[call-arg]
    assert double.kind == "model"


def _chat(argv: list[str], lines: str) -> tuple[int, str]:
    args = build_parser().parse_args(["chat", *argv])
    out = io.StringIO()
    code: int = args.handler(args, stdin=io.StringIO(lines), out=out)
    return code, out.getvalue()


def test_chat_engine_flag(tmp_path: Path, fresh_settings: None, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--database-url", f"sqlite:///{tmp_path / 'q.db'}", "--checkpoint-url", str(tmp_path / "c.db")]
    clock = ["--now", "2025-01-14T10:00:00-05:00", "--page-url", "https://lumenpipeline.example/pricing"]
    code, text = _chat([*db, *clock, "--engine", "rules"], "we're 120 people in fintech\n")
    assert code == 0 and "agent> " in text and "model:" not in text
    code, _ = _chat([*db, *clock, "--engine", "model"], "hello\n")
    assert code == 2
    assert "QUALIFY_OPENAI_BASE_URL" in capsys.readouterr().err


def test_serve_has_the_engine_flag() -> None:
    args = build_parser().parse_args(["serve", "--engine", "model"])
    assert args.engine == "model"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--engine", "gpt"])


def test_serve_with_the_model_engine_opens_its_service(
    tmp_path: Path, fresh_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    import agent.server.app
    from agent.service import ConversationService

    monkeypatch.setenv("QUALIFY_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # never called here
    monkeypatch.setenv("QUALIFY_DATABASE_URL", f"sqlite:///{tmp_path / 'q.db'}")
    monkeypatch.setenv("QUALIFY_CHECKPOINT_URL", str(tmp_path / "c.db"))
    services: list[ConversationService | None] = []
    real_create_app = agent.server.app.create_app

    def create_app(*args: Any, **kwargs: Any) -> Any:
        services.append(kwargs.get("service"))
        return real_create_app(*args, **kwargs)

    monkeypatch.setattr(agent.server.app, "create_app", create_app)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    args = build_parser().parse_args(["serve", "--engine", "model", "--port", "8123"])
    assert args.handler(args) == 0
    (svc,) = services
    assert svc is not None
    assert isinstance(svc.context.engine, ModelEngine)
    assert isinstance(svc.context.writer, ModelReplyWriter)
    # With the rules engine the app opens its own service, as before.
    services.clear()
    args = build_parser().parse_args(["serve", "--engine", "rules", "--port", "8123"])
    assert args.handler(args) == 0
    assert services == [None]
