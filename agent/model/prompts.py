"""Prompt files for the model engine (`prompts/model/`), rendered with explicit variables.

Prompts are data. `{name}` is a variable; `{{` and `}}` are literal braces. A missing variable is an
error, and so is a variable the caller passes that the template never uses (a typo would otherwise
silently drop a fact from the prompt).
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from agent.templates import PROMPTS_DIR

MODEL_PROMPTS = PROMPTS_DIR / "model"
_FORMATTER = string.Formatter()


class PromptError(KeyError):
    """A prompt file is missing, malformed, or rendered with the wrong variables."""


class Prompt:
    def __init__(self, text: str, source: str) -> None:
        try:
            self.fields = frozenset(f for _, f, _, _ in _FORMATTER.parse(text) if f)
        except ValueError as exc:
            raise PromptError(f"{source}: {exc}") from exc
        self.text = text
        self.source = source

    def render(self, **variables: Any) -> str:
        missing = self.fields - variables.keys()
        if missing:
            raise PromptError(f"{self.source} needs {sorted(missing)}")
        unused = variables.keys() - self.fields
        if unused:
            raise PromptError(f"{self.source} does not use {sorted(unused)}")
        return self.text.format(**variables).strip()


@lru_cache(maxsize=16)
def load_prompt(name: str, folder: str | None = None) -> Prompt:
    path = Path(folder or MODEL_PROMPTS) / name
    try:
        return Prompt(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError as exc:
        raise PromptError(f"no prompt file {path}") from exc


@lru_cache(maxsize=4)
def load_move_prompts(folder: str | None = None) -> dict[str, Prompt]:
    """One instruction per move (`moves.yaml`): what this kind of reply is for."""
    path = Path(folder or MODEL_PROMPTS) / "moves.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise PromptError(f"{path}: expected a mapping of move -> instruction text")
    data.pop("version", None)
    if not all(isinstance(v, str) for v in data.values()):
        raise PromptError(f"{path}: every move's instruction must be a string")
    return {str(k): Prompt(v, f"{path}:{k}") for k, v in data.items()}
