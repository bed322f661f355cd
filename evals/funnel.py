"""The funnel numbers of a run (DESIGN.md section 2): pure functions of `ConversationRun`s.

- qualified conversation rate: conversations at L2 or L3 / all conversations;
- L2->L3 rate: L3 conversations / conversations at L2 or L3;
- chat-to-pipeline time: from the first visitor message to the first explicit next step (a booked
  meeting, a warm transfer, an opportunity), from the turn clocks, over the conversations that got
  there; also in visitor messages, which needs no clock;
- conversation-to-CRM-record rate: conversations that left a contact in the CRM / all;
- objection recovery rate per objection type: of the conversations where the visitor raised it,
  those at L2+ or with a booked meeting in or after the turn that raised it;
- share qualified within 4 exchanges: of the qualified conversations, those at L2+ by their 4th
  visitor message;
- cost per qualified conversation: tokens x the settings' prices / qualified conversations (the
  rules engine spends no tokens, so it costs 0).

A rate whose denominator is zero is `None` (undefined), never 0 or 1, as in `evals.metrics`.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from agent.labels import OBJECTIONS, TIER_RANK, TIERS, Objection, Tier
from agent.model.usage import Prices
from evals.runs import ConversationRun, Usage

QUALIFIED: Final[Tier] = "L2"
EXCHANGES_TO_QUALIFY: Final = 4
NO_PRICES: Final = Prices()
"""Tokens cost nothing unless the settings' prices are given (`QUALIFY_PRICE_PER_1K_*`)."""


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _at_least(tier: Tier | None, floor: Tier) -> bool:
    return tier is not None and TIER_RANK[tier] >= TIER_RANK[floor]


@dataclass(frozen=True)
class Recovery:
    raised: int = 0
    recovered: int = 0

    @property
    def rate(self) -> float | None:
        return _ratio(self.recovered, self.raised)


@dataclass(frozen=True)
class PipelineTime:
    conversations: int
    median_seconds: float | None
    mean_seconds: float | None
    median_messages: float | None


@dataclass(frozen=True)
class Funnel:
    conversations: int
    tiers: dict[Tier, int]
    crm_records: int
    pipeline_time: PipelineTime
    recovery: dict[Objection, Recovery]
    qualified_within: int
    usage: Usage
    prices: Prices

    @property
    def qualified(self) -> int:
        return self.tiers["L2"] + self.tiers["L3"]

    @property
    def engaged(self) -> int:
        return self.qualified + self.tiers["L1"]

    @property
    def qualified_rate(self) -> float | None:
        return _ratio(self.qualified, self.conversations)

    @property
    def l2_to_l3_rate(self) -> float | None:
        return _ratio(self.tiers["L3"], self.qualified)

    @property
    def crm_record_rate(self) -> float | None:
        return _ratio(self.crm_records, self.conversations)

    @property
    def qualified_within_share(self) -> float | None:
        return _ratio(self.qualified_within, self.qualified)

    @property
    def cost(self) -> float:
        return self.prices.cost(self.usage.prompt_tokens, self.usage.completion_tokens)

    @property
    def cost_per_qualified(self) -> float | None:
        return self.cost / self.qualified if self.qualified else None

    def to_dict(self) -> dict[str, Any]:
        time = self.pipeline_time
        return {
            "conversations": self.conversations,
            "tiers": dict(self.tiers),
            "stages": [
                {"stage": "conversations", "count": self.conversations},
                {"stage": "engaged (L1+)", "count": self.engaged},
                {"stage": "qualified (L2+)", "count": self.qualified},
                {"stage": "pipeline (L3)", "count": self.tiers["L3"]},
            ],
            "qualified_rate": _round(self.qualified_rate),
            "l2_to_l3_rate": _round(self.l2_to_l3_rate),
            "crm_records": self.crm_records,
            "crm_record_rate": _round(self.crm_record_rate),
            "chat_to_pipeline": {
                "conversations": time.conversations,
                "median_seconds": _round(time.median_seconds, 1),
                "mean_seconds": _round(time.mean_seconds, 1),
                "median_visitor_messages": time.median_messages,
            },
            "objection_recovery": {
                kind: {"raised": r.raised, "recovered": r.recovered, "rate": _round(r.rate)}
                for kind, r in self.recovery.items()
            },
            "qualified_within_4_exchanges": {
                "qualified": self.qualified,
                "within": self.qualified_within,
                "share": _round(self.qualified_within_share),
            },
            "cost": {
                "prompt_tokens": self.usage.prompt_tokens,
                "completion_tokens": self.usage.completion_tokens,
                "price_per_1k_prompt_tokens": self.prices.prompt_per_1k,
                "price_per_1k_completion_tokens": self.prices.completion_per_1k,
                "total_usd": round(self.cost, 6),
                "per_qualified_conversation_usd": _round(self.cost_per_qualified, 6),
            },
        }


def _recovered_after(run: ConversationRun, message: int) -> bool:
    """L2+ or a booking in or after the turn of visitor message `message` (1-based)."""
    later = run.visitor_turns[message - 1 :]
    if any(_at_least(t.tier, QUALIFIED) for t in later):
        return True
    return run.predicted.meeting_booked


def _objections_raised(run: ConversationRun) -> dict[Objection, int]:
    """Each objection type the visitor raised, with the first visitor message that raised it."""
    first: dict[Objection, int] = {}
    for n, turn in enumerate(run.visitor_turns, 1):
        for kind in turn.labels.objections if turn.labels else ():
            first.setdefault(kind, n)
    return first


def _qualified_within(run: ConversationRun, exchanges: int) -> bool:
    return any(_at_least(t.tier, QUALIFIED) for t in run.visitor_turns[:exchanges])


def _pipeline_time(runs: Sequence[ConversationRun]) -> PipelineTime:
    seconds = [
        (run.pipeline_at - first).total_seconds()
        for run in runs
        if run.pipeline_at is not None and (first := run.first_message_at) is not None
    ]
    messages = [run.pipeline_message for run in runs if run.pipeline_message is not None]
    return PipelineTime(
        conversations=sum(
            1 for run in runs if run.pipeline_message is not None or run.pipeline_at is not None
        ),
        median_seconds=statistics.median(seconds) if seconds else None,
        mean_seconds=statistics.fmean(seconds) if seconds else None,
        median_messages=statistics.median(messages) if messages else None,
    )


def funnel(runs: Sequence[ConversationRun], prices: Prices = NO_PRICES) -> Funnel:
    """The funnel of a run; the tier of a conversation is the one the agent reached in the end."""
    tiers: dict[Tier, int] = dict.fromkeys(TIERS, 0)
    recovery: dict[Objection, Recovery] = {kind: Recovery() for kind in OBJECTIONS}
    usage = Usage()
    for run in runs:
        tiers[run.predicted.tier] += 1
        usage += run.usage
        for kind, message in _objections_raised(run).items():
            old = recovery[kind]
            recovery[kind] = Recovery(old.raised + 1, old.recovered + _recovered_after(run, message))
    qualified_runs = [run for run in runs if _at_least(run.predicted.tier, QUALIFIED)]
    return Funnel(
        conversations=len(runs),
        tiers=tiers,
        crm_records=sum(run.crm_record for run in runs),
        pipeline_time=_pipeline_time(runs),
        recovery=recovery,
        qualified_within=sum(_qualified_within(run, EXCHANGES_TO_QUALIFY) for run in qualified_runs),
        usage=usage,
        prices=prices,
    )
