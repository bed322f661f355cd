"""Scoring historical transcripts: understand every visitor turn, and read agent turns as evidence.

In a historical transcript the agent's words are facts: "Booked: Wed 2:30pm" means a meeting was
booked and "Connecting you with Tom now" means a transfer was made. The predicted outcome follows
the product policy (`agent.policy`), because gold labels describe what a correct agent does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent.context import Turn
from agent.lead import LeadState
from agent.policy import handoff_decision, may_offer_meeting
from agent.profile import CompanyProfile
from agent.scoring import Score, score
from agent.understanding.analysis import Evidence
from agent.understanding.engine import TurnInput, UnderstandingEngine
from agent.understanding.expect import expectation_from_agent_text
from agent.understanding.text import normalise
from evals.transcripts import Conversation, Predicted

_BOOKED = re.compile(
    r"\bbooked\b(?!.*\?$)|\byou're booked\b|\bis booked\b|\bi've booked\b|\bbooked you\b|\binvite (?:sent|is on its way)\b"
)
_TRANSFERRED = re.compile(
    r"\bconnecting you\b|\b(?:i'm )?bringing in\b|\bi'll connect you now\b|\btransferring you\b|\bhanding you (?:over|to)\b|"
    r"\bputting you through\b"
)


@dataclass(frozen=True)
class ScoredConversation:
    detected: list[dict[str, Any]]
    predicted: Predicted
    score: Score
    lead: LeadState


def score_conversation(
    conv: Conversation, engine: UnderstandingEngine, profile: CompanyProfile
) -> ScoredConversation:
    lead = LeadState()
    history: list[Turn] = []
    detected: list[dict[str, Any]] = []
    slots_offered = False
    agent_booked: Evidence | None = None
    agent_transfer: Evidence | None = None
    for i, t in enumerate(conv.turns):
        if t.role == "visitor":
            analysis = engine.analyze(TurnInput.for_lead(lead, t.text, i, conv.context, history))
            lead = lead.apply(analysis)
            detected.append(analysis.labels())
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
    return ScoredConversation(detected=detected, predicted=predicted, score=final, lead=lead)
