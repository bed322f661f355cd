"""Leads are shared fairly among a segment's reps, and the turn survives a restart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from agent.profile import CompanyProfile
from tools.crm import CrmService, LeadSnapshot
from tools.db import session_factory

LeadFactory = Callable[..., LeadSnapshot]


def _rep_of(crm: CrmService, make_lead: LeadFactory, conversation_id: str, size: int) -> str | None:
    lead = make_lead(
        conversation_id=conversation_id, tier="L2", company_size=size, email=f"{conversation_id}@x.test"
    )
    return crm.sync(lead, reason="qualified").rep_id


def test_midmarket_leads_alternate_between_maya_and_priya(crm: CrmService, make_lead: LeadFactory) -> None:
    reps = [_rep_of(crm, make_lead, f"c{i}", 250) for i in range(4)]

    assert reps == ["maya", "priya", "maya", "priya"]


def test_enterprise_leads_go_to_tom_and_smb_to_maya(crm: CrmService, make_lead: LeadFactory) -> None:
    assert _rep_of(crm, make_lead, "big1", 3000) == "tom"
    assert _rep_of(crm, make_lead, "big2", 1200) == "tom"
    assert _rep_of(crm, make_lead, "small", 40) == "maya"


def test_segments_keep_separate_turns(crm: CrmService, make_lead: LeadFactory) -> None:
    # An smb assignment (always maya) must not use up midmarket's turn.
    _rep_of(crm, make_lead, "small", 40)

    assert _rep_of(crm, make_lead, "mid", 250) == "maya"


def test_the_turn_is_shared_by_separate_service_instances(
    crm: CrmService, make_lead: LeadFactory, engine: Engine, profile: CompanyProfile
) -> None:
    other_process = CrmService(session_factory(engine), profile)

    first = _rep_of(crm, make_lead, "c1", 250)
    second = _rep_of(other_process, make_lead, "c2", 250)

    assert (first, second) == ("maya", "priya")


def test_assign_rep_reuses_the_conversation_rep(crm: CrmService, now: datetime) -> None:
    first = crm.assign_rep("conv1", "midmarket", now)
    again = crm.assign_rep("conv1", "midmarket", now)
    other = crm.assign_rep("conv2", "midmarket", now)

    assert (first.id, again.id, other.id) == ("maya", "maya", "priya")
