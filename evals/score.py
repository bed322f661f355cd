"""Scoring historical transcripts: understand every visitor turn, and read agent turns as evidence.

In a historical transcript the agent's words are facts: "Booked: Wed 2:30pm" means a meeting was
booked and "Connecting you with Tom now" means a transfer was made. The predicted outcome follows
the product policy (`agent.policy`), because gold labels describe what a correct agent does.

The result is a `ConversationRun`, like a replay's: the tier after each visitor message (from the
evidence so far; messages from the booking or transfer on carry the final tier), the turn clocks
(a turn's own `at`, else the replay clock), and whether the CRM would hold a contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from agent.context import Turn
from agent.labels import Tier
from agent.lead import LeadState
from agent.model.setup import EngineChoice
from agent.policy import handoff_decision, may_offer_meeting
from agent.profile import CompanyProfile, load_profile
from agent.scoring import score
from agent.understanding.analysis import Evidence
from agent.understanding.engine import TurnInput, UnderstandingEngine
from agent.understanding.expect import expectation_from_agent_text
from agent.understanding.text import normalise
from evals.engines import understanding_engine
from evals.runs import ConversationRun, RunTurn, Usage, turn_clock, usage_from
from evals.transcripts import Conversation, Labels, Predicted, TranscriptTurn

_BOOKED = re.compile(
    r"\bbooked\b(?!.*\?$)|\byou're booked\b|\bis booked\b|\bi've booked\b|\bbooked you\b|\binvite (?:sent|is on its way)\b"
)
_TRANSFERRED = re.compile(
    r"\bconnecting you\b|\b(?:i'm )?bringing in\b|\bi'll connect you now\b|\btransferring you\b|\bhanding you (?:over|to)\b|"
    r"\bputting you through\b"
)


def score_conversation(
    conv: Conversation, engine: UnderstandingEngine, profile: CompanyProfile
) -> ConversationRun:
    lead = LeadState()
    history: list[Turn] = []
    turns: list[RunTurn] = []
    slots_offered = False
    agent_booked: Evidence | None = None
    agent_transfer: Evidence | None = None
    start = conv.context.now
    at = start
    visitor_messages = 0
    for i, t in enumerate(conv.turns):
        at = _turn_time(t) or (turn_clock(start, visitor_messages + 1) if t.role == "visitor" else at)
        if t.role == "visitor":
            visitor_messages += 1
            analysis = engine.analyze(TurnInput.for_lead(lead, t.text, i, conv.context, history))
            lead = lead.apply(analysis)
            tier = score(lead, conv.context, profile).tier
            labels = Labels.model_validate(analysis.labels())
            turns.append(RunTurn(role="visitor", text=t.text, at=at, labels=labels, tier=tier))
            if slots_offered and "meeting_accept" in analysis.intent_set:
                agent_booked = agent_booked or next(
                    h.evidence for h in analysis.intents if h.label == "meeting_accept"
                )
        else:
            norm = normalise(t.text).norm
            expect = expectation_from_agent_text(t.text)
            slots_offered = slots_offered or expect.offer == "slots"
            if _BOOKED.search(norm) and not agent_booked:
                agent_booked = Evidence(turn=i, quote=t.text)
            if _TRANSFERRED.search(norm) and not agent_transfer:
                agent_transfer = Evidence(turn=i, quote=t.text)
            turns.append(RunTurn(role="agent", text=t.text, at=at))
        history.append(Turn(role=t.role, text=t.text))

    before = score(lead, conv.context, profile)
    decision = handoff_decision(lead, before, profile, conv.context.now)
    if decision.live:
        req = lead.first("intent", "human_request") or lead.first("intent", "frustration")
        lead = lead.mark_transferred(agent_transfer or (req.evidence if req else Evidence(turn=0, quote="")))
    if agent_booked and may_offer_meeting(before):
        lead = lead.mark_booked(agent_booked)
    final = score(lead, conv.context, profile)
    predicted = Predicted(
        tier=final.tier,
        icp_fit=final.icp.fit,
        route=final.route,
        handoff=decision.live,
        meeting_booked=lead.booked is not None,
    )
    step = lead.booked or lead.transferred
    pipeline = _pipeline_message(conv, step.turn) if step is not None and final.tier == "L3" else None
    if pipeline is not None:
        # The next step lifts every later message to the final tier, as the live agent's would be.
        turns = _lift(turns, pipeline, final.tier)
    if any(t.role == "visitor" for t in turns):
        turns = _with_last_visitor_tier(turns, final.tier)
    visitor_times = [t.at for t in turns if t.role == "visitor"]
    pipeline_at = visitor_times[pipeline - 1] if pipeline is not None else None
    return ConversationRun(
        id=conv.id,
        turns=tuple(turns),
        predicted=predicted,
        crm_record=_crm_record(lead, predicted),
        pipeline_at=pipeline_at,
        pipeline_message=pipeline,
        usage=_usage(conv),
    )


def _turn_time(turn: TranscriptTurn) -> datetime | None:
    """A turn's own clock when the transcript has one (an `at` field: ISO 8601 with offset)."""
    value = (turn.model_extra or {}).get("at")
    if not isinstance(value, str):
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.utcoffset() is not None else None


def _pipeline_message(conv: Conversation, turn_index: int) -> int:
    """The visitor message (1-based) at or before transcript turn `turn_index`: the exchange in which
    the next step happened."""
    return max(1, sum(1 for t in conv.turns[: turn_index + 1] if t.role == "visitor"))


def _lift(turns: list[RunTurn], from_message: int, tier: Tier) -> list[RunTurn]:
    out: list[RunTurn] = []
    n = 0
    for t in turns:
        if t.role == "visitor":
            n += 1
            if n >= from_message:
                t = replace(t, tier=tier)
        out.append(t)
    return out


def _with_last_visitor_tier(turns: list[RunTurn], tier: Tier) -> list[RunTurn]:
    """The last visitor message carries the conversation's final tier (policy outcomes included)."""
    last = max(i for i, t in enumerate(turns) if t.role == "visitor")
    return [replace(t, tier=tier) if i == last else t for i, t in enumerate(turns)]


def _crm_record(lead: LeadState, predicted: Predicted) -> bool:
    """Whether the built-in CRM would hold a contact for this conversation (`tools.crm.depth`): a
    sales conversation at L1 or deeper, or one with an email."""
    if predicted.route != "sales":
        return False
    return predicted.tier != "L0" or lead.value("email") is not None


def _usage(conv: Conversation) -> Usage:
    total = usage_from((conv.model_extra or {}).get("usage"))
    for turn in conv.turns:
        total += usage_from((turn.model_extra or {}).get("usage"))
    return total


@dataclass
class ScoreJob:
    """`evals.batch.Job` for scoring: the profile and the rules engine, once per worker."""

    company: Path
    engine: EngineChoice | None = "rules"
    _ready: tuple[CompanyProfile, UnderstandingEngine] | None = field(default=None, init=False, repr=False)

    def setup(self) -> None:
        profile = load_profile(self.company)
        self._ready = (profile, understanding_engine(self.engine, profile))

    def run(self, conv: Conversation) -> ConversationRun:
        assert self._ready is not None, "setup() first"
        profile, engine = self._ready
        return score_conversation(conv, engine, profile)

    def close(self) -> None:
        self._ready = None
