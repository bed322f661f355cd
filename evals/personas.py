"""Simulated visitors: the persona file format (`qualify eval simulate PERSONAS.jsonl`).

A persona is one line of a `.jsonl` file: who the visitor is (hidden from the agent, which only
learns what the visitor chooses to say), how they behave (what they open with, scripted lines such
as objections or a request for a person at a given turn, whether they book and when they are
free), and the end state a correct agent reaches, checked against the database afterwards.
`docs/evals.md` documents every field with examples.

A persona file is a trust boundary like a transcript file: it is parsed into pydantic models, unknown
keys are errors (a typo must not silently turn a check off), and every problem is reported at once
as `FILE:LINE: reason` before anything runs.
"""

from __future__ import annotations

import os
import re
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from agent.context import PageContext
from agent.labels import IcpFit, Industry, Role, Route, Tier
from evals.transcripts import Labels, TranscriptError, load_jsonl_models

MAX_TURNS_LIMIT = 30
"""No persona talks longer than this: every simulated conversation is bounded."""

Fact = Literal["company_size", "industry", "role", "problem", "crm", "email", "name", "company"]
PickStyle = Literal["click", "ordinal", "words"]
Trigger = Literal[
    "asked:company_size",
    "asked:role",
    "asked:industry",
    "asked:problem",
    "asked:crm",
    "asked:email",
    "offered:slots",
    "offered:call",
    "offered:transfer",
    "booked",
]
HandoffTeam = Literal["none", "sales", "support"]
LifecycleStage = Literal["none", "visitor", "nurture", "sales_follow_up", "opportunity", "customer"]
TaskKind = Literal["follow_up", "support_ticket", "handoff_followup"]
OpportunityStage = Literal["none", "meeting_booked", "live_conversation"]

_WINDOW = re.compile(
    r"^(?:any|(?:(?:mon|tue|wed|thu|fri|sat|sun)\s*)?(?:morning|afternoon|evening)?)$", re.IGNORECASE
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Facts(_Strict):
    """Who the visitor is. The agent sees none of this; the visitor answers from it when asked.

    A fact left out is one the visitor does not share ("I'd rather not say"). `say_as` overrides how
    a fact is worded ("~200 ppl", "we make hydraulic pumps", "head of demand gen"); otherwise a plain
    sentence is generated from the value.
    """

    name: StrictStr | None = None
    email: StrictStr | None = None
    company: StrictStr | None = None
    company_size: StrictInt | None = Field(default=None, ge=1)
    industry: Industry | None = None
    role: Role | None = None
    problem: StrictStr | None = None
    """The pain in the visitor's words; said when the agent asks what they hope to fix."""
    timeline: StrictStr | None = None
    """Their timing in their words ("we need this live before Q1 planning"); volunteered together
    with the problem, which makes it an L3 timeline signal."""
    crm: StrictStr | None = None
    """Their CRM, said when the agent asks about the stack."""
    say_as: dict[Fact, StrictStr] = Field(default_factory=dict)


class ScriptLine(_Strict):
    """Something the visitor says regardless of what the agent asked: an objection, a question, a
    request for a person, "stop". It is said once, when its moment comes:

    - `at`: at that visitor message number (1 = the first message);
    - `on`: the first time the agent does something: asks for a fact (`asked:problem`), offers
      something (`offered:slots`, `offered:call`, `offered:transfer`) or confirms a booking
      (`booked`), instead of the visitor's usual answer to it;
    - neither: in file order, whenever the agent has asked nothing the visitor can answer.

    `labels` are the TRANSCRIPTS.md labels of the line: they are the simulation's gold."""

    say: StrictStr = Field(min_length=1)
    at: StrictInt | None = Field(default=None, ge=1, le=MAX_TURNS_LIMIT)
    on: Trigger | None = None
    labels: Labels = Field(default_factory=Labels)

    @model_validator(mode="after")
    def _one_moment(self) -> ScriptLine:
        if self.at is not None and self.on is not None:
            raise ValueError("give `at` or `on`, not both")
        return self


class Behaviour(_Strict):
    """How the visitor answers the agent's offers."""

    books: StrictBool = False
    """Takes one of the offered meeting slots (otherwise declines the first offer once)."""
    availability: tuple[StrictStr, ...] = ("any",)
    """When they are free, in their own time zone: `any`, or windows such as `thu`, `afternoon`,
    `tue morning`. They pick the first offered slot inside a window, else name their first
    window once ("anything thu afternoon?"), else give up on booking."""
    pick: PickStyle = "click"
    """How a slot is picked: `click` sends the quick reply's text, `ordinal` says "the second one
    works", `words` says the day and time ("thu 10am works")."""
    accepts_transfer: StrictBool = True
    """Says yes when offered a live transfer to a person."""
    max_turns: StrictInt = Field(default=12, ge=1, le=MAX_TURNS_LIMIT)

    @field_validator("availability")
    @classmethod
    def _windows(cls, windows: tuple[str, ...]) -> tuple[str, ...]:
        bad = [w for w in windows if not w.strip() or not _WINDOW.match(w.strip())]
        if bad or not windows:
            raise ValueError(
                f"windows must be 'any' or '[day] [morning|afternoon|evening]' (day: mon..sun), got {bad or '[]'}"
            )
        return tuple(w.strip().lower() for w in windows)


class CrmExpectation(_Strict):
    """The CRM rows a correct agent leaves behind for this conversation."""

    stage: LifecycleStage
    """The linked contact's lifecycle stage, or `none` when no contact is linked."""
    opportunity: OpportunityStage = "none"
    do_not_contact: StrictBool = False
    erased: StrictBool = False
    open_tasks: tuple[TaskKind, ...] | None = None
    """Kinds of the conversation's open tasks, all of them (order ignored; cancelled tasks are not
    work). Left out, tasks are not checked: an L3 conversation keeps the follow-up task of the L2
    it passed through, by design, so whether it has one depends on the path, not on correctness."""
    content_sent: StrictBool | None = None
    """Whether material was queued for email (the CRM outbox's `content_email`); left out, not checked."""


class Expected(_Strict):
    """The end state of a correct conversation, checked in the database, never in the wording."""

    tier: Tier
    route: Route
    icp_fit: IcpFit
    booked: StrictBool = False
    """An active row in the calendar's bookings table."""
    handoff: HandoffTeam = "none"
    """The team of a handoff row in the handoff table (`none`: no handoff happened)."""
    crm: CrmExpectation


class Persona(_Strict):
    id: StrictStr = Field(min_length=1)
    description: StrictStr = Field(min_length=1)
    """What this persona exercises (the playbook, the situation), shown in reports."""
    context: PageContext = Field(default_factory=PageContext)
    """Where and when the chat starts, as in transcripts: page, referrer, UTM, visit count, `now`
    (the time of day decides business hours), the visitor's time zone, `known_customer`."""
    facts: Facts = Field(default_factory=Facts)
    opening: StrictStr | None = None
    """The first message; without it the visitor answers the opener."""
    opening_labels: Labels = Field(default_factory=Labels)
    script: tuple[ScriptLine, ...] = ()
    behaviour: Behaviour = Field(default_factory=Behaviour)
    expect: Expected
    expected_failure: StrictStr | None = None
    """Set when the agent is known to miss this persona: why, and where it is tracked. The run
    reports it as an expected failure instead of hiding it; if it starts passing, the report says
    so (`xpass`), so the mark can be removed."""

    @field_validator("context")
    @classmethod
    def _clock(cls, context: PageContext) -> PageContext:
        # The time of day decides business hours, so a persona must say when it happens.
        if context.now is None or context.now.utcoffset() is None:
            raise ValueError("now is required, with a UTC offset, e.g. 2026-11-19T23:12:00-05:00")
        return context

    @model_validator(mode="after")
    def _one_line_per_turn(self) -> Persona:
        turns = [line.at for line in self.script if line.at is not None]
        repeated = sorted({t for t in turns if turns.count(t) > 1})
        if repeated:
            raise ValueError(f"script has more than one line at turn(s) {repeated}")
        if self.opening is not None and 1 in turns:
            raise ValueError("script line at turn 1 and an opening: say one of them")
        return self


def load_personas(path: str | os.PathLike[str]) -> list[Persona]:
    """Read a persona file; raise `TranscriptError` listing every bad line if anything is wrong."""
    personas = load_jsonl_models(path, Persona)
    if not personas:
        raise TranscriptError([f"{os.fspath(path)}: no personas"])
    return personas
