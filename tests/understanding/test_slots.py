"""Slots: the visitor's own facts, not other people's, with exact evidence."""

from __future__ import annotations

import pytest

from agent.context import Turn
from agent.profile import CompanyProfile
from agent.understanding.analysis import TurnAnalysis
from agent.understanding.engine import RulesEngine, TurnInput


def run(profile: CompanyProfile, message: str, agent: str | None = None) -> TurnAnalysis:
    history = (Turn(role="agent", text=agent),) if agent else ()
    return RulesEngine(profile).analyze(TurnInput(message=message, turn=len(history), history=history))


def slots(a: TurnAnalysis) -> dict[str, object]:
    return {h.slot: h.value for h in a.slots}


def test_several_facts_in_one_message(profile: CompanyProfile) -> None:
    a = run(profile, "we're a 40 person fintech, i run growth")
    assert slots(a) == {"company_size": 40, "industry": "fintech", "role": "growth"}


def test_every_slot_quotes_the_visitors_words(profile: CompanyProfile) -> None:
    msg = "hi, head of revops at an industrial automation manufacturer, 3,000 employees"
    a = run(profile, msg)
    for hit in a.slots:
        assert hit.evidence.quote in msg
        assert msg[hit.evidence.start : hit.evidence.end].strip() == hit.evidence.quote
    assert slots(a)["role"] == "revops" and slots(a)["company_size"] == 3000


@pytest.mark.parametrize(
    ("message", "industry"),
    [
        ("we make hydraulic pumps, about 90 people", "manufacturing"),
        ("a neobank, ~200 ppl", "fintech"),
        ("software company (ERP for manufacturers), ~1100 people", "software"),
        ("b2b saas for dental practices, 20 people", "software"),
        ("we sell lab supplies online to universities, 30 ppl", "ecommerce"),
        ("state economic development agency, 400 employees", "government"),
        ("cabinet de conseil, 35 personnes", "professional_services"),
    ],
)
def test_industries_described_not_named(profile: CompanyProfile, message: str, industry: str) -> None:
    assert slots(run(profile, message)).get("industry") == industry


@pytest.mark.parametrize(
    ("message", "role"),
    [
        ("CMO at a payments co", "marketing"),
        ("co-founder, 12 person startup", "founder"),
        ("i lead demand gen", "marketing"),
        ("director of mktg ops at a 2k employee software co", "marketing"),
        ("i run sales & marketing ops at a fintech", "revops"),
        ("sales director here", "sales"),
        ("i'm the office manager", "operations"),
        ("je suis responsable marketing", "marketing"),
    ],
)
def test_roles_as_titles(profile: CompanyProfile, message: str, role: str) -> None:
    assert slots(run(profile, message)).get("role") == role


@pytest.mark.parametrize(
    "message",
    [
        "our CFO will want to see it too",
        "our CEO asked me to look into this",
        "i'll bring our sales VP if he's free",
        "i applied for the SDR role",
        "i'm the account owner",
    ],
)
def test_other_peoples_roles_are_not_the_visitors(profile: CompanyProfile, message: str) -> None:
    assert "role" not in slots(run(profile, message))


@pytest.mark.parametrize(
    ("message", "agent", "name"),
    [
        ("i run revops. i'm ana btw", None, "ana"),
        ("ok. sofia btw. send the deck", None, "sofia"),
        ("je suis responsable marketing. claire", None, "claire"),
        (
            "10 today. marc delacroix",
            "She has today 10:00am, 11:30am or tomorrow 9:00am ET.",
            "marc delacroix",
        ),
        ("Hi! I'm Mark from GrowthForge", None, "Mark"),
    ],
)
def test_names_as_typed(profile: CompanyProfile, message: str, agent: str | None, name: str) -> None:
    assert slots(run(profile, message, agent)).get("name") == name


@pytest.mark.parametrize(
    "message",
    [
        "i'm the admin",
        "i'm in bangalore",
        "our board deck runs on last-touch and it's embarrassing",
        "HQ munich",
    ],
)
def test_words_that_are_not_names(profile: CompanyProfile, message: str) -> None:
    assert "name" not in slots(run(profile, message))


def test_problem_needs_a_pain_about_what_the_product_solves(profile: CompanyProfile) -> None:
    assert (
        slots(run(profile, "we spend a lot on events and have no idea which bring pipeline")).get("problem")
        is True
    )
    assert "problem" not in slots(run(profile, "we've got campaign influence half set up and it's a mess"))
    assert "problem" not in slots(
        run(profile, "company's consolidating tools, nothing wrong with the product")
    )
