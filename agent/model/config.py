"""The model engine's configuration, read once from settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agent.model.usage import Prices

if TYPE_CHECKING:
    from agent.model.client import StructuredMode
    from agent.settings import Settings


@dataclass(frozen=True)
class ModelConfig:
    understanding_model: str = "gpt-4o-mini"
    reply_model: str = "gpt-4o-mini"
    structured_mode: StructuredMode = "json_schema"
    # Prompt tokens allowed per call; history beyond it is trimmed and summarised.
    prompt_token_budget: int = 3000
    understanding_max_tokens: int = 400
    reply_max_tokens: int = 250
    temperature: float = 0.2
    # Wall-clock limit for one streamed reply.
    reply_deadline_s: float = 20.0
    # The settings' defaults (gpt-4o-mini list prices); a local server is free: set them to 0.
    prices: Prices = field(default_factory=lambda: Prices(0.00015, 0.0006))

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelConfig:
        return cls(
            understanding_model=settings.understanding_model,
            reply_model=settings.reply_model,
            structured_mode=settings.model_structured_output,
            prompt_token_budget=settings.prompt_token_budget,
            understanding_max_tokens=settings.understanding_max_tokens,
            reply_max_tokens=settings.reply_max_tokens,
            temperature=settings.model_temperature,
            reply_deadline_s=settings.model_timeout_s,
            prices=Prices(settings.price_per_1k_prompt_tokens, settings.price_per_1k_completion_tokens),
        )


__all__ = ["ModelConfig"]
