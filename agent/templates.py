"""Reply templates (prompts/replies.yaml), rendered with explicit variables.

A missing variable is an error, not a blank; every template is checked when the file is loaded so
a broken template fails at start. Variants are picked deterministically from a seed so a replay of
the same conversation gives the same words.
"""

from __future__ import annotations

import hashlib
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
_FORMATTER = string.Formatter()


class TemplateError(KeyError):
    """A template is missing or was rendered without one of its variables."""


class Templates:
    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.version = int(data.get("version", 0))
        self._items: dict[str, tuple[str, ...]] = {}
        for group, entries in data.items():
            if group == "version" or not isinstance(entries, dict):
                continue
            for name, variants in entries.items():
                if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                    raise TemplateError(f"{source}: {group}.{name} must be a list of strings")
                for v in variants:
                    list(_FORMATTER.parse(v))  # raises ValueError on a malformed template
                self._items[f"{group}.{name}"] = tuple(variants)

    def fields(self, key: str) -> set[str]:
        return {f for v in self._variants(key) for _, f, _, _ in _FORMATTER.parse(v) if f}

    def _variants(self, key: str) -> tuple[str, ...]:
        try:
            variants = self._items[key]
        except KeyError:
            raise TemplateError(f"no template {key!r}") from None
        if not variants:
            raise TemplateError(f"template {key!r} has no variants")
        return variants

    def render(self, key: str, seed: str = "", **variables: Any) -> str:
        variants = self._variants(key)
        pick = int(hashlib.blake2s(f"{seed}|{key}".encode(), digest_size=4).hexdigest(), 16) % len(variants)
        template = variants[pick]
        needed = {f for _, f, _, _ in _FORMATTER.parse(template) if f}
        missing = needed - variables.keys()
        if missing:
            raise TemplateError(f"template {key!r} needs {sorted(missing)}")
        return template.format(**variables)


@lru_cache(maxsize=4)
def load_templates(path: str | None = None) -> Templates:
    file = Path(path) if path else PROMPTS_DIR / "replies.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TemplateError(f"{file}: expected a mapping of template groups")
    return Templates(data, str(file))
