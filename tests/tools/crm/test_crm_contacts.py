"""Contacts are one per person: deduplicated by email, whatever its case, across conversations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from tools.crm import CrmService, LeadSnapshot

LeadFactory = Callable[..., LeadSnapshot]


def test_same_email_in_two_conversations_is_one_contact(
    crm: CrmService, make_lead: LeadFactory, now: datetime
) -> None:
    first = crm.sync(make_lead(conversation_id="conv1", email="Jane.Doe@Acme.test"), reason="engaged")
    second = crm.sync(
        make_lead(conversation_id="conv2", email="  jane.doe@ACME.test ", now=now + timedelta(days=3)),
        reason="engaged again",
    )

    assert first.contact_id is not None
    assert first.contact_id == second.contact_id
    contact = crm.contact_by_email("JANE.DOE@acme.test")
    assert contact is not None
    assert contact.email == "jane.doe@acme.test"


def test_a_known_contact_comes_back_to_its_owner(crm: CrmService, make_lead: LeadFactory) -> None:
    crm.sync(make_lead(conversation_id="conv1", tier="L2"), reason="qualified")
    # Round robin alone would give this midmarket lead to priya; Jane already belongs to maya.
    again = crm.sync(make_lead(conversation_id="conv2", tier="L2"), reason="qualified again")
    # Going to the owner does not use up a round-robin turn.
    stranger = crm.sync(
        make_lead(conversation_id="conv3", tier="L2", email="sam@other.test"), reason="qualified"
    )

    assert (again.rep_id, stranger.rep_id) == ("maya", "priya")


def test_an_anonymous_contact_gets_the_email_once_given(crm: CrmService, make_lead: LeadFactory) -> None:
    anonymous = crm.sync(make_lead(tier="L1", email=None), reason="engaged")
    named = crm.sync(make_lead(tier="L1"), reason="email given")

    assert anonymous.contact_id == named.contact_id
    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert contact.id == named.contact_id


def test_an_anonymous_contact_merges_into_the_known_one(crm: CrmService, make_lead: LeadFactory) -> None:
    known = crm.sync(make_lead(conversation_id="old", tier="L1"), reason="last week")
    anonymous = crm.sync(make_lead(conversation_id="new", tier="L2", email=None), reason="qualified")
    merged = crm.sync(make_lead(conversation_id="new", tier="L2"), reason="email given")

    assert anonymous.contact_id != known.contact_id
    assert merged.contact_id == known.contact_id
    [task] = crm.tasks_for("new")
    assert task.contact_id == known.contact_id
    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    # The deeper stage and the owner of the anonymous contact carry over.
    assert (contact.lifecycle_stage, contact.owner_rep_id) == ("sales_follow_up", "maya")
    assert "contact:merge" in [row.action for row in crm.audit_log("new")]


def test_details_not_repeated_are_kept(crm: CrmService, make_lead: LeadFactory) -> None:
    crm.sync(make_lead(tier="L1"), reason="engaged")
    crm.sync(make_lead(tier="L1", name=None, role=None, company_size=None), reason="later turn")

    contact = crm.contact_by_email("jane.doe@acme.test")
    assert contact is not None
    assert (contact.name, contact.role, contact.company_size, contact.segment) == (
        "Jane Doe",
        "marketing",
        250,
        "midmarket",
    )
