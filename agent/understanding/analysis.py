"""`TurnAnalysis`: what one visitor message says, every item with the evidence for it.

This is a trust boundary (a model engine fills it in too), so it is a pydantic model. The field
docstrings are also prompt text for the model engine: keep them true.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.labels import Intent, Objection, Signal, SlotName

Source = Literal["rules", "model"]

# Facts about a message that are not TRANSCRIPTS labels but that routing and scoring need.
Flag = Literal[
    "question",  # the visitor asked something
    "low_content",  # a bare greeting, acknowledgement, thanks or emoji: not a real exchange
    "dodge",  # "maybe", "later", "not sure": answers nothing, so not a real exchange either
    "job_seeker",  # asks about a job or an application
    "vendor_pitch",  # sells something to us
    "spam",  # bulk advertising, links, all-caps offers
    "expansion",  # an existing customer wants more: seats, another team, an upgrade
    "not_decision_maker",  # says they are not the one who decides
    "not_b2b",  # says their organisation is not a B2B business (school, agency, brokerage...)
    "erase_request",  # asks for their data to be deleted, not only to stop contact
    "accepts_offer",  # a plain yes to the agent's last offer
    "declines_offer",  # a plain no to the agent's last offer
]


class Evidence(BaseModel):
    """Where in the conversation an item was found: the quoted span and its position."""

    model_config = ConfigDict(frozen=True)

    turn: int = Field(description="Index of the turn in the conversation (0-based, agent turns included).")
    quote: str = Field(description="The exact words of the message that support the item.")
    start: int = Field(default=0, ge=0, description="Character offset of the quote in the message.")
    end: int = Field(default=0, ge=0, description="Character offset just past the quote.")


class SignalHit(BaseModel):
    model_config = ConfigDict(frozen=True)
    label: Signal
    evidence: Evidence
    source: Source = "rules"


class ObjectionHit(BaseModel):
    model_config = ConfigDict(frozen=True)
    label: Objection
    evidence: Evidence
    source: Source = "rules"


class IntentHit(BaseModel):
    model_config = ConfigDict(frozen=True)
    label: Intent
    evidence: Evidence
    source: Source = "rules"


class SlotHit(BaseModel):
    """A fact about the visitor. `company_size` is an int (employees, range midpoints), `industry` and
    `role` use the TRANSCRIPTS taxonomy, `email` and `name` are as typed, `problem` is true."""

    model_config = ConfigDict(frozen=True)
    slot: SlotName
    value: int | str | bool
    evidence: Evidence
    source: Source = "rules"


class FlagHit(BaseModel):
    model_config = ConfigDict(frozen=True)
    flag: Flag
    evidence: Evidence
    source: Source = "rules"


class Mention(BaseModel):
    """A named thing the visitor referred to: a tool in their stack, a plan, a seat count."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["tool", "plan", "seats", "budget"]
    value: str | int
    evidence: Evidence


class TurnAnalysis(BaseModel):
    """Everything one visitor message says that the agent acts on."""

    model_config = ConfigDict(frozen=True)

    turn: int = 0
    signals: tuple[SignalHit, ...] = ()
    objections: tuple[ObjectionHit, ...] = ()
    intents: tuple[IntentHit, ...] = ()
    slots: tuple[SlotHit, ...] = ()
    flags: tuple[FlagHit, ...] = ()
    mentions: tuple[Mention, ...] = ()

    @property
    def signal_set(self) -> frozenset[Signal]:
        return frozenset(h.label for h in self.signals)

    @property
    def objection_set(self) -> frozenset[Objection]:
        return frozenset(h.label for h in self.objections)

    @property
    def intent_set(self) -> frozenset[Intent]:
        return frozenset(h.label for h in self.intents)

    @property
    def flag_set(self) -> frozenset[Flag]:
        return frozenset(h.flag for h in self.flags)

    def slot(self, name: SlotName) -> SlotHit | None:
        for hit in self.slots:
            if hit.slot == name:
                return hit
        return None

    def labels(self) -> dict[str, Any]:
        """The message's labels in the TRANSCRIPTS.md format (only non-empty keys)."""
        out: dict[str, Any] = {}
        if self.signals:
            out["signals"] = sorted({h.label for h in self.signals})
        if self.objections:
            out["objections"] = sorted({h.label for h in self.objections})
        if self.intents:
            out["intents"] = sorted({h.label for h in self.intents})
        if self.slots:
            out["slots"] = {h.slot: h.value for h in self.slots}
        return out
