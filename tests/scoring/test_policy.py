"""Business hours and the handoff policy (shared/spec/TRANSCRIPTS.md, "Policy used in the gold labels")."""

from __future__ import annotations

from datetime import datetime

from scoring_kit import Converse

from agent.context import PageContext
from agent.hours import add_business_hours, is_open, next_open
from agent.policy import handoff_decision, should_offer_transfer
from agent.profile import CompanyProfile
from agent.scoring import score

TUE_10AM_ET = datetime.fromisoformat("2026-11-17T10:00:00-05:00")
TUE_11PM_ET = datetime.fromisoformat("2026-11-17T23:00:00-05:00")
SAT_NOON_LONDON = datetime.fromisoformat("2026-10-10T12:00:00+01:00")
ICP = "we're a 40 person fintech, i run growth"


def test_hours_in_the_company_time_zone(profile: CompanyProfile) -> None:
    hours = profile.business_hours
    assert is_open(hours, TUE_10AM_ET)
    assert is_open(hours, datetime.fromisoformat("2026-12-08T23:40:00+09:00"))  # 09:40 ET
    assert not is_open(hours, TUE_11PM_ET)
    assert not is_open(hours, SAT_NOON_LONDON)
    assert next_open(hours, TUE_11PM_ET).isoformat() == "2026-11-18T14:00:00+00:00"
    assert next_open(hours, SAT_NOON_LONDON).isoformat() == "2026-10-12T13:00:00+00:00"


def test_reply_by_counts_only_business_hours(profile: CompanyProfile) -> None:
    friday_5pm = datetime.fromisoformat("2026-11-20T17:00:00-05:00")
    assert (
        add_business_hours(profile.business_hours, friday_5pm, 4).isoformat() == "2026-11-23T17:00:00+00:00"
    )


def test_icp_lead_asking_for_a_person_in_hours_is_handed_off(
    converse: Converse, profile: CompanyProfile
) -> None:
    lead = converse("can i talk to a real person?", ICP)
    s = score(lead, PageContext(), profile)
    assert handoff_decision(lead, s, profile, TUE_10AM_ET).live
    after = handoff_decision(lead, s, profile, TUE_11PM_ET)
    assert not after.live and "book" in after.reason


def test_non_icp_is_never_handed_to_sales(converse: Converse, profile: CompanyProfile) -> None:
    lead = converse("can i talk to someone from sales?", "founder, b2b saas, we're 10 ppl")
    s = score(lead, PageContext(), profile)
    assert not handoff_decision(lead, s, profile, TUE_10AM_ET).live


def test_upset_customer_in_hours_goes_to_support(converse: Converse, profile: CompanyProfile) -> None:
    ctx = PageContext(known_customer=True)
    lead = converse("SSO keeps bouncing me back to the login page, 3rd time this morning!!", context=ctx)
    d = handoff_decision(lead, score(lead, ctx, profile), profile, TUE_10AM_ET)
    assert d.live and d.team == "support"


def test_enterprise_l3_signal_gets_a_transfer_offer(converse: Converse, profile: CompanyProfile) -> None:
    lead = converse("CMO at a 2,000 person software company", "our CFO will need to sign off")
    s = score(lead, PageContext(), profile)
    assert should_offer_transfer(lead, s, profile, TUE_10AM_ET)
    assert not should_offer_transfer(lead, s, profile, TUE_11PM_ET)
    smaller = converse("CMO at a 200 person software company", "our CFO will need to sign off")
    assert not should_offer_transfer(smaller, score(smaller, PageContext(), profile), profile, TUE_10AM_ET)
