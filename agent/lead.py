"""What the conversation has established about the visitor, accumulated turn by turn.

Slots keep their provenance (which turn, which words); a later statement of the same slot wins
("actually we're closer to 80 people"), and the history of values is kept. ICP fit is computed
against the company profile with the reason for the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.labels import IcpFit, Intent, Objection, Role, Signal, SlotName
from agent.profile import CompanyProfile
from agent.understanding.analysis import Evidence, Flag, TurnAnalysis

SlotValue = int | str | bool


class SlotRecord(BaseModel):
    model_config = ConfigDict(frozen=True)
    slot: SlotName
    value: SlotValue
    evidence: Evidence
    source: Literal["rules", "model", "profile", "operator"] = "rules"


class Observation(BaseModel):
    """A label seen in the conversation (signal, objection, intent or flag) with its evidence."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["signal", "objection", "intent", "flag"]
    label: str
    evidence: Evidence


class LeadState(BaseModel):
    """Everything learnt about the visitor so far. Immutable: `apply` returns a new state."""

    model_config = ConfigDict(frozen=True)

    slots: dict[SlotName, SlotRecord] = Field(default_factory=dict)
    slot_history: tuple[SlotRecord, ...] = ()
    observations: tuple[Observation, ...] = ()
    tools: tuple[str, ...] = ()
    seats: int | None = None
    visitor_messages: int = 0
    real_exchanges: int = 0
    questions_asked: int = 0
    support_mode: bool = False
    expansion: bool = False
    not_decision_maker: bool = False
    opted_out: bool = False
    erase_requested: bool = False
    booked: Evidence | None = None
    transferred: Evidence | None = None

    # --- reading -------------------------------------------------------------------------------

    def value(self, slot: SlotName) -> SlotValue | None:
        rec = self.slots.get(slot)
        return rec.value if rec else None

    @property
    def company_size(self) -> int | None:
        v = self.value("company_size")
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    @property
    def role(self) -> Role | None:
        v = self.value("role")
        return v if isinstance(v, str) else None  # type: ignore[return-value]

    @property
    def industry(self) -> str | None:
        v = self.value("industry")
        return v if isinstance(v, str) else None

    @property
    def has_problem(self) -> bool:
        return self.value("problem") is True

    def seen(self, kind: Literal["signal", "objection", "intent", "flag"], label: str) -> bool:
        return any(o.kind == kind and o.label == label for o in self.observations)

    def first(self, kind: Literal["signal", "objection", "intent", "flag"], label: str) -> Observation | None:
        return next((o for o in self.observations if o.kind == kind and o.label == label), None)

    def signals(self) -> frozenset[Signal]:
        return frozenset(o.label for o in self.observations if o.kind == "signal")  # type: ignore[misc]

    def objections(self) -> frozenset[Objection]:
        return frozenset(o.label for o in self.observations if o.kind == "objection")  # type: ignore[misc]

    def intents(self) -> frozenset[Intent]:
        return frozenset(o.label for o in self.observations if o.kind == "intent")  # type: ignore[misc]

    def flags(self) -> frozenset[Flag]:
        return frozenset(o.label for o in self.observations if o.kind == "flag")  # type: ignore[misc]

    # --- updating ------------------------------------------------------------------------------

    def apply(self, analysis: TurnAnalysis) -> LeadState:
        slots = dict(self.slots)
        history = list(self.slot_history)
        for hit in analysis.slots:
            rec = SlotRecord(slot=hit.slot, value=hit.value, evidence=hit.evidence, source=hit.source)
            # A later statement corrects an earlier one; the problem slot only ever turns true.
            slots[hit.slot] = rec
            history.append(rec)
        obs = list(self.observations)
        obs += [Observation(kind="signal", label=h.label, evidence=h.evidence) for h in analysis.signals]
        obs += [
            Observation(kind="objection", label=h.label, evidence=h.evidence) for h in analysis.objections
        ]
        obs += [Observation(kind="intent", label=h.label, evidence=h.evidence) for h in analysis.intents]
        obs += [Observation(kind="flag", label=h.flag, evidence=h.evidence) for h in analysis.flags]
        flags = analysis.flag_set
        intents = analysis.intent_set
        tools = list(self.tools)
        seats = self.seats
        for m in analysis.mentions:
            if m.kind == "tool" and isinstance(m.value, str) and m.value not in tools:
                tools.append(m.value)
            elif m.kind == "seats" and isinstance(m.value, int):
                seats = m.value
        real = not flags & {"low_content", "dodge"}
        return self.model_copy(
            update={
                "slots": slots,
                "slot_history": tuple(history),
                "observations": tuple(obs),
                "tools": tuple(tools),
                "seats": seats,
                "visitor_messages": self.visitor_messages + 1,
                "real_exchanges": self.real_exchanges + (1 if real else 0),
                "questions_asked": self.questions_asked + (1 if "question" in flags else 0),
                "support_mode": (self.support_mode or "support" in intents)
                and not (self.expansion or "expansion" in flags),
                "expansion": self.expansion or "expansion" in flags,
                "not_decision_maker": self.not_decision_maker or "not_decision_maker" in flags,
                "opted_out": self.opted_out or "opt_out" in intents,
                "erase_requested": self.erase_requested or "erase_request" in flags,
            }
        )

    @property
    def not_a_buyer(self) -> bool:
        return bool(self.flags() & NOT_BUYER_FLAGS) or self.role == "student"

    def with_known(self, *, email: str | None, name: str | None, at: int) -> LeadState:
        """Facts the host page already knew (the widget's `setUser`), recorded as such."""
        slots = dict(self.slots)
        known: tuple[tuple[SlotName, str | None], ...] = (("email", email), ("name", name))
        for slot, value in known:
            if value:
                ev = Evidence(turn=at, quote=f"(from the website: {slot})")
                slots[slot] = SlotRecord(slot=slot, value=value.strip(), evidence=ev, source="profile")
        return self.model_copy(update={"slots": slots})

    def erased(self) -> LeadState:
        """The state after "delete my data": no email, no name, no quoted words; the non-personal
        facts (firmographics, labels, counts) stay so the conversation is still classified right."""
        blank = Evidence(turn=0, quote="[erased]")
        personal: set[str] = {"email", "name"}
        slots = {
            k: v.model_copy(update={"evidence": blank}) for k, v in self.slots.items() if k not in personal
        }
        return self.model_copy(
            update={
                "slots": slots,
                "slot_history": tuple(
                    r.model_copy(update={"evidence": blank})
                    for r in self.slot_history
                    if r.slot not in personal
                ),
                "observations": tuple(o.model_copy(update={"evidence": blank}) for o in self.observations),
                "booked": blank if self.booked else None,
                "transferred": blank if self.transferred else None,
                "opted_out": True,
                "erase_requested": True,
            }
        )

    def mark_booked(self, evidence: Evidence) -> LeadState:
        return self if self.booked else self.model_copy(update={"booked": evidence})

    def mark_transferred(self, evidence: Evidence) -> LeadState:
        return self if self.transferred else self.model_copy(update={"transferred": evidence})


@dataclass(frozen=True)
class IcpVerdict:
    fit: IcpFit
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()


NOT_BUYER_FLAGS: frozenset[str] = frozenset({"job_seeker", "vendor_pitch", "spam"})


def icp_fit(lead: LeadState, profile: CompanyProfile) -> IcpVerdict:
    """`fit` when size, industry and role are all known and inside the ICP; `no_fit` as soon as one
    known fact is outside it (or the visitor is not a buyer at all); `unknown` otherwise."""
    icp = profile.icp
    out: list[str] = []
    ev: list[Evidence] = []
    missing: list[str] = []
    not_buyer = lead.flags() & NOT_BUYER_FLAGS
    if not_buyer:
        flag = sorted(not_buyer)[0]
        obs = lead.first("flag", flag)
        return IcpVerdict(
            "no_fit", (f"not a buyer ({flag.replace('_', ' ')})",), (obs.evidence,) if obs else ()
        )
    size = lead.slots.get("company_size")
    if size is None:
        missing.append("company size")
    elif not (isinstance(size.value, int) and icp.company_size.contains(size.value)):
        out.append(f"company size {size.value} is outside {icp.company_size.min}-{icp.company_size.max}")
        ev.append(size.evidence)
    industry = lead.slots.get("industry")
    if industry is None:
        missing.append("industry")
    elif industry.value not in icp.industries:
        out.append(f"industry {industry.value} is not in the ICP")
        ev.append(industry.evidence)
    role = lead.slots.get("role")
    if role is None:
        missing.append("role")
    elif role.value not in icp.roles:
        out.append(f"role {role.value} is not a buyer role in the ICP")
        ev.append(role.evidence)
    if out:
        return IcpVerdict("no_fit", tuple(out), tuple(ev))
    if missing:
        return IcpVerdict("unknown", (f"not yet known: {', '.join(missing)}",))
    assert size is not None and industry is not None and role is not None
    return IcpVerdict(
        "fit",
        (f"{size.value} employees, {industry.value}, {role.value}: inside the ICP",),
        (size.evidence, industry.evidence, role.evidence),
    )
