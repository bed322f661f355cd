"""After a turn: what the CRM should know, as one complete snapshot (never a delta).

The service applies it right away (CLI, tests, replay) or hands it to a background writer (the
server), so a visitor never waits on CRM writes. A snapshot is complete and the CRM write is
idempotent, so a lost or repeated write is repaired by the next one.
"""

from __future__ import annotations

from typing import Any

from agent.lead import LeadState
from agent.moves.common import visitor_zone
from agent.profile import CompanyProfile
from agent.state import ConversationState
from tools.crm import LeadSnapshot, OpportunityStage

# A booking or a live handoff. Offered slots are not: the record changes when one is booked.
_REP_EVENTS = frozenset({("calendar", "book"), ("handoff", "start")})


def needs_sync(state: ConversationState | dict[str, Any]) -> bool:
    """Only when something a rep cares about changed: the tier, a booking or handoff, an email,
    a support ticket."""
    lead = state.get("lead") or LeadState()
    if lead.opted_out or state.get("route") == "none" or not state.get("message"):
        return False
    analysis = state.get("analysis")
    return (
        state.get("tier") != state.get("tier_before")
        or any((e.tool, e.action) in _REP_EVENTS for e in state.get("events", []))
        or (analysis is not None and analysis.slot("email") is not None)
        or (state.get("route") == "support" and state.get("move") == "to_support")
    )


def snapshot(state: ConversationState | dict[str, Any], profile: CompanyProfile) -> LeadSnapshot:
    lead = state.get("lead") or LeadState()
    tier = state.get("tier", "L0")
    next_step: OpportunityStage | None = None
    if tier == "L3":
        next_step = "meeting_booked" if lead.booked else "live_conversation"
    email = lead.value("email")
    name = lead.value("name")
    context = state["context"]
    return LeadSnapshot(
        conversation_id=state["conversation_id"],
        tier=tier,
        route=state.get("route", "sales"),
        icp_fit=state.get("icp_fit", "unknown"),
        now=state["now"],
        email=email if isinstance(email, str) else None,
        name=name if isinstance(name, str) else None,
        company_size=lead.company_size,
        industry=lead.industry,
        role=lead.role,
        evidence=tuple(state.get("reasons", [])),
        page_context=context.model_dump(mode="json", exclude_none=True),
        transcript=[
            {"role": "visitor" if t.role == "visitor" else "agent", "text": t.text, "at": t.at.isoformat()}
            for t in state.get("transcript", [])
        ],
        visitor_timezone=str(visitor_zone(context, profile)),
        next_step=next_step,
    )
