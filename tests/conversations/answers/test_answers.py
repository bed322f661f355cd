"""Answers from the company profile, and only from it (agent/answers.py).

Each question goes through the real rules engine first, as in a conversation turn, so the tests
cover the phrasings visitors type (typos, abbreviations, run-on messages), not hand-built analyses.
"""

from __future__ import annotations

import ast
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agent.answers import (
    TOPICS,
    Answer,
    answer_question,
    case_study_line,
    discount_line,
    facts_in_text_are_grounded,
    integration_line,
    plan_for,
    price_line,
)
from agent.lead import LeadState
from agent.profile import CompanyProfile, parse_profile
from agent.understanding.analysis import Evidence, SlotHit, TurnAnalysis
from agent.understanding.engine import RulesEngine, TurnInput

ROOT = Path(__file__).resolve().parents[3]

_ENGINES: dict[int, tuple[CompanyProfile, RulesEngine]] = {}


def _engine(profile: CompanyProfile) -> RulesEngine:
    hit = _ENGINES.get(id(profile))
    if hit is None or hit[0] is not profile:
        hit = (profile, RulesEngine(profile))
        _ENGINES[id(profile)] = hit
    return hit[1]


def ask(profile: CompanyProfile, message: str, lead: LeadState | None = None) -> Answer | None:
    analysis = _engine(profile).analyze(TurnInput(message=message))
    lead = (lead or LeadState()).apply(analysis)
    return answer_question(message, analysis, lead, profile)


def sentences(text: str) -> list[str]:
    # Split at sentence ends, not inside "$4.1M", "99.9%" or a URL.
    return [s for s in re.split(r"(?<=[.!])\s+(?=[A-Z])", text.strip()) if s]


def check_shape(answer: Answer, profile: CompanyProfile) -> None:
    assert answer.text, "an answer says something"
    assert not answer.text.rstrip().endswith("?"), "an answer does not end on a question"
    assert len(sentences(answer.text)) <= 3, answer.text
    assert set(answer.topics) <= set(TOPICS)
    assert facts_in_text_are_grounded(answer.text, profile) == [], answer.text


@dataclass(frozen=True)
class Case:
    message: str
    topics: tuple[str, ...] = ()  # must all be among the answer's topics
    says: tuple[str, ...] = ()  # substrings of the text (case-insensitive)
    never: tuple[str, ...] = ()  # substrings the text must not contain (case-insensitive)
    unknown: tuple[str, ...] = ()  # substrings that must each be in some `unknown` item
    no_unknown: bool = False  # the profile covers everything asked

    def __str__(self) -> str:
        return self.message


NOT_NATIVE = "isn't one of our native integrations"

CASES: tuple[Case, ...] = (
    # --- integrations ----------------------------------------------------------------------------
    Case(
        "does it conect to big query?",
        ("integration",),
        ("BigQuery is a native integration",),
        no_unknown=True,
    ),
    Case(
        "SFDC + snowflake, bit of segment. can you pull from all 3?",
        ("integration",),
        ("Salesforce, Snowflake and Segment are all native integrations",),
        no_unknown=True,
    ),
    Case(
        "does it work with pipedrive",
        ("integration",),
        (f"Pipedrive {NOT_NATIVE}", "for CRM we connect to Salesforce and HubSpot"),
        unknown=("Pipedrive integration",),
    ),
    Case(
        "we're on salesforce + 6sense + bigquery. does it play nice with bigquery?",
        ("integration",),
        ("Salesforce and BigQuery are native integrations", f"6sense {NOT_NATIVE}"),
        unknown=("6sense",),
    ),
    Case(
        "hubspot, and shopify plus for orders. do you connect to shopify?",
        ("integration",),
        ("HubSpot is a native integration", f"Shopify {NOT_NATIVE}"),
        unknown=("Shopify",),
    ),
    Case(
        "does it pick up webinar attendance from zoom, or only whats in hubspot?",
        ("integration",),
        (f"Zoom {NOT_NATIVE}", "HubSpot is a native integration"),
        unknown=("Zoom",),
    ),
    Case(
        "does the trial work with facebook ads?",
        ("integration", "trial"),
        (f"Meta Ads {NOT_NATIVE}", "Google Ads and LinkedIn Ads", "14-day trial"),
        unknown=("Meta Ads",),
    ),
    Case(
        "google + linkedin. all of that plugs in?",
        ("integration",),
        ("Google Ads and LinkedIn Ads are native integrations",),
        no_unknown=True,
    ),
    # "Google Shopping" is not mapped to Google Ads: the profile lists Google Ads, not Shopping feeds.
    Case(
        "Does it support Google Shopping?",
        ("integration",),
        (f"Google Shopping {NOT_NATIVE}", "for ads we connect to Google Ads"),
        unknown=("Google Shopping",),
    ),
    Case(
        "is it compatible w sfdc", ("integration",), ("Salesforce is a native integration",), no_unknown=True
    ),
    Case(
        "do you integrate with attio",
        ("integration",),
        (f"Attio {NOT_NATIVE}",),
        never=("Attio is a native",),
        unknown=("Attio",),
    ),
    Case(
        "is there a way to get attribution results into our own warehouse?",
        ("integration",),
        ("Snowflake and BigQuery",),
    ),
    Case(
        "what integrations do you have?",
        ("integration",),
        ("Salesforce", "HubSpot", "Marketo", "Pardot", "Slack", "Snowflake", "BigQuery", "Segment"),
    ),
    Case(
        "does lumen work with marketo and eloqua",
        ("integration",),
        ("Marketo is a native integration", f"Eloqua {NOT_NATIVE}"),
        unknown=("Eloqua",),
    ),
    # --- pricing, plan fit, seats ------------------------------------------------------------------
    Case(
        "wat would growth cost for 12 of us",
        ("pricing", "seats"),
        ("Growth is $399/month for up to 25 seats", "12 fits"),
        no_unknown=True,
    ),
    Case(
        "how much is it",
        ("pricing",),
        ("$49/month for up to 3 seats", "$399/month for up to 25 seats", "Enterprise is custom"),
    ),
    Case(
        "growth caps at 25 seats right? we'd have ~40 ppl across sales + marketing wanting in",
        ("seats",),
        ("up to 25 seats", "for 40", "Enterprise", "a rep"),
    ),
    Case("how much for 40 users?", ("pricing", "seats"), ("up to 25 seats", "for 40", "Enterprise")),
    Case(
        "what would enterprise cost for something our size, we're 2k employees",
        ("pricing",),
        ("Enterprise pricing is custom",),
        never=("$",),
    ),
    Case(
        "we have 10 people, whats the price",
        ("pricing", "plan_fit"),
        ("Starter", "$49/month", "self-serve"),
        never=("$399",),
    ),
    Case(
        "ya is starter enough for us or do we need growth? 30 person company",
        ("plan_fit",),
        ("Starter is $49/month", "Growth is $399/month", "Growth is the one that fits"),
    ),
    Case("we're 2000 people, what would it cost?", ("pricing",), ("Enterprise", "custom"), never=("$",)),
    Case(
        "how many seats does growth come with?",
        ("seats",),
        ("up to 25 seats",),
    ),
    Case(
        "does starter include the crm sync?",
        ("product",),
        ("CRM sync is part of Growth",),
    ),
    Case(
        "does it do multi touch?",
        ("product",),
        ("Multi-touch attribution is part of Growth",),
        no_unknown=True,
    ),
    Case(
        "are there setup fees?",
        ("pricing",),
        ("setup fees",),
        unknown=("setup fees",),
    ),
    # --- trial, annual, discount -------------------------------------------------------------------
    Case("is there a free trial", ("trial",), ("14-day trial",), no_unknown=True),
    Case(
        "is there a free or student version of lumen i could use for my research?",
        ("trial",),
        ("14-day trial", "no free plan"),
        unknown=("student",),
    ),
    Case(
        "any discount if we pay yearly",
        ("discount", "annual"),
        ("up to 15% off", "2 months free"),
        no_unknown=True,
    ),
    Case(
        "so growth for like 6 of us = the 399/mo one? any deal if we go annual",
        ("discount", "seats"),
        ("$399/month", "6 fits", "up to 15% off"),
    ),
    Case(
        "can we go monthly first and switch to annual once we trust it",
        ("annual",),
        ("Growth is monthly or annual (2 months free)",),
    ),
    Case("is 399 the best you can do?", ("discount",), ("annual prepay", "15% off")),
    Case(
        "do you offer nonprofit pricing?",
        ("discount",),
        ("no", "nonprofit plan"),
        unknown=("nonprofit",),
    ),
    # --- implementation ----------------------------------------------------------------------------
    Case(
        "how long does setup take",
        ("implementation",),
        ("1-2 weeks", "4-6 weeks"),
        no_unknown=True,
    ),
    Case(
        "does the sync need our eng team? they're slammed",
        ("implementation",),
        ("no engineering work",),
    ),
    Case("how quickly can we go live?", ("implementation",), ("live in 1-2 weeks",)),
    Case("do we need a developer to set it up?", ("implementation",), ("no engineering work",)),
    # --- security ----------------------------------------------------------------------------------
    Case(
        "do you have soc2?",
        ("security",),
        ("can't confirm a SOC 2 report", "security review"),
        never=("we have a SOC 2", "SOC 2 certified"),
        unknown=("SOC 2",),
    ),
    Case(
        "hey, is SSO only on enterprise?", ("security",), ("SSO/SAML comes with Enterprise",), no_unknown=True
    ),
    Case("whats your uptime sla", ("security",), ("99.9% SLA", "Enterprise")),
    Case(
        "do u guys have a pen test report and soc 2 type ii?",
        ("security",),
        ("can't confirm",),
        unknown=("SOC 2", "penetration test"),
    ),
    Case(
        "what's your data retention policy?",
        ("security",),
        ("custom data retention comes with Enterprise",),
    ),
    Case("do you support SCIM?", ("security",), ("can't confirm SCIM",), unknown=("SCIM",)),
    Case(
        "are you hipaa compliant? we're a hospital group",
        ("security",),
        ("can't confirm HIPAA",),
        unknown=("HIPAA",),
    ),
    # --- case studies ------------------------------------------------------------------------------
    Case(
        "who else in healthcare uses you",
        ("case_study",),
        ("Meridian Health Tech", "22% of paid spend"),
        no_unknown=True,
    ),
    Case("do you have any fintech customers?", ("case_study",), ("Ledgerly", "38% more sourced pipeline")),
    Case(
        "any other saas companies our size actually using it?",
        ("case_study",),
        ("Cloudhop", "3 days to 2 hours"),
    ),
    Case(
        "any case studies from ecommerce companies?",
        ("case_study",),
        ("Ledgerly, Cloudhop, Meridian Health Tech and Forgeline", "a rep can check"),
        unknown=("ecommerce",),
    ),
    Case(
        "is anyone else in manufacturing using this, ideally in europe?",
        ("case_study",),
        ("Forgeline", "$4.1M", "Europe"),
        unknown=("Europe",),
    ),
    Case(
        "is there a writeup on the forgeline thing?",
        ("case_study",),
        ("Forgeline", "https://lumenpipeline.example/customers"),
    ),
    # --- product, content, contract, the rest ------------------------------------------------------
    Case(
        "what does it do?",
        ("product",),
        ("pipeline attribution and revenue analytics",),
        no_unknown=True,
    ),
    Case(
        "is the credit split rule-based or data-driven?",
        ("product",),
        ("https://lumenpipeline.example/overview.pdf",),
        unknown=("methodology",),
    ),
    Case(
        "do you have a chrome extension?",
        (),
        ("can't confirm a chrome extension",),
        unknown=("chrome extension",),
    ),
    Case(
        "can you send me the pricing guide?", ("content",), ("https://lumenpipeline.example/pricing-guide",)
    ),
    Case(
        "what's the contract look like, is multi-year an option?",
        ("contract",),
        ("Enterprise is annual only", "multi-year"),
        unknown=("multi-year",),
    ),
    Case("what's your refund policy?", ("contract",), ("can't confirm refund terms",), unknown=("refund",)),
    Case("do you have an API?", (), ("can't confirm an API",), unknown=("API",)),
    Case(
        "can you send me the overview and pricing guide?",
        ("content",),
        ("https://lumenpipeline.example/overview.pdf", "https://lumenpipeline.example/pricing-guide"),
    ),
    # Another product's trial is not a question about ours.
    Case(
        "can we bring over history from our bizible trial?",
        ("integration",),
        (f"Bizible {NOT_NATIVE}",),
        never=("14-day",),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_answers_from_the_profile(case: Case, profile: CompanyProfile) -> None:
    answer = ask(profile, case.message)
    assert answer is not None, f"no answer to {case.message!r}"
    check_shape(answer, profile)
    missing_topics = set(case.topics) - set(answer.topics)
    assert not missing_topics, f"{answer.topics} lacks {missing_topics}: {answer.text}"
    low = answer.text.lower()
    for s in case.says:
        assert s.lower() in low, f"{s!r} not in {answer.text!r}"
    for s in case.never:
        assert s.lower() not in low, f"{s!r} in {answer.text!r}"
    for u in case.unknown:
        assert any(u.lower() in item.lower() for item in answer.unknown), f"{u!r} not in {answer.unknown}"
    if case.no_unknown:
        assert answer.unknown == (), answer.unknown
    assert answer.facts or answer.unknown, "an answer quotes the facts it used, or says what it does not know"


@pytest.mark.parametrize(
    "message",
    [
        "hi",
        "we use hubspot and pardot",  # a bare fact
        "thu 2pm works",  # a meeting pick
        "can you connect me with a human?",  # the router's move
        "thanks!",
        "are you guys hiring?",
        "399 a month is steep for us rn",  # price shock without a question: the objection playbook
        "$399 a month?? that's like our entire martech budget lol",  # price shock with "??": same
        # Statements that contain question words but ask nothing:
        "founder of a 22 person startup. we spend on linkedin ads and i have no idea what's creating pipeline",
        "around 600 employees. nobody can tell me what turns into pipeline",
    ],
)
def test_no_answer_when_nothing_is_asked(message: str, profile: CompanyProfile) -> None:
    assert ask(profile, message) is None


def test_support_requests_are_not_answered_as_sales_questions(profile: CompanyProfile) -> None:
    lead = LeadState(support_mode=True)
    assert ask(profile, "how much is growth?", lead) is None


def test_unknown_question_says_so_and_offers_a_human_or_content(profile: CompanyProfile) -> None:
    answer = ask(profile, "which languages is the dashboard available in?")
    assert answer is not None
    check_shape(answer, profile)
    assert answer.unknown, "the thing asked is recorded as unknown"
    assert "team" in answer.text or "http" in answer.text


def test_model_engine_analysis_without_question_flag_still_answers(profile: CompanyProfile) -> None:
    # A model engine may leave flags empty: the question is read from the message itself.
    answer = answer_question("wat would growth cost for 12 of us", TurnAnalysis(), LeadState(), profile)
    assert answer is not None
    assert "$399/month" in answer.text


def test_seats_and_size_from_the_lead_decide_the_plan(profile: CompanyProfile) -> None:
    ev = Evidence(turn=0, quote="600 people")
    lead = LeadState().apply(TurnAnalysis(slots=(SlotHit(slot="company_size", value=600, evidence=ev),)))
    answer = ask(profile, "what would it cost us?", lead)
    assert answer is not None and "Growth" in answer.text and "$399/month" in answer.text


def test_anaphora_uses_the_tools_already_named(profile: CompanyProfile) -> None:
    lead = LeadState(tools=("salesforce", "pardot"))
    answer = ask(profile, "needs to work with both", lead)
    assert answer is not None
    assert "Salesforce and Pardot are native integrations" in answer.text


# --- the building blocks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seats", "size", "plan"),
    [
        (2, None, "Starter"),
        (3, None, "Starter"),
        (4, None, "Growth"),
        (25, None, "Growth"),
        (26, None, "Enterprise"),
        (None, 6, "Starter"),  # below the ICP: the self-serve plan
        (None, 60, "Growth"),
        (None, 999, "Growth"),
        (None, 2000, "Enterprise"),  # the biggest segment
        (None, None, None),
    ],
)
def test_plan_for(seats: int | None, size: int | None, plan: str | None, profile: CompanyProfile) -> None:
    slots: Any = ()
    if size is not None:
        slots = (SlotHit(slot="company_size", value=size, evidence=Evidence(turn=0, quote=str(size))),)
    lead = LeadState(seats=seats).apply(TurnAnalysis(slots=slots))
    got = plan_for(lead, profile)
    assert (got.name if got else None) == plan


def test_price_line(profile: CompanyProfile) -> None:
    growth, enterprise = profile.pricing.plan("Growth"), profile.pricing.plan("Enterprise")
    assert growth is not None and enterprise is not None
    assert price_line(growth, profile) == "$399/month for up to 25 seats"
    assert price_line(enterprise, profile) == "custom (annual contract)"


def test_discount_line_is_within_authority(profile: CompanyProfile) -> None:
    line = discount_line(profile)
    assert line is not None
    assert "up to 15% off" in line and "Annual prepay on Growth" in line
    assert profile.pricing.annual_commitment in line
    none = profile.model_copy(
        update={"pricing": profile.pricing.model_copy(update={"discount_authority_pct": 0})}
    )
    assert discount_line(none) is None


def test_case_study_line(profile: CompanyProfile) -> None:
    line = case_study_line("fintech", profile)
    assert line is not None and "Ledgerly" in line and "38% more sourced pipeline" in line
    assert case_study_line("education", profile) is None
    assert case_study_line(None, profile) is None


def test_integration_line(profile: CompanyProfile) -> None:
    text, missing = integration_line(["sfdc", "Big Query", "pipedrive", "Zoom"], profile)
    assert missing == ("Pipedrive", "Zoom")
    assert "Salesforce and BigQuery are native integrations" in text
    assert "Pipedrive and Zoom aren't native integrations" in text
    text, missing = integration_line(["linkedin"], profile)
    assert missing == () and "LinkedIn Ads is a native integration" in text
    text, missing = integration_line(["Pipedrive"], profile)
    assert text == (
        "Pipedrive isn't one of our native integrations today; for CRM we connect to Salesforce and HubSpot."
    )


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Growth is $399/month and Starter $49/mo.", []),
        ("Forgeline tied trade-show spend to $4.1M of pipeline; 99.9% SLA.", []),
        ("There's a 14-day trial and up to 15% off.", []),
        ("Growth is $299/month.", ["$299"]),
        ("Annual prepay gets you 20% off.", ["20%"]),
        ("Growth is 350 a month.", ["350 a month"]),
        ("There's a 30-day trial.", ["30-day trial"]),
        ("Enterprise starts at $2,000/month.", ["$2,000"]),
        ("That's $4,788 a year.", ["$4,788"]),
    ],
)
def test_facts_in_text_are_grounded(text: str, bad: list[str], profile: CompanyProfile) -> None:
    assert facts_in_text_are_grounded(text, profile) == bad


def test_grounding_allows_echoing_the_visitor(profile: CompanyProfile) -> None:
    text = "At $80k a month of spend, even a few percent is many times the $399."
    assert facts_in_text_are_grounded(text, profile) == ["$80k"]
    assert facts_in_text_are_grounded(text, profile, may_echo="~$80k/mo across google and linkedin") == []


# --- another company: nothing from the demo leaks ------------------------------------------------

OTHER: dict[str, Any] = {
    "company": {
        "name": "Quillstack",
        "product": "Quill",
        "one_liner": "Contract review automation for in-house legal teams.",
        "value_props": [
            "Flags risky clauses before a contract reaches your desk.",
            "Connects to Pipedrive in ten minutes; no IT ticket.",
        ],
    },
    "icp": {
        "company_size": {"min": 10, "max": 800},
        "industries": ["software", "professional_services"],
        "roles": ["executive", "operations"],
    },
    "segments": {"small": {"max": 199}, "large": {"min": 200}},
    "pricing": {
        "currency": "EUR",
        "plans": [
            {
                "name": "Solo",
                "price_per_month": 29,
                "seats": 1,
                "self_serve": True,
                "summary": "One reviewer, clause library.",
            },
            {
                "name": "Team",
                "price_per_month": 249,
                "seats": 10,
                "summary": "Shared playbooks, Pipedrive sync, audit logs.",
            },
            {"name": "Firm", "price": "custom", "summary": "Annual contract, SOC 2 Type II report, SSO."},
        ],
        "trial_days": 30,
        "discount_authority_pct": 10,
        "annual_commitment": "Team is monthly or annual; Firm is annual only.",
    },
    "integrations": ["Pipedrive", "Microsoft Teams", "Zapier"],
    "implementation": "Most teams review their first contract on day one.",
    "case_studies": [
        {
            "customer": "Brightpath Legal",
            "industry": "professional_services",
            "result": "halved contract turnaround",
        }
    ],
    "content": [
        {"title": "Quill one-pager", "url": "https://quill.example/one-pager.pdf", "kind": "overview"}
    ],
    "business_hours": {"timezone": "Europe/Berlin", "start": "09:00", "end": "17:00"},
    "reps": [
        {
            "id": "ana",
            "name": "Ana Weber",
            "email": "ana@quill.example",
            "segments": ["small", "large"],
            "timezone": "Europe/Berlin",
        }
    ],
}

# Everything specific to the demo company that must never show up in another company's answers.
DEMO_ONLY = (
    "Lumen",
    "lumenpipeline",
    "Starter",
    "Growth",
    "Enterprise",
    "$",
    "399",
    "14-day",
    "15%",
    "2 months free",
    "Ledgerly",
    "Cloudhop",
    "Meridian",
    "Forgeline",
    "Salesforce and HubSpot",
    "HubSpot is a native",
    "Salesforce is a native",
    "1-2 weeks",
    "99.9%",
    "SSO/SAML",
)

OTHER_CASES: tuple[Case, ...] = (
    Case(
        "how much is it?",
        ("pricing",),
        ("Solo is €29/month for up to 1 seat", "Team is €249/month", "Firm is custom"),
    ),
    Case("what would team cost for 8 of us", ("pricing",), ("€249/month for up to 10 seats", "8 fits")),
    Case("we'd need 15 seats, price?", ("seats",), ("up to 10 seats", "for 15", "Firm")),
    Case(
        "does it work with pipedrive?",
        ("integration",),
        ("Pipedrive is a native integration",),
        no_unknown=True,
    ),
    Case(
        "does it integrate with salesforce?",
        ("integration",),
        (f"Salesforce {NOT_NATIVE}", "for CRM we connect to Pipedrive"),
        unknown=("Salesforce",),
    ),
    Case("can it post to ms teams?", ("integration",), ("Microsoft Teams is a native integration",)),
    Case("is there a free trial?", ("trial",), ("30-day trial",)),
    Case("any discount for annual?", ("discount",), ("up to 10% off", "Team is monthly or annual")),
    Case("do you have soc 2?", ("security",), ("SOC 2 Type II report comes with Firm",), no_unknown=True),
    Case("do you have a DPA?", ("security",), ("can't confirm a DPA",), unknown=("DPA",)),
    Case(
        "who else in consulting uses you?",
        ("case_study",),
        ("Brightpath Legal", "halved contract turnaround"),
    ),
    Case(
        "any fintech customers?",
        ("case_study",),
        ("Brightpath Legal", "a rep can check"),
        unknown=("fintech",),
    ),
    Case("how long does setup take?", ("implementation",), ("first contract on day one",)),
    Case("what does it do?", ("product",), ("contract review automation",)),
    Case(
        "how does it decide which clauses are risky?", ("product",), ("https://quill.example/one-pager.pdf",)
    ),
    Case(
        "do you offer a multi-year contract?",
        ("contract",),
        ("Firm is annual only",),
        unknown=("multi-year",),
    ),
)


@pytest.fixture(scope="module")
def other() -> CompanyProfile:
    return parse_profile(OTHER, "other-company")


@pytest.mark.parametrize("case", OTHER_CASES, ids=str)
def test_another_company_gets_its_own_facts_and_nothing_of_the_demo(
    case: Case, other: CompanyProfile
) -> None:
    answer = ask(other, case.message)
    assert answer is not None, f"no answer to {case.message!r}"
    check_shape(answer, other)
    assert set(case.topics) <= set(answer.topics), (answer.topics, answer.text)
    for s in case.says:
        assert s.lower() in answer.text.lower(), f"{s!r} not in {answer.text!r}"
    for u in case.unknown:
        assert any(u.lower() in item.lower() for item in answer.unknown), f"{u!r} not in {answer.unknown}"
    if case.no_unknown:
        assert answer.unknown == ()
    blob = " ".join((answer.text, *answer.facts))
    leaked = [s for s in DEMO_ONLY if s in blob]
    leaked += re.findall(r"(?<![\d.])(?:49|25|3) seats?\b|(?<![\d.])49(?![\d.])", blob)
    assert not leaked, f"demo facts leaked: {leaked} in {answer.text!r}"


def test_other_company_building_blocks(other: CompanyProfile) -> None:
    team = other.pricing.plan("Team")
    firm = other.pricing.plan("Firm")
    assert team is not None and firm is not None
    assert price_line(team, other) == "€249/month for up to 10 seats"
    assert price_line(firm, other) == "custom (annual contract)"
    assert (
        discount_line(other)
        == "Team is monthly or annual; Firm is annual only. Annual prepay on Team can come with up to 10% off."
    )
    assert facts_in_text_are_grounded("Team is €249/month and annual prepay gets up to 10% off.", other) == []
    assert facts_in_text_are_grounded("Team is $399/month with up to 15% off.", other) == ["$399", "15%"]


def test_module_holds_no_company_facts() -> None:
    """No demo company name, plan, price, customer or URL as a string in agent/answers.py's code."""
    tree = ast.parse((ROOT / "agent" / "answers.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    strings = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]
    demo = (
        "Lumen",
        "lumenpipeline",
        "Starter",
        "Growth",
        "Enterprise",
        "399",
        "Ledgerly",
        "Cloudhop",
        "Forgeline",
        "Meridian",
    )
    found = [(d, s) for s in strings for d in demo if d.lower() in s.lower()]
    assert not found, found


def test_answers_are_fast(profile: CompanyProfile) -> None:
    # The budget is < 0.2 ms per answer, measured by the benchmark; here only a generous guard
    # against an accidental blow-up (a regex compiled per call, a profile re-indexed per call).
    engine = _engine(profile)
    prepared = [(c.message, engine.analyze(TurnInput(message=c.message))) for c in CASES]
    lead = LeadState()
    for message, analysis in prepared:
        answer_question(message, analysis, lead, profile)
    start = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for message, analysis in prepared:
            answer_question(message, analysis, lead, profile)
    per_answer = (time.perf_counter() - start) / (rounds * len(prepared))
    assert per_answer < 0.005, f"{per_answer * 1e3:.2f} ms per answer"
