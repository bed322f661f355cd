"""The model-facing understanding schema: a compact form of `TurnAnalysis`.

The model is asked for labels and slots with the exact words that show them (`quote`); offsets,
turn numbers and flags are ours to compute. Every field is required and the schema is closed
(`additionalProperties: false`), as OpenAI's strict `json_schema` mode wants, and it is written
without `$ref`s so grammar-based servers (llama.cpp) can compile it.

Parsing is lenient per item and strict on the whole: an answer that is not a JSON object with
these lists is malformed (the rules engine answers the turn); one bad item inside a good answer is
dropped on its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.labels import INDUSTRIES, ROLES, Intent, Objection, Signal, SlotName


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore")
    quote: str = Field(min_length=1, description="The exact words of the message that show it.")


class SignalItem(_Item):
    label: Signal


class ObjectionItem(_Item):
    label: Objection


class IntentItem(_Item):
    label: Intent


class SlotItem(_Item):
    slot: SlotName
    value: str | int | bool = Field(description="The fact, as a string.")


@dataclass(frozen=True)
class ModelAnalysis:
    """What the model said, items that failed validation already dropped."""

    signals: tuple[SignalItem, ...] = ()
    objections: tuple[ObjectionItem, ...] = ()
    intents: tuple[IntentItem, ...] = ()
    slots: tuple[SlotItem, ...] = ()
    dropped: int = 0


class MalformedOutput(ValueError):
    """The model's answer is not the JSON object the schema asks for."""


# Bounds for grammar-constrained servers: a small model otherwise writes one quote until it runs
# out of tokens. Strict `json_schema` mode does not take these keywords everywhere, so they are
# only sent with `json_object` (where the server compiles the schema into a grammar).
MAX_QUOTE_CHARS = 80
MAX_ITEMS = 3


def _string(bounded: bool) -> dict[str, Any]:
    return {"type": "string", "maxLength": MAX_QUOTE_CHARS} if bounded else {"type": "string"}


def _array(items: dict[str, Any], bounded: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": items}
    if bounded:
        out["maxItems"] = MAX_ITEMS
    return out


def _labelled(labels: tuple[str, ...], bounded: bool) -> dict[str, Any]:
    return _array(
        {
            "type": "object",
            "properties": {
                "label": {"type": "string", "enum": list(labels)},
                "quote": _string(bounded),
            },
            "required": ["label", "quote"],
            "additionalProperties": False,
        },
        bounded,
    )


def analysis_schema(*, bounded: bool = False) -> dict[str, Any]:
    """The JSON schema the model answers in (strict-mode compatible, no `$ref`); `bounded` adds
    length limits for grammar-based servers."""
    return {
        "type": "object",
        "properties": {
            "signals": _labelled(get_args(Signal), bounded),
            "objections": _labelled(get_args(Objection), bounded),
            "intents": _labelled(get_args(Intent), bounded),
            "slots": _array(
                {
                    "type": "object",
                    "properties": {
                        "slot": {"type": "string", "enum": list(get_args(SlotName))},
                        "value": _string(bounded),
                        "quote": _string(bounded),
                    },
                    "required": ["slot", "value", "quote"],
                    "additionalProperties": False,
                },
                bounded,
            ),
        },
        "required": ["signals", "objections", "intents", "slots"],
        "additionalProperties": False,
    }


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def parse_analysis(text: str) -> ModelAnalysis:
    """Read the model's answer; raises `MalformedOutput` when it is not the object asked for."""
    m = _FENCE.match(text)
    body = m.group(1) if m else text.strip()
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise MalformedOutput(f"not JSON: {exc.msg} at {exc.pos}") from exc
    if not isinstance(data, dict):
        raise MalformedOutput(f"expected a JSON object, got {type(data).__name__}")
    if not any(k in data for k in ("signals", "objections", "intents", "slots")):
        raise MalformedOutput("the object has none of signals, objections, intents, slots")
    dropped = 0

    def items(key: str, cls: type[_Item]) -> list[Any]:
        nonlocal dropped
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise MalformedOutput(f"{key} is not a list")
        out = []
        for entry in raw:
            try:
                out.append(cls.model_validate(entry))
            except ValidationError:
                dropped += 1
        return out

    return ModelAnalysis(
        signals=tuple(items("signals", SignalItem)),
        objections=tuple(items("objections", ObjectionItem)),
        intents=tuple(items("intents", IntentItem)),
        slots=tuple(items("slots", SlotItem)),
        dropped=dropped,
    )


def schema_text(*, bounded: bool = False) -> str:
    return json.dumps(analysis_schema(bounded=bounded), separators=(",", ":"))


VALID_INDUSTRIES: frozenset[str] = frozenset(INDUSTRIES)
VALID_ROLES: frozenset[str] = frozenset(ROLES)
