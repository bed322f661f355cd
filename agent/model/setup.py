"""Choosing and building the engine for a run: `--engine rules|model`, or the settings' choice.

`auto` (the default) is the model engine when a model endpoint is configured (a base URL or an
API key), else the rules engine. Asking for the model engine without one is a configuration error,
said at start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from agent.model.config import ModelConfig
from agent.model.writer import ReplyWriter, TemplateWriter
from agent.profile import CompanyProfile
from agent.settings import Settings
from agent.understanding.engine import RulesEngine, UnderstandingEngine

if TYPE_CHECKING:
    from agent.model.client import ModelClient, OpenAIModel

# The model modules (and the `openai` client) are imported only when a model engine is built, so
# a rules run starts as fast as before.

EngineChoice = Literal["auto", "rules", "model"]
EngineKind = Literal["rules", "model"]


class ModelNotConfigured(ValueError):
    """The model engine was asked for, but no model endpoint is configured."""


def model_configured(settings: Settings) -> bool:
    return bool(settings.openai_base_url) or settings.openai_api_key is not None


def resolve_engine(choice: EngineChoice | None, settings: Settings) -> EngineKind:
    choice = choice or settings.engine
    if choice == "rules":
        return "rules"
    if model_configured(settings):
        return "model"
    if choice == "model":
        raise ModelNotConfigured(
            "the model engine needs a model endpoint: set QUALIFY_OPENAI_BASE_URL (any OpenAI-compatible "
            "server) and/or QUALIFY_OPENAI_API_KEY, or use --engine rules"
        )
    return "rules"


@dataclass(frozen=True)
class Engines:
    kind: EngineKind
    engine: UnderstandingEngine
    writer: ReplyWriter


def openai_client(settings: Settings) -> OpenAIModel:
    from agent.model.client import OpenAIModel

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return OpenAIModel(
        base_url=settings.openai_base_url,
        api_key=key,
        timeout_s=settings.model_timeout_s,
        max_retries=settings.model_max_retries,
        max_tokens_param=settings.model_max_tokens_param,
    )


def model_engines(client: ModelClient, profile: CompanyProfile, config: ModelConfig | None = None) -> Engines:
    """The model engine and its reply writer on one client (the real one, or a scripted double)."""
    from agent.model.replies import ModelReplyWriter
    from agent.model.understand import ModelEngine

    writer = ModelReplyWriter(client, profile, config)
    engine = ModelEngine(client, profile, config, reply_writer=writer)
    return Engines(kind="model", engine=engine, writer=writer)


def build_engines(
    choice: EngineChoice | None,
    settings: Settings,
    profile: CompanyProfile,
    *,
    client: ModelClient | None = None,
) -> Engines:
    """The engines for a run. Raises `ModelNotConfigured` when `model` is asked for without a model."""
    kind = "model" if client is not None and choice != "rules" else resolve_engine(choice, settings)
    if kind == "rules":
        return Engines(kind="rules", engine=RulesEngine(profile), writer=TemplateWriter())
    return model_engines(client or openai_client(settings), profile, ModelConfig.from_settings(settings))
