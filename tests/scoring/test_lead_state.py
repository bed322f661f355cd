"""Lead state: slots accumulate with provenance; a later correction wins; ICP fit with its reason."""

from __future__ import annotations

from scoring_kit import Converse

from agent.lead import icp_fit
from agent.profile import CompanyProfile


def test_slots_accumulate_across_turns_with_provenance(converse: Converse) -> None:
    lead = converse("we're about 40 people", ("agent", "What do you do?"), "fintech, i run growth")
    assert lead.company_size == 40 and lead.industry == "fintech" and lead.role == "growth"
    assert lead.slots["company_size"].evidence.turn == 0
    assert lead.slots["industry"].evidence.turn == 2


def test_a_later_correction_wins_and_history_is_kept(converse: Converse) -> None:
    lead = converse("we're 40 people", "sorry, actually we're closer to 80 people now")
    assert lead.company_size == 80
    assert [r.value for r in lead.slot_history if r.slot == "company_size"] == [40, 80]


def test_icp_fit_needs_all_three_and_says_why(converse: Converse, profile: CompanyProfile) -> None:
    assert icp_fit(converse("we're a 40 person fintech"), profile).fit == "unknown"
    verdict = icp_fit(converse("we're a 40 person fintech, i run growth"), profile)
    assert verdict.fit == "fit" and "inside the ICP" in verdict.reasons[0]
    assert len(verdict.evidence) == 3


def test_one_fact_outside_the_icp_is_enough_for_no_fit(converse: Converse, profile: CompanyProfile) -> None:
    small = icp_fit(converse("we're a 6 person agency"), profile)
    assert small.fit == "no_fit" and "company size 6" in small.reasons[0]
    engineer = icp_fit(converse("i'm a backend engineer at a 300 person saas"), profile)
    assert engineer.fit == "no_fit" and "role engineering" in engineer.reasons[0]
    school = icp_fit(converse("i do marketing for a private k-12 school, 150 staff"), profile)
    assert school.fit == "no_fit" and "education" in school.reasons[0]


def test_vendors_and_job_seekers_are_not_buyers(converse: Converse, profile: CompanyProfile) -> None:
    vendor = converse("Hi! I'm Mark from GrowthForge, we help SaaS companies book 30+ meetings/month")
    assert icp_fit(vendor, profile).fit == "no_fit"


def test_counts_real_exchanges_and_questions(converse: Converse) -> None:
    lead = converse("hi", "does it integrate with hubspot?", "ok", "thx 🙏", "we're 50 people")
    assert lead.visitor_messages == 5 and lead.real_exchanges == 2 and lead.questions_asked == 1


def test_dodges_are_not_real_exchanges(converse: Converse) -> None:
    lead = converse("maybe", "dunno", "Not sure.", "later", "no idea", "we sell payroll software, 90 staff")
    assert lead.visitor_messages == 6 and lead.real_exchanges == 1


def test_refusing_to_say_is_a_dodge_too(converse: Converse) -> None:
    lead = converse("I'd rather not say", "prefer not to say", "i'll pass")
    assert lead.real_exchanges == 0
