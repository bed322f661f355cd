"""Funnel numbers on hand-made runs, where every number can be checked by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

import pytest

from agent.labels import Objection, Tier
from agent.model.usage import Prices
from agent.profile import CompanyProfile
from agent.understanding.engine import RulesEngine
from evals.funnel import funnel
from evals.runs import SECONDS_PER_TURN, ConversationRun, RunTurn, Usage, usage_from
from evals.score import score_conversation
from evals.transcripts import Conversation, Labels, Predicted

START = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)


def at(message: int) -> datetime:
    return START + timedelta(seconds=SECONDS_PER_TURN * message)


def run(
    conversation_id: str,
    tiers: Sequence[Tier],
    *,
    booked: bool = False,
    objections: Mapping[int, Sequence[Objection]] | None = None,
    pipeline: int | None = None,
    crm: bool = False,
    usage: Usage | None = None,
) -> ConversationRun:
    """A run whose n-th visitor message (1-based) ends at tier `tiers[n-1]`."""
    turns: list[RunTurn] = [RunTurn(role="agent", text="opener", at=START)]
    for n, tier in enumerate(tiers, 1):
        labels = Labels(objections=tuple((objections or {}).get(n, ())))
        turns.append(RunTurn(role="visitor", text=f"message {n}", at=at(n), labels=labels, tier=tier))
        turns.append(RunTurn(role="agent", text="reply", at=at(n)))
    return ConversationRun(
        id=conversation_id,
        turns=tuple(turns),
        predicted=Predicted(tier=tiers[-1], meeting_booked=booked),
        crm_record=crm,
        pipeline_at=at(pipeline) if pipeline else None,
        pipeline_message=pipeline,
        usage=usage or Usage(),
    )


RUNS = [
    run("browser", ["L0", "L0"]),
    run("engaged", ["L0", "L0", "L0", "L1"], objections={2: ["identity_mismatch"]}, crm=True),
    run("qualified", ["L0", "L1", "L2"], objections={2: ["price_shock"]}, crm=True),
    run(
        "slow-booker",
        ["L0", "L1", "L1", "L1", "L2", "L3"],
        booked=True,
        objections={1: ["send_info"]},
        pipeline=6,
        crm=True,
        usage=Usage(prompt_tokens=1000, completion_tokens=500),
    ),
    run(
        "fast-booker", ["L0", "L2", "L3"], booked=True, objections={3: ["price_shock"]}, pipeline=3, crm=True
    ),
]


def test_rates_count_conversations_by_the_tier_they_reached() -> None:
    f = funnel(RUNS)
    assert f.tiers == {"L0": 1, "L1": 1, "L2": 1, "L3": 2}
    assert f.qualified == 3 and f.engaged == 4
    assert f.qualified_rate == pytest.approx(3 / 5)
    assert f.l2_to_l3_rate == pytest.approx(2 / 3)
    assert f.crm_record_rate == pytest.approx(4 / 5)


def test_chat_to_pipeline_runs_from_the_first_visitor_message_to_the_next_step() -> None:
    time = funnel(RUNS).pipeline_time
    # slow-booker: message 6 - message 1 = 5 x 45 s; fast-booker: message 3 - message 1 = 90 s.
    assert time.conversations == 2
    assert time.median_seconds == pytest.approx((225 + 90) / 2)
    assert time.mean_seconds == pytest.approx((225 + 90) / 2)
    assert time.median_messages == 4.5


def test_objection_recovery_is_l2_or_a_booking_after_the_objection() -> None:
    recovery = funnel(RUNS).recovery
    assert (recovery["price_shock"].raised, recovery["price_shock"].recovered) == (2, 2)
    assert (recovery["identity_mismatch"].raised, recovery["identity_mismatch"].rate) == (1, 0.0)
    assert (recovery["send_info"].raised, recovery["send_info"].rate) == (1, 1.0)


def test_a_booking_recovers_an_objection_even_below_l2() -> None:
    booked_at_l1 = run("b", ["L0", "L1"], booked=True, objections={1: ["price_shock"]})
    assert funnel([booked_at_l1]).recovery["price_shock"].rate == 1.0


def test_qualification_reached_before_the_objection_does_not_count_as_recovery() -> None:
    dropped = run("d", ["L2", "L1"], objections={2: ["price_shock"]})
    assert funnel([dropped]).recovery["price_shock"].rate == 0.0


def test_share_qualified_within_four_exchanges() -> None:
    f = funnel(RUNS)
    # qualified at message 3 and 2 count; slow-booker qualified at message 5 does not.
    assert (f.qualified_within, f.qualified_within_share) == (2, pytest.approx(2 / 3))


def test_cost_per_qualified_conversation_is_tokens_times_prices() -> None:
    f = funnel(RUNS, Prices(prompt_per_1k=0.15, completion_per_1k=0.6))
    assert f.usage == Usage(1000, 500)
    assert f.cost == pytest.approx(0.15 + 0.3)
    assert f.cost_per_qualified == pytest.approx(0.45 / 3)
    assert f.to_dict()["cost"]["per_qualified_conversation_usd"] == pytest.approx(0.15)


def test_the_rules_engine_costs_nothing() -> None:
    f = funnel([run("a", ["L2"]), run("b", ["L3"], booked=True, pipeline=1)], Prices(0.15, 0.6))
    assert f.cost == 0 and f.cost_per_qualified == 0


def test_undefined_rates_are_none_not_zero() -> None:
    empty = funnel([])
    assert empty.qualified_rate is None and empty.l2_to_l3_rate is None
    assert empty.cost_per_qualified is None and empty.qualified_within_share is None
    assert empty.pipeline_time.median_seconds is None
    assert empty.to_dict()["objection_recovery"]["price_shock"] == {"raised": 0, "recovered": 0, "rate": None}


def test_token_counts_come_from_a_usage_field_when_there_is_one() -> None:
    assert usage_from({"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}) == Usage(120, 30)
    assert usage_from(None) == Usage()
    assert usage_from({"prompt_tokens": "many", "completion_tokens": True}) == Usage()


def test_funnel_dict_has_its_documented_keys() -> None:
    assert set(funnel(RUNS).to_dict()) == {
        "conversations",
        "tiers",
        "stages",
        "qualified_rate",
        "l2_to_l3_rate",
        "crm_records",
        "crm_record_rate",
        "chat_to_pipeline",
        "objection_recovery",
        "qualified_within_4_exchanges",
        "cost",
    }


def test_score_takes_token_counts_from_the_transcript(profile: CompanyProfile) -> None:
    conv = Conversation.model_validate(
        {
            "id": "metered",
            "usage": {"prompt_tokens": 100, "completion_tokens": 10},
            "turns": [
                {"role": "visitor", "text": "hi, what does growth cost?"},
                {
                    "role": "agent",
                    "text": "Growth is $399/month.",
                    "usage": {"prompt_tokens": 900, "completion_tokens": 90},
                },
            ],
        }
    )
    run_ = score_conversation(conv, RulesEngine(profile), profile)
    assert run_.usage == Usage(1000, 100)
    assert funnel([run_], Prices(1.0, 1.0)).cost == pytest.approx(1.1)
