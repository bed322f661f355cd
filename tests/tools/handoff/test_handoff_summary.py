"""The summary a human reads before taking over: who, tier, evidence, open question, page, turns."""

from __future__ import annotations

from typing import Any

import pytest

import tools.handoff.summary as summary_module
from agent.context import PageContext
from tools.handoff import HandoffSummary, PageInfo, Who
from tools.handoff.summary import TRANSCRIPT_TURNS


def test_who_comes_from_the_slots_with_the_segment_from_the_profile(midmarket: Any) -> None:
    assert midmarket.summary.who == Who(
        name="Jane",
        email="jane@acme.test",
        company_size=250,
        industry="software",
        role="marketing",
        segment="midmarket",
    )


def test_tier_and_icp_verdict_are_the_scorer_s(midmarket: Any) -> None:
    summary = midmarket.summary

    assert (summary.tier, summary.route, summary.icp_fit) == ("L2", "sales", "fit")
    assert summary.icp_reasons == ("250 employees, software, marketing: inside the ICP",)
    assert summary.reasons == tuple(r.text for r in midmarket.score.reasons)


def test_evidence_quotes_the_visitor_with_turn_indexes_in_conversation_order(midmarket: Any) -> None:
    evidence = midmarket.summary.evidence
    quoted = [(q.turn, q.text) for q in evidence]

    for expected in [
        (1, "VP marketing"),
        (1, "250-person"),
        (1, "software"),
        (5, "talk to a person"),
        (5, "Does the Salesforce sync need engineering?"),
    ]:
        assert expected in quoted
    assert [turn for turn, _ in quoted] == sorted(turn for turn, _ in quoted)
    shows = {q.text: q.shows for q in evidence}
    assert shows["250-person"] == ("company size 250",)
    assert shows["talk to a person"] == ("human request",)
    assert shows["Does the Salesforce sync need engineering?"] == ("forward question",)
    # Every quote is the visitor's own words, at the turn it names.
    for quote in evidence:
        turn = midmarket.transcript[quote.turn]
        assert turn["role"] == "visitor" and quote.text in turn["text"]


def test_evidence_is_capped_most_telling_first(midmarket: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_module, "MAX_EVIDENCE", 2)

    quotes = summary_module.evidence_quotes(midmarket.lead, midmarket.score)

    # What the visitor wants (the intent) outranks who they are (the slots).
    assert len(quotes) == 2
    assert "human request" in [label for q in quotes for label in q.shows]


def test_words_only_the_scorer_cited_are_evidence_too(support_chat: Any) -> None:
    shows = {q.text: q.shows for q in support_chat.summary.evidence}

    assert shows["can't log in"] == ("support",)
    assert "talk to someone" in shows


def test_the_open_question_is_the_visitor_s_last_question(midmarket: Any) -> None:
    # The last message asks two things; the last one is what the human must answer first.
    assert midmarket.summary.open_question == "Does the Salesforce sync need engineering?"


def test_a_question_without_a_question_mark_counts_when_the_engine_read_it_as_one(converse: Any) -> None:
    chat = converse(
        "We're a 120-person fintech, I lead growth.",
        ("agent", "Great, how can I help?"),
        "how does the hubspot sync work",
        ("agent", "It takes under an hour."),
        "ok thanks",
    )

    assert chat.summary.open_question == "how does the hubspot sync work"


def test_an_open_question_given_by_the_agent_wins(converse: Any) -> None:
    chat = converse("Can I talk to sales?", open_question="Is SSO included in Growth?")

    assert chat.summary.open_question == "Is SSO included in Growth?"


def test_no_question_means_no_open_question(converse: Any) -> None:
    assert converse("We're 300 people in healthcare.").summary.open_question is None


def test_page_context_is_kept(midmarket: Any, converse: Any) -> None:
    assert midmarket.summary.page == PageInfo(
        url="https://lumenpipeline.example/pricing",
        title="Pricing - Lumen",
        utm={"utm_source": "google", "utm_campaign": "attribution"},
    )
    bare = converse("hello, who do I talk to about pricing?", context=PageContext())
    assert bare.summary.page == PageInfo()


def test_the_transcript_is_the_last_turns_only(converse: Any) -> None:
    turns = [f"message {i}" if i % 2 else ("agent", f"reply {i}") for i in range(TRANSCRIPT_TURNS + 5)]

    summary = converse(*turns).summary

    assert summary.turns == TRANSCRIPT_TURNS + 5
    assert len(summary.transcript) == TRANSCRIPT_TURNS
    first, last = summary.transcript[0], summary.transcript[-1]
    assert (first.role, first.text, first.at) == ("visitor", "message 5", "2025-01-14T14:05:00+00:00")
    assert (last.role, last.text) == ("agent", f"reply {TRANSCRIPT_TURNS + 4}")


def test_the_summary_round_trips_through_json(midmarket: Any) -> None:
    stored = midmarket.summary.model_dump(mode="json")

    assert HandoffSummary.model_validate(stored) == midmarket.summary


def test_to_text_is_a_few_lines_with_who_tier_question_and_evidence(midmarket: Any) -> None:
    text = midmarket.summary.to_text()

    lines = text.splitlines()
    assert lines[0] == "Who: Jane <jane@acme.test> (marketing, 250 employees, software, midmarket)"
    assert lines[1].startswith("Tier: L2, route: sales, ICP fit:")
    assert lines[2] == 'Open question: "Does the Salesforce sync need engineering?"'
    assert lines[3].startswith("Page: Pricing - Lumen (https://lumenpipeline.example/pricing)")
    assert '- turn 5: "talk to a person" (human request)' in lines


def test_an_anonymous_visitor_reads_as_a_visitor() -> None:
    assert Who().label == "a visitor"
    assert Who(email="x@y.test").label == "x@y.test"
