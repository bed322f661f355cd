"""The one settings class. Nothing else in the project reads the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from agent.profile import demo_profile_path


class Settings(BaseSettings):
    """Read from `QUALIFY_*` environment variables (and a `.env` file if present)."""

    model_config = SettingsConfigDict(env_prefix="QUALIFY_", env_file=".env", extra="ignore")

    company_profile: Path = Field(default_factory=demo_profile_path)
    # SQLAlchemy URL of the project's own database (CRM, calendar, conversations).
    database_url: str = "sqlite:///./var/qualify.db"
    # LangGraph checkpointer: a SQLite file path, or a postgresql:// URL.
    checkpoint_url: str = "./var/checkpoints.db"
    # Which engine understands and words replies: "auto" is the model engine when one is configured
    # (a base URL or an API key below), else the rules engine. `--engine` overrides it per run.
    engine: Literal["auto", "rules", "model"] = "auto"

    # Model engine (OpenAI-compatible endpoint); unused by the rules engine.
    openai_base_url: str | None = None
    openai_api_key: SecretStr | None = None
    understanding_model: str = "gpt-4o-mini"
    reply_model: str = "gpt-4o-mini"
    # Per request; the client retries timeouts, 429s and 5xx `model_max_retries` times, then the
    # rules engine (understanding) or the template (reply) answers the turn.
    model_timeout_s: float = 20.0
    model_max_retries: int = 2
    # "json_schema" (OpenAI, Azure, vLLM) or "json_object" with the schema in the prompt and in
    # `response_format.schema` (llama.cpp server, and servers without strict schemas).
    model_structured_output: Literal["json_schema", "json_object"] = "json_schema"
    # Newer OpenAI models take `max_completion_tokens`; most compatible servers take `max_tokens`.
    model_max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    model_temperature: float = 0.2
    understanding_max_tokens: int = 400
    reply_max_tokens: int = 250
    # Prompt tokens per model call (tiktoken count); older history is trimmed and summarised.
    prompt_token_budget: int = 3000
    price_per_1k_prompt_tokens: float = 0.00015
    price_per_1k_completion_tokens: float = 0.0006

    # Server.
    host: str = "127.0.0.1"
    port: int = 8000
    operator_api_key: SecretStr | None = None
    widget_keys: str = "demo-widget-key"
    allowed_origins: str = ""
    handoff_webhook_url: str | None = None
    # The server's public base URL (links in handoff notifications point at its operator page).
    public_url: str = "http://127.0.0.1:8000"
    rate_per_ip_per_minute: int = 240
    rate_per_conversation_per_minute: int = 30
    conversations_per_ip_per_hour: int = 60
    # Turns answered at once by one server process (the rest wait their turn, in order).
    concurrent_turns: int = 2


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
