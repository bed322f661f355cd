"""The understanding interface and its rules implementation.

`analyze` turns one visitor message, read in the light of the conversation so far, into a
`TurnAnalysis`. Engines share the `UnderstandingEngine` protocol; the rules engine is always
available and is what a model engine's result is merged with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, get_args

from agent.context import PageContext, Turn
from agent.labels import Role, SlotName
from agent.lead import LeadState
from agent.profile import CompanyProfile
from agent.understanding import cues, fastre
from agent.understanding import detectors as D
from agent.understanding.analysis import (
    Evidence,
    FlagHit,
    IntentHit,
    Mention,
    ObjectionHit,
    SignalHit,
    SlotHit,
    TurnAnalysis,
)
from agent.understanding.analysis import Flag as FlagName
from agent.understanding.expect import Expectation, expectation_from_agent_text
from agent.understanding.numbers import find_seat_count
from agent.understanding.slots import find_email, find_industry, find_name, find_problem, find_role, find_size
from agent.understanding.text import KEYWORDS, Text, normalise

NON_BUYER_ROLES: frozenset[Role] = frozenset({"engineering", "operations", "student", "other"})


@dataclass(frozen=True)
class TurnInput:
    """One visitor message and what the engine may know around it."""

    message: str
    turn: int = 0
    context: PageContext = field(default_factory=PageContext)
    history: Sequence[Turn] = ()
    # What the agent last offered/asked; derived from the last agent turn when not given.
    expect: Expectation | None = None
    # Facts the conversation already established (from the lead state).
    known_role: Role | None = None
    support_mode: bool = False
    not_decision_maker: bool = False
    # The conversation showed the visitor is not a buyer (vendor, job seeker, student).
    not_a_buyer: bool = False
    # An existing customer asked for more (seats, a team, a bigger plan): a sales conversation.
    expansion: bool = False

    @classmethod
    def for_lead(
        cls, lead: LeadState, message: str, turn: int, context: PageContext, history: Sequence[Turn]
    ) -> TurnInput:
        """The input for the next visitor message, with what the conversation already established."""
        return cls(
            message=message,
            turn=turn,
            context=context,
            history=tuple(history),
            known_role=lead.role,
            support_mode=lead.support_mode,
            not_decision_maker=lead.not_decision_maker,
            not_a_buyer=lead.not_a_buyer,
            expansion=lead.expansion,
        )


class UnderstandingEngine(Protocol):
    name: str

    def analyze(self, turn: TurnInput) -> TurnAnalysis: ...


def _last_agent_text(history: Sequence[Turn]) -> str | None:
    for t in reversed(history):
        if t.role == "agent":
            return t.text
        if t.role == "visitor":
            # The agent has not answered the previous visitor message: no pending ask.
            return None
    return None


def _alternation(words: Sequence[str]) -> fastre.Regex | None:
    words = [w for w in dict.fromkeys(words) if w]
    if not words:
        return None
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # Built per profile at run time: its own literal test, not a bit in the package's shared index.
    return fastre.compile(rf"(?<![\w-])(?:{body})(?![\w-])", index=None)


# "I'm not the one deciding", "just doing the tech check" -- but not "we're not the right fit".
_NOT_THE_BUYER = fastre.compile(
    r"\bnot (?:really |actually )?(?:the one|the person|a decision maker|the decision maker|the buyer)\b|"
    r"\bdeciding\b|\btech(?:nical)? check\b|\basked me to\b"
)


def _quotes_price(agent_text: str | None) -> bool:
    # A plan price ("$399/mo", "49 a month"), not any amount ("$4.1M of pipeline").
    return bool(agent_text) and bool(
        re.search(
            r"[$€£]?\d[\d,.]*\s?(?:/\s?mo\w*|a month|per month|/month|per seat|per user)", agent_text or ""
        )
    )


class RulesEngine:
    """Deterministic detectors over normalised text. Fast, always available, the default."""

    name = "rules"

    def __init__(self, profile: CompanyProfile | None = None) -> None:
        self._customers: fastre.Regex | None = None
        self._integrations: fastre.Regex | None = None
        self._buyer_roles: frozenset[str] = frozenset(r for r in get_args(Role) if r not in NON_BUYER_ROLES)
        self._product_names: frozenset[str] = frozenset()
        if profile is not None:
            names: list[str] = []
            for cs in profile.case_studies:
                low = cs.customer.lower()
                names.append(low)
                first = low.split()[0]
                if len(first) >= 5:
                    names.append(first)
            self._customers = _alternation(names)
            self._integrations = _alternation([i.lower() for i in profile.integrations])
            self._buyer_roles = frozenset(profile.icp.roles)
            # Only the product's own name: a company called "Lumen Pipeline" must not turn every
            # "pipeline" into the product. Domain words are never treated as the name.
            names = profile.company.product_name.lower().split()
            self._product_names = frozenset(n for n in names if len(n) >= 3 and n not in KEYWORDS)

    def analyze(self, turn: TurnInput) -> TurnAnalysis:
        text = normalise(turn.message, self._product_names)
        expect = (
            turn.expect
            if turn.expect is not None
            else expectation_from_agent_text(_last_agent_text(turn.history))
        )
        builder = _Builder(text, turn.turn)

        # Slots first: the visitor's role decides whether "forward this to our CFO" is a champion.
        asks = expect.asks
        email = find_email(text)
        if email:
            builder.slot_original("email", email[0], email[1], email[2])
        size = find_size(text, expecting="company_size" in asks)
        if size:
            builder.slot_found("company_size", size)
        role = find_role(text, expecting="role" in asks)
        industry = find_industry(text, expecting="industry" in asks, identity=bool(size or role))
        if industry:
            builder.slot_found("industry", industry)
        if role:
            builder.slot_found("role", role)
        has_other_slots = bool(builder.slots) or bool(cues.TIME_MENTION.search(text.norm))
        name = find_name(text, expecting="name" in asks, other_slots=has_other_slots)
        if name:
            builder.slot_found("name", name)
        low = D.low_content(text)
        problem = None if low or turn.support_mode else find_problem(text)

        role_now = role.value if role else turn.known_role
        ctx = D.DetectContext(
            expect=expect,
            known_customer=turn.context.known_customer,
            support_mode=turn.support_mode,
            non_buyer=turn.not_decision_maker
            or turn.not_a_buyer
            or (role_now is not None and role_now not in self._buyer_roles)
            or bool(cues.JOB_SEEKER.search(text.norm) or cues.VENDOR.search(text.norm)),
            expansion_mode=turn.expansion,
            customers_re=self._customers,
            integrations_re=self._integrations,
            agent_quoted_price=_quotes_price(_last_agent_text(turn.history)),
        )

        # Intents that change how other cues read come first.
        opt = D.opt_out(text, ctx)
        declined = D.meeting_decline(text, ctx)
        support = D.support(text, ctx, opt_out=opt is not None, low_content=low)
        human = D.human_request(text, ctx)
        for hit in (opt, declined, support, human):
            builder.intent(hit)
        builder.intent(D.frustration(text, ctx, human=human is not None, support_hit=support is not None))
        builder.intent(D.meeting_accept(text, ctx, declined=declined is not None))

        in_support = support is not None or turn.support_mode
        # Post-sale help is not a statement of the pain the product solves, and neither is "this is
        # overkill for us, we just need to see which ads bring leads".
        if problem is not None and support is None and not cues.IDENTITY.search(text.norm):
            builder.slot_found("problem", problem)
        shock, shock_sentences = D.price_shock(text, ctx)
        if not in_support:
            builder.objection(shock)
            builder.objection(
                D.identity_mismatch(text, ctx, student=role_now == "student" and role is not None)
            )
            builder.objection(D.send_info(text, ctx))
            builder.signal(D.forward_question(text, ctx))
            builder.signal(D.timeline(text, ctx))
            builder.signal(D.champion(text, ctx))
            builder.signal(D.commercial(text, ctx, shock_sentences))
            builder.signal(D.social_proof(text, ctx))

        # Flags: facts for routing and scoring that are not TRANSCRIPTS labels.
        if low:
            builder.flag("low_content", 0, len(text.norm))
        elif D.dodge(text):
            builder.flag("dodge", 0, len(text.norm))
        if any(D.is_question(s) for s in text.norm.split(". ")) or "?" in text.norm:
            builder.flag("question", 0, len(text.norm))
        for flag, regex in (
            ("job_seeker", cues.JOB_SEEKER),
            ("vendor_pitch", cues.VENDOR),
            ("expansion", cues.EXPANSION),
            ("expansion", cues.EXPANSION_MORE),
            ("erase_request", cues.ERASE),
            ("erase_request", cues.ERASE_MORE),
        ):
            m = regex.search(text.norm)
            if m and (flag != "erase_request" or opt is not None):
                builder.flag(flag, m.start(), m.end())  # type: ignore[arg-type]
        if D.spam(text):
            builder.flag("spam", 0, len(text.norm))
            # A spammer's contact address is not a lead's email.
            builder.slots = [h for h in builder.slots if h.slot != "email"]
        if (
            any(h.label == "identity_mismatch" for h in builder.objections)
            and cues.IDENTITY.search(text.norm)
            and _NOT_THE_BUYER.search(text.norm)
        ):
            builder.flag("not_decision_maker", 0, len(text.norm))
        if expect.offer is not None:
            acc = cues.ACCEPT.search(text.norm)
            if acc and declined is None:
                builder.flag("accepts_offer", acc.start(), acc.end())
            elif declined is not None or text.norm.startswith(("no", "nah", "not")):
                builder.flag("declines_offer", 0, len(text.norm))

        for tool, s, e in D.tool_spans(text, ctx):
            builder.mention("tool", tool, s, e)
        seats = find_seat_count(turn.message)
        if seats is not None:
            builder.mentions.append(
                Mention(kind="seats", value=seats.value, evidence=builder.ev_original(seats.start, seats.end))
            )
        return builder.build()


class _Builder:
    def __init__(self, text: Text, turn: int) -> None:
        self.text = text
        self.turn = turn
        self.signals: list[SignalHit] = []
        self.objections: list[ObjectionHit] = []
        self.intents: list[IntentHit] = []
        self.slots: list[SlotHit] = []
        self.flags: list[FlagHit] = []
        self.mentions: list[Mention] = []

    def ev(self, start: int, end: int) -> Evidence:
        s, e = self.text.span(start, end)
        return Evidence(
            turn=self.turn, quote=self.text.original[s:e].strip() or self.text.original, start=s, end=e
        )

    def ev_original(self, start: int, end: int) -> Evidence:
        return Evidence(turn=self.turn, quote=self.text.original[start:end], start=start, end=end)

    def slot_found(self, name: SlotName, found: object) -> None:
        from agent.understanding.slots import Found

        assert isinstance(found, Found)
        ev = (
            self.ev_original(found.start, found.end) if found.in_original else self.ev(found.start, found.end)
        )
        self.slots.append(SlotHit(slot=name, value=found.value, evidence=ev))

    def slot_original(self, name: SlotName, value: str, start: int, end: int) -> None:
        self.slots.append(SlotHit(slot=name, value=value, evidence=self.ev_original(start, end)))

    def signal(self, hit: D.Span | None) -> None:
        if hit:
            self.signals.append(SignalHit(label=hit[0], evidence=self.ev(hit[1], hit[2])))

    def objection(self, hit: D.Span | None) -> None:
        if hit:
            self.objections.append(ObjectionHit(label=hit[0], evidence=self.ev(hit[1], hit[2])))

    def intent(self, hit: D.Span | None) -> None:
        if hit:
            self.intents.append(IntentHit(label=hit[0], evidence=self.ev(hit[1], hit[2])))

    def flag(self, flag: FlagName, start: int, end: int) -> None:
        self.flags.append(FlagHit(flag=flag, evidence=self.ev(start, end)))

    def mention(self, kind: str, value: str, start: int, end: int) -> None:
        self.mentions.append(Mention(kind=kind, value=value, evidence=self.ev(start, end)))

    def build(self) -> TurnAnalysis:
        return TurnAnalysis(
            turn=self.turn,
            signals=tuple(self.signals),
            objections=tuple(self.objections),
            intents=tuple(self.intents),
            slots=tuple(self.slots),
            flags=tuple(self.flags),
            mentions=tuple(self.mentions),
        )
