"""Tier scoring follows the definitions of shared/spec/TRANSCRIPTS.md exactly."""

from __future__ import annotations

from scoring_kit import Converse

from agent.context import PageContext
from agent.profile import CompanyProfile
from agent.scoring import page_kind, score
from agent.understanding.analysis import Evidence

PRICING = PageContext(page_url="https://lumenpipeline.example/pricing", visit_count=1)
BLOG = PageContext(page_url="https://lumenpipeline.example/blog/x", visit_count=1)
FIT = "we're a 40 person fintech, i run growth"
PROBLEM = "no idea which of our linkedin campaigns turn into pipeline"
FORWARD = "does it integrate with hubspot?"


def test_fewer_than_four_real_exchanges_is_l0(converse: Converse, profile: CompanyProfile) -> None:
    s = score(converse("hi", "how does it work", "ok thanks"), PRICING, profile)
    assert s.tier == "L0" and any("real exchange" in r.text for r in s.reasons)


def test_four_exchanges_and_intent_is_l1(converse: Converse, profile: CompanyProfile) -> None:
    lead = converse("how does it work", "what does starter include", "and growth", "ok and the trial")
    assert score(lead, BLOG, profile).tier == "L1"  # questions are the intent signal


def test_four_exchanges_without_intent_stay_l0(converse: Converse, profile: CompanyProfile) -> None:
    lead = converse("i like the blog", "good post", "we use spreadsheets", "makes sense")
    assert score(lead, BLOG, profile).tier == "L0"
    assert score(lead, PRICING, profile).tier == "L1"  # a high-intent page is the signal


def test_l2_needs_fit_problem_and_forward_question(converse: Converse, profile: CompanyProfile) -> None:
    assert score(converse(FIT, PROBLEM), PRICING, profile).tier == "L0"
    s = score(converse(FIT, PROBLEM, FORWARD), PRICING, profile)
    assert s.tier == "L2"
    qualified = next(r for r in s.reasons if r.text.startswith("qualified"))
    assert len(qualified.evidence) == 5  # size, industry, role, problem, the forward question


def test_l3_needs_an_explicit_next_step(converse: Converse, profile: CompanyProfile) -> None:
    lead = converse(FIT, PROBLEM, "what would growth cost for 6 of us?")
    assert score(lead, PRICING, profile).tier == "L2"  # an L3 signal is not L3
    booked = lead.mark_booked(Evidence(turn=9, quote="Booked: Wed 2:30pm"))
    s = score(booked, PRICING, profile)
    assert s.tier == "L3" and s.reasons[-1].evidence[0].quote == "Booked: Wed 2:30pm"


def test_non_icp_never_above_l1(converse: Converse, profile: CompanyProfile) -> None:
    lead = converse("we're a 6 person agency, i'm the founder", PROBLEM, FORWARD, "what about annual?")
    lead = lead.mark_booked(Evidence(turn=9, quote="Booked"))
    s = score(lead, PRICING, profile)
    assert s.icp.fit == "no_fit" and s.tier == "L1"


def test_support_routes_to_support_and_is_not_a_lead(converse: Converse, profile: CompanyProfile) -> None:
    ctx = PageContext(page_url="https://lumenpipeline.example/login", known_customer=True, visit_count=6)
    lead = converse(
        "our salesforce sync has been stuck since friday",
        "says token expired",
        "can you help?",
        "still broken?",
        context=ctx,
    )
    s = score(lead, ctx, profile)
    assert s.route == "support" and s.tier in ("L0", "L1")


def test_expansion_from_a_customer_is_sales(converse: Converse, profile: CompanyProfile) -> None:
    ctx = PageContext(known_customer=True)
    s = score(converse("we want to add another team and more seats", context=ctx), ctx, profile)
    assert s.route == "sales"


def test_route_none_for_spam_and_empty_chats(converse: Converse, profile: CompanyProfile) -> None:
    assert score(converse("hi"), PRICING, profile).route == "none"
    spam = converse("GET 10,000 VERIFIED B2B LEADS FOR $99!!! whatsapp +90 555")
    assert score(spam, PRICING, profile).route == "none"


def test_page_kinds_from_profile_rules(profile: CompanyProfile) -> None:
    assert page_kind(profile, "https://lumenpipeline.example/pricing") == "pricing"
    assert page_kind(profile, "https://lumenpipeline.example/integrations/salesforce") == "integrations"
    assert page_kind(profile, "https://lumenpipeline.example/") == "home"
