"""Choosing the agent's move: a pure function of the conversation state.

The order encodes the playbook priorities: a human owning the chat silences the bot; "stop" is
obeyed first; non-prospects and post-sale traffic leave the sales path; a time pick books; a person
is brought in when policy says so; objections get their playbook; buying signals from an ICP lead
get an answer plus the calendar; otherwise the next qualifying question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agent.labels import L3_SIGNALS, TIER_RANK
from agent.lead import LeadState
from agent.policy import handoff_decision, may_offer_meeting, wants_human
from agent.profile import CompanyProfile
from agent.scoring import Score
from agent.state import AskTopic, HandoffRef, Move, PendingOffer
from agent.understanding.analysis import TurnAnalysis
from agent.understanding.lexicon import CRM_TOOLS

# Qualifying questions in the order that unlocks the tier: size and role decide ICP fit and the
# segment, industry completes fit, the problem is needed for L2, and the stack question invites the
# forward-moving question that completes it.
ASK_ORDER: tuple[AskTopic, ...] = ("company_size", "role", "industry", "problem", "stack")


@dataclass(frozen=True)
class View:
    """The parts of the state routing reads, typed."""

    analysis: TurnAnalysis | None
    lead: LeadState
    score: Score
    now: datetime
    pending: PendingOffer | None
    handoff: HandoffRef
    asked: tuple[AskTopic, ...]
    opted_out: bool
    booked: bool
    # The kind of offer the visitor turned down with this message, if any.
    declined: str | None = None
    # The visitor turned down a live transfer earlier: meetings are offered as slots from then on.
    transfer_declined: bool = False


def missing_topics(lead: LeadState, asked: tuple[AskTopic, ...]) -> list[AskTopic]:
    """Qualifying topics not yet known and not yet asked, in unlock order."""
    known = {
        "company_size": lead.company_size is not None,
        "role": lead.role is not None,
        "industry": lead.industry is not None,
        "problem": lead.has_problem,
        "stack": any(t in CRM_TOOLS for t in lead.tools),
    }
    return [t for t in ASK_ORDER if not known[t] and t not in asked]


def choose_move(view: View, profile: CompanyProfile) -> Move:
    a = view.analysis
    if view.handoff.status in ("requested", "live"):
        return "silent"
    if a is None:
        return "open"
    intents = a.intent_set
    score = view.score
    if "opt_out" in intents:
        return "opt_out"
    if view.opted_out:
        return "answer" if "question" in a.flag_set else "nurture"
    if score.route == "none":
        lead = view.lead
        only_empty = (
            lead.real_exchanges == 0
            and not lead.flags() & {"spam", "job_seeker", "vendor_pitch"}
            and lead.role != "student"
        )
        # A bare "hi" (or a "maybe" to the opener) is a start, not a goodbye: greet or ask, twice
        # at most, before closing politely.
        return "ask" if only_empty and lead.visitor_messages <= 2 else "nurture"
    if score.route == "support":
        return "handoff" if handoff_decision(view.lead, score, profile, view.now).live else "to_support"

    pending = view.pending
    if pending is not None and pending.kind == "slots" and "meeting_accept" in intents:
        return "book"
    if "meeting_accept" in intents and may_offer_meeting(score) and not view.booked:
        # "can we do thu 2pm?" with no slots on the table: the book move reads the pick against
        # real availability, and offers slots if it cannot.
        return "book"

    # A person: now if policy allows, after a quick qualification if fit is unknown, or a booking
    # after hours.
    if wants_human(view.lead) and view.lead.transferred is None:
        decision = handoff_decision(view.lead, score, profile, view.now)
        if decision.live:
            return "handoff"
        asked_now = "human_request" in intents or "frustration" in intents
        if asked_now:
            if score.icp.fit == "unknown" and missing_topics(view.lead, view.asked):
                return "ask"
            if score.icp.fit == "no_fit":
                return "nurture"
            if not view.booked:
                return "offer_meeting"
        # Asked for a person after hours before their fit was known: the booking promised then
        # follows as soon as fit is confirmed (unless they already turned a meeting down).
        slots_out = view.pending is not None and view.pending.kind == "slots"
        declined = "meeting_decline" in view.lead.intents()
        if (
            score.icp.fit == "fit"
            and not view.booked
            and not slots_out
            and not declined
            and not a.objection_set
        ):
            return "offer_meeting"

    if a.objection_set:
        return "handle_objection"
    if view.pending is not None and view.pending.kind == "content" and a.slot("email") is not None:
        # The address for material promised on the previous turn: send it now.
        return "handle_objection"
    if view.declined == "transfer" and score.icp.fit == "fit" and not view.booked:
        # "Can't do live today": not a no to a meeting; slots to pick from instead.
        return "offer_meeting"
    if "meeting_decline" in intents:
        return "answer" if "question" in a.flag_set else "nurture"

    signals = a.signal_set
    fit = score.icp.fit
    if signals & L3_SIGNALS and fit == "fit" and not view.booked:
        # The offer_meeting move offers a live transfer instead of slots when policy says so.
        return "offer_meeting"
    no_slots_out = pending is None or pending.kind != "slots"
    if TIER_RANK[score.tier] >= TIER_RANK["L2"] and fit == "fit" and not view.booked and no_slots_out:
        return "offer_meeting"
    if signals or "question" in a.flag_set:
        return "answer"
    if view.booked and a.slot("email") is not None:
        return "book"  # the email for the invite
    if view.booked and view.lead.value("email") is None and "email" not in view.asked:
        return "ask"
    topics = missing_topics(view.lead, view.asked)
    if fit == "fit" and view.lead.has_problem and not view.booked and no_slots_out and not topics:
        return "offer_meeting"
    if topics and fit != "no_fit":
        return "ask"
    return "nurture"
