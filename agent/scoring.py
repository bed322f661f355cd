"""Tier scoring: a pure function of the conversation state, with reasons that cite evidence.

Implements the definitions of shared/spec/TRANSCRIPTS.md exactly:
- L1 Engaged: 4+ real exchanges AND an intent signal (high-intent page, visitor questions, returning).
- L2 Qualified: ICP fit confirmed, a problem identified, AND a forward-moving question or L3 signal.
- L3 Pipeline-ready: a meeting booked or a warm transfer completed (ICP fit required).
A non-ICP visitor never goes above L1; a support conversation stays at L0/L1 and routes to support.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from urllib.parse import urlparse

from agent.context import PageContext
from agent.labels import L3_SIGNALS, Route, Tier
from agent.lead import IcpVerdict, LeadState, icp_fit
from agent.profile import HIGH_INTENT_KINDS, CompanyProfile, PageKind
from agent.understanding.analysis import Evidence

MIN_REAL_EXCHANGES = 4


@dataclass(frozen=True)
class Reason:
    text: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Score:
    tier: Tier
    route: Route
    icp: IcpVerdict
    reasons: tuple[Reason, ...]


def page_kind(profile: CompanyProfile, page_url: str | None) -> PageKind | None:
    """The kind of page (pricing, demo, blog...) by the profile's page rules; the first match wins."""
    if not page_url:
        return None
    path = urlparse(page_url).path or "/"
    for rule in profile.pages:
        if fnmatch(path, rule.match) or (rule.match.endswith("*") and path == rule.match[:-1].rstrip("/")):
            return rule.kind
    return "other"


def is_high_intent_page(profile: CompanyProfile, page_url: str | None) -> bool:
    if not page_url:
        return False
    path = urlparse(page_url).path or "/"
    for rule in profile.pages:
        if fnmatch(path, rule.match):
            return rule.high_intent if rule.high_intent is not None else rule.kind in HIGH_INTENT_KINDS
    return False


def route_of(lead: LeadState) -> tuple[Route, Reason]:
    flags = lead.flags()
    if lead.support_mode and "expansion" not in flags:
        obs = lead.first("intent", "support")
        return "support", Reason("existing customer needing post-sale help", (obs.evidence,) if obs else ())
    for flag, why in (("spam", "spam"), ("job_seeker", "job seeker"), ("vendor_pitch", "vendor pitching us")):
        if flag in flags:
            obs = lead.first("flag", flag)
            return "none", Reason(f"not a prospect: {why}", (obs.evidence,) if obs else ())
    if lead.role == "student":
        rec = lead.slots["role"]
        return "none", Reason("not a prospect: student", (rec.evidence,))
    if lead.real_exchanges == 0:
        return "none", Reason("no real content from the visitor")
    return "sales", Reason("pre-sale conversation")


def score(lead: LeadState, context: PageContext, profile: CompanyProfile) -> Score:
    icp = icp_fit(lead, profile)
    route, route_reason = route_of(lead)
    reasons: list[Reason] = [route_reason, Reason(f"ICP {icp.fit}: {'; '.join(icp.reasons)}", icp.evidence)]

    # L1: engagement.
    intent_signals: list[Reason] = []
    if is_high_intent_page(profile, context.page_url):
        intent_signals.append(Reason(f"high-intent page {context.page_url}"))
    if lead.questions_asked:
        q = lead.first("flag", "question")
        intent_signals.append(
            Reason(f"visitor asked {lead.questions_asked} question(s)", (q.evidence,) if q else ())
        )
    if context.returning:
        intent_signals.append(Reason(f"returning visitor ({context.visit_count} visits)"))
    engaged = lead.real_exchanges >= MIN_REAL_EXCHANGES and bool(intent_signals)

    # L2: qualification.
    problem = lead.slots.get("problem")
    forward = [
        o
        for o in lead.observations
        if o.kind == "signal" and (o.label == "forward_question" or o.label in L3_SIGNALS)
    ]
    qualified = icp.fit == "fit" and problem is not None and bool(forward)

    # L3: an explicit next step.
    next_step = lead.booked or lead.transferred
    pipeline = icp.fit == "fit" and next_step is not None

    tier: Tier = "L0"
    if engaged:
        tier = "L1"
        reasons.append(
            Reason(
                f"engaged: {lead.real_exchanges} real exchanges and "
                + ", ".join(r.text for r in intent_signals),
                tuple(e for r in intent_signals for e in r.evidence),
            )
        )
    elif lead.real_exchanges < MIN_REAL_EXCHANGES:
        reasons.append(Reason(f"only {lead.real_exchanges} real exchange(s) (L1 needs {MIN_REAL_EXCHANGES})"))
    else:
        reasons.append(Reason("no intent signal (page, questions or returning visit)"))

    capped = route != "sales" or icp.fit == "no_fit"
    if capped:
        if route != "sales":
            reasons.append(Reason(f"route {route}: not scored above L1 as a lead"))
        else:
            reasons.append(Reason("not an ICP fit: never above L1"))
        return Score(tier=tier, route=route, icp=icp, reasons=tuple(reasons))

    if qualified:
        assert problem is not None
        tier = "L2"
        reasons.append(
            Reason(
                f"qualified: ICP fit, a problem, and a {forward[0].label.replace('_', ' ')}",
                (*icp.evidence, problem.evidence, forward[0].evidence),
            )
        )
    if pipeline:
        assert next_step is not None
        tier = "L3"
        what = "meeting booked" if lead.booked else "warm transfer completed"
        reasons.append(Reason(f"pipeline-ready: {what}", (next_step,)))
    return Score(tier=tier, route=route, icp=icp, reasons=tuple(reasons))
