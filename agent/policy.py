"""Product policy: who gets a live handoff, who may be offered a meeting.

Written once here because the live agent and the scoring of historical transcripts must agree
(shared/spec/TRANSCRIPTS.md, "Policy used in the gold labels").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from agent.hours import is_open
from agent.labels import L3_SIGNALS
from agent.lead import LeadState
from agent.profile import CompanyProfile
from agent.scoring import Score

Team = Literal["sales", "support"]


@dataclass(frozen=True)
class HandoffDecision:
    live: bool
    team: Team | None
    reason: str


def in_business_hours(profile: CompanyProfile, now: datetime | None) -> bool:
    return now is not None and is_open(profile.business_hours, now)


def wants_human(lead: LeadState) -> bool:
    intents = lead.intents()
    return "human_request" in intents or "frustration" in intents


def is_enterprise(profile: CompanyProfile, lead: LeadState) -> bool:
    seg = profile.segment_for(lead.company_size)
    return seg is not None and seg == profile.enterprise_segment


def should_offer_transfer(
    lead: LeadState, score: Score, profile: CompanyProfile, now: datetime | None
) -> bool:
    """An enterprise-size ICP lead showing an L3 signal, in business hours, is offered a live transfer."""
    return (
        score.route == "sales"
        and score.icp.fit == "fit"
        and is_enterprise(profile, lead)
        and bool(lead.signals() & L3_SIGNALS)
        and in_business_hours(profile, now)
    )


def handoff_decision(
    lead: LeadState, score: Score, profile: CompanyProfile, now: datetime | None
) -> HandoffDecision:
    if not wants_human(lead):
        return HandoffDecision(False, None, "the visitor has not asked for a person")
    if lead.opted_out:
        return HandoffDecision(False, None, "the visitor opted out")
    open_now = in_business_hours(profile, now)
    if score.route == "support":
        if open_now:
            return HandoffDecision(True, "support", "existing customer needs a person, support is online")
        return HandoffDecision(False, "support", "after hours: support ticket instead of a live person")
    if score.route != "sales":
        return HandoffDecision(False, None, f"route {score.route}: not handed to sales")
    if score.icp.fit != "fit":
        why = "not an ICP fit" if score.icp.fit == "no_fit" else "ICP fit not confirmed yet"
        return HandoffDecision(False, None, f"{why}: self-serve or content instead")
    if not open_now:
        return HandoffDecision(False, "sales", "after hours: book a meeting instead of a live promise")
    return HandoffDecision(True, "sales", "ICP lead asked for a person in business hours")


def may_offer_meeting(score: Score) -> bool:
    """Only sales conversations that are not known to be outside the ICP are pushed to the calendar."""
    return score.route == "sales" and score.icp.fit != "no_fit"
