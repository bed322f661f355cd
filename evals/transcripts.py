"""Labelled transcripts (shared/spec/TRANSCRIPTS.md): reading, writing and building prediction files.

A `.jsonl` file of conversations is a trust boundary, so every line is parsed into pydantic models
and every problem in the file is reported at once, as `FILE:LINE: reason`, before anything runs.
Projects may add fields to conversations and turns, so unknown fields there are kept and written
back; the label vocabulary is closed, so an unknown label key or value is an error, as it is for
shared/spec/validate_transcripts.py.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import ErrorDetails

from agent.context import PageContext, Speaker
from agent.labels import IcpFit, Industry, Intent, Objection, Role, Route, Signal, Tier


class TranscriptError(ValueError):
    """A transcript file that does not follow TRANSCRIPTS.md; `problems` holds one line per fault."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


class SlotLabels(BaseModel):
    """The slot values one visitor message states; an absent slot is `None` and is not written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    company_size: StrictInt | None = None
    industry: Industry | None = None
    role: Role | None = None
    email: StrictStr | None = None
    name: StrictStr | None = None
    problem: Literal[True] | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _no_explicit_null(cls, value: Any) -> Any:
        # The validator rejects `"industry": null`; a slot the message does not state is left out.
        if value is None:
            raise ValueError("null is not a value; leave the slot out instead")
        return value

    @model_serializer(mode="wrap")
    def _present_only(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {key: value for key, value in handler(self).items() if value is not None}

    def stated(self) -> dict[str, int | str | bool]:
        """The stated slots by name, in TRANSCRIPTS.md order."""
        return {key: value for key, value in self if value is not None}


class Labels(BaseModel):
    """What one visitor message contains, in the TRANSCRIPTS.md vocabulary."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    signals: tuple[Signal, ...] = ()
    objections: tuple[Objection, ...] = ()
    intents: tuple[Intent, ...] = ()
    slots: SlotLabels = Field(default_factory=SlotLabels)

    @model_serializer(mode="wrap")
    def _non_empty_only(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Files list only what a message contains, so empty kinds are left out when written.
        return {key: value for key, value in handler(self).items() if value}

    def is_empty(self) -> bool:
        return not (self.signals or self.objections or self.intents or self.slots.stated())


class TranscriptTurn(BaseModel):
    """One message of a labelled transcript; only visitor messages carry labels."""

    model_config = ConfigDict(extra="allow", frozen=True)

    role: Speaker
    text: StrictStr
    labels: Labels | None = None

    @model_validator(mode="after")
    def _labels_on_visitor_turns_only(self) -> TranscriptTurn:
        if self.labels is not None and self.role != "visitor":
            raise ValueError("only visitor turns carry labels")
        return self

    @model_serializer(mode="wrap")
    def _omit_missing_labels(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if self.labels is None:
            del data["labels"]
        return data


class Outcome(BaseModel):
    """What a conversation reached: the shape shared by `gold` and `predicted`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tier: Tier
    icp_fit: IcpFit = "unknown"
    route: Route = "sales"
    handoff: StrictBool = False
    meeting_booked: StrictBool = False


class Gold(Outcome):
    """The correct outcome, as labelled by a person."""


class Predicted(Outcome):
    """The outcome the agent reached, written into prediction files."""


class Conversation(BaseModel):
    """One line of a transcript file."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: StrictStr = Field(min_length=1)
    context: PageContext = Field(default_factory=PageContext)
    turns: tuple[TranscriptTurn, ...]
    gold: Gold | None = None
    predicted: Predicted | None = None

    @field_validator("turns")
    @classmethod
    def _has_turns(cls, turns: tuple[TranscriptTurn, ...]) -> tuple[TranscriptTurn, ...]:
        # Checked after the items (not as `min_length`) so a list of bad turns is not also "empty".
        if not turns:
            raise ValueError("must not be empty")
        return turns

    @field_validator("context")
    @classmethod
    def _clock_has_offset(cls, context: PageContext) -> PageContext:
        # Replay runs the agent's clock from `now`; a naive time would silently mean the host's zone.
        if context.now is not None and context.now.utcoffset() is None:
            raise ValueError("now must carry a UTC offset, e.g. 2026-11-19T23:12:00-05:00")
        return context

    @model_serializer(mode="wrap")
    def _clean(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        # Context fields the file did not give stay out, so a file round-trips without new defaults.
        data["context"] = self.context.model_dump(mode=info.mode, exclude_unset=True)
        if info.mode == "json" and "now" in data["context"] and self.context.now is not None:
            # pydantic writes UTC as `Z`; `+00:00` keeps the spec's `-05:00` shape for every offset.
            data["context"]["now"] = self.context.now.isoformat()
        for key in ("gold", "predicted"):
            if data[key] is None:
                del data[key]
        return data

    @property
    def visitor_turns(self) -> tuple[TranscriptTurn, ...]:
        return tuple(turn for turn in self.turns if turn.role == "visitor")


class _HasId(Protocol):
    id: str


M = TypeVar("M", bound=BaseModel)


def load_jsonl_models(path: str | os.PathLike[str], model: type[M]) -> list[M]:
    """Read one `model` per line of a `.jsonl` file whose objects carry a unique `id`.

    Raises `TranscriptError` listing every bad line (`FILE:LINE: reason`) if anything is wrong,
    so a file is either read whole or not at all.
    """
    name = os.fspath(path)
    try:
        raw_lines = Path(path).read_bytes().splitlines()
    except OSError as e:
        raise TranscriptError([f"{name}: cannot read: {e.strerror or e}"]) from e
    items: list[M] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(raw_lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{name}:{number}: not UTF-8 text")
            continue
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{name}:{number}: not JSON: {e}")
            continue
        if not isinstance(data, dict):
            problems.append(f"{name}:{number}: not a JSON object")
            continue
        try:
            item = model.model_validate(data)
        except ValidationError as e:
            problems.extend(f"{name}:{number}: {describe_error(error)}" for error in e.errors())
            continue
        item_id = cast(_HasId, item).id
        if item_id in first_line:
            problems.append(
                f"{name}:{number}: duplicate id {item_id!r} (first on line {first_line[item_id]})"
            )
            continue
        first_line[item_id] = number
        items.append(item)
    if problems:
        raise TranscriptError(problems)
    return items


def load_conversations(path: str | os.PathLike[str]) -> list[Conversation]:
    """Read a transcript file; raise `TranscriptError` listing every bad line if anything is wrong."""
    return load_jsonl_models(path, Conversation)


def write_conversations(path: str | os.PathLike[str], conversations: Iterable[Conversation]) -> None:
    """Write a transcript file atomically: readers see the old file or the complete new one."""
    items = list(conversations)
    duplicates = sorted(id_ for id_, count in Counter(c.id for c in items).items() if count > 1)
    if duplicates:
        raise TranscriptError([f"{os.fspath(path)}: duplicate ids {duplicates}; nothing written"])
    lines = [json.dumps(c.model_dump(mode="json"), ensure_ascii=False) + "\n" for c in items]
    write_text_atomic(path, "".join(lines))


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` through a temporary file in the same directory and `os.replace`.

    The rename is atomic on one file system, so an interrupted run never leaves partial output.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file private (0600); keep the mode the old file had, or the usual 0644.
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def with_predictions(
    conversation: Conversation,
    detected: Sequence[Mapping[str, Any]],
    predicted: Predicted,
    turns: Sequence[TranscriptTurn] | None = None,
) -> Conversation:
    """The prediction-file line for `conversation`: gold removed, `predicted` set, and each visitor
    turn's labels replaced by `detected` (one TRANSCRIPTS-format labels dict per visitor turn, in
    order; an empty dict means nothing was detected and the turn is written without `labels`).

    `turns` replaces the whole turn list, for replay, where the agent's own messages are written.
    Its visitor messages must be the original ones, in order, so that labels stay aligned with gold.
    """
    new_turns = tuple(turns) if turns is not None else conversation.turns
    original_texts = [turn.text for turn in conversation.visitor_turns]
    new_texts = [turn.text for turn in new_turns if turn.role == "visitor"]
    if new_texts != original_texts:
        raise ValueError(f"{conversation.id}: replacement turns must keep the visitor messages unchanged")
    if len(detected) != len(original_texts):
        raise ValueError(
            f"{conversation.id}: {len(detected)} detected label sets for {len(original_texts)} visitor turns"
        )
    remaining = iter(detected)
    labelled: list[TranscriptTurn] = []
    for turn in new_turns:
        if turn.role == "visitor":
            labels = Labels.model_validate(next(remaining))
            turn = turn.model_copy(update={"labels": None if labels.is_empty() else labels})
        labelled.append(turn)
    return conversation.model_copy(update={"turns": tuple(labelled), "gold": None, "predicted": predicted})


def describe_error(error: ErrorDetails) -> str:
    """A validation error as `where: what`, worded for the person fixing the file."""
    loc = error["loc"]
    where = _path(loc)
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        allowed = re.findall(r"'([^']*)'", expected)
        if allowed:
            what = f"{value!r} is not one of {', '.join(allowed)}"
        else:
            # Only `problem` has a non-string literal (true); say it the way the file spells it.
            what = f"must be {expected.lower()}, got {json.dumps(value, default=str)}"
    elif kind == "missing":
        what = "missing"
    elif kind == "extra_forbidden":
        where, what = _path(loc[:-1]), f"unknown key {loc[-1]!r}"
    elif kind in ("int_type", "int_from_float", "int_parsing"):
        what = f"must be an integer, got {value!r}"
    elif kind in ("string_type", "bool_type", "tuple_type", "model_type"):
        wanted = {"string_type": "a string", "bool_type": "true or false", "tuple_type": "a list"}
        what = f"must be {wanted.get(kind, 'an object')}, got {value!r}"
    else:
        what = error["msg"].removeprefix("Value error, ")
    return f"{where}: {what}" if where else what


def _path(loc: tuple[int | str, ...]) -> str:
    """`("turns", 2, "labels")` -> `turns[2].labels`, the way the file is navigated by eye."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
