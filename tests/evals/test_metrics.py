"""Metrics on small hand-computed examples, and on the dev set scored against itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.metrics import Counts, Mismatch, SlotConfusion, evaluate, label_metrics, pair_turns
from evals.transcripts import Conversation, load_conversations

DEV = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "dev.jsonl"


def conv(
    conversation_id: str,
    labels: list[dict[str, Any]],
    gold: dict[str, Any] | None = None,
    predicted: dict[str, Any] | None = None,
) -> Conversation:
    """A conversation alternating agent and visitor turns, so visitor k sits at turn 2k+1."""
    turns: list[dict[str, Any]] = []
    for k, turn_labels in enumerate(labels):
        turns.append({"role": "agent", "text": f"question {k}"})
        turns.append(
            {"role": "visitor", "text": f"answer {k}", **({"labels": turn_labels} if turn_labels else {})}
        )
    return Conversation.model_validate(
        {"id": conversation_id, "turns": turns, "gold": gold, "predicted": predicted}
    )


def outcome(tier: str, **fields: Any) -> dict[str, Any]:
    return {"tier": tier, **fields}


def test_signal_counts_micro_and_macro_on_a_small_example() -> None:
    gold = [
        conv("a", [{"signals": ["forward_question"]}, {"signals": ["timeline", "commercial"]}, {}]),
        conv("b", [{"signals": ["timeline"]}]),
    ]
    predicted = [
        conv(
            "a",
            [
                {"signals": ["forward_question"]},
                {"signals": ["commercial", "champion"]},
                {"signals": ["timeline"]},
            ],
        ),
        conv("b", [{}]),
    ]

    signals = evaluate(gold, predicted).labels["signals"]

    assert dict(signals.per_label) == {
        "forward_question": Counts(tp=1),
        "timeline": Counts(fp=1, fn=2),
        "champion": Counts(fp=1),
        "commercial": Counts(tp=1),
        "social_proof": Counts(),
    }
    timeline, champion, unused = (signals.per_label[k] for k in ("timeline", "champion", "social_proof"))
    assert (timeline.precision, timeline.recall, timeline.f1, timeline.support) == (0.0, 0.0, 0.0, 2)
    assert (champion.precision, champion.recall, champion.f1, champion.support) == (0.0, None, 0.0, 0)
    assert (unused.precision, unused.recall, unused.f1) == (None, None, None)
    assert signals.micro == Counts(tp=2, fp=2, fn=2)
    assert (signals.micro.precision, signals.micro.recall, signals.micro.f1) == (0.5, 0.5, 0.5)
    # Macro means skip undefined ratios: precision over 4 labels, recall over 3 (champion has no gold).
    assert signals.macro_precision == 0.5
    assert signals.macro_recall == pytest.approx(2 / 3)
    assert signals.macro_f1 == 0.5


def test_f1_is_the_harmonic_mean_of_precision_and_recall() -> None:
    counts = Counts(tp=3, fp=1, fn=3)
    assert (counts.precision, counts.recall) == (0.75, 0.5)
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)


def test_label_metrics_can_be_computed_for_one_kind() -> None:
    gold = [conv("a", [{"intents": ["opt_out"], "objections": ["send_info"]}])]
    predicted = [conv("a", [{"intents": ["opt_out", "frustration"]}])]

    pairs = pair_turns(gold, predicted)

    assert label_metrics(pairs, "intents").micro == Counts(tp=1, fp=1)
    assert label_metrics(pairs, "objections").micro == Counts(fn=1)


def test_perfect_predictions() -> None:
    gold = load_conversations(DEV)
    predicted = [c.model_copy(update={"gold": None, "predicted": c.gold}) for c in gold]

    report = evaluate(gold, predicted)

    for metrics in report.labels.values():
        assert (metrics.micro.precision, metrics.micro.recall, metrics.micro.f1) == (1.0, 1.0, 1.0)
        assert metrics.micro.fp == metrics.micro.fn == 0
        assert metrics.macro_f1 == 1.0
    assert report.labels["signals"].micro.tp == 86
    overall = report.slots.overall
    assert (overall.accuracy, overall.precision, overall.gold, overall.correct) == (1.0, 1.0, 219, 219)
    assert report.outcomes.conversations == 60
    assert all(report.outcomes.accuracy(f) == 1.0 for f in report.outcomes.correct)
    confusion = report.outcomes.tier_confusion
    assert sum(confusion[i][i] for i in range(4)) == 60
    assert report.mismatches == ()
    assert report.mismatched_ids() == []


def test_all_wrong_predictions() -> None:
    gold = [
        conv(
            "a",
            [{"signals": ["timeline"], "slots": {"industry": "fintech"}}],
            gold=outcome("L3", handoff=True),
        ),
        conv(
            "b", [{"intents": ["support"]}], gold=outcome("L0", route="support", icp_fit="fit", handoff=True)
        ),
    ]
    predicted = [
        conv(
            "a",
            [{"signals": ["commercial"], "slots": {"industry": "software"}}],
            predicted=outcome("L1", icp_fit="fit", route="none", meeting_booked=True),
        ),
        conv("b", [{"intents": ["opt_out"]}], predicted=outcome("L2", icp_fit="no_fit", meeting_booked=True)),
    ]

    report = evaluate(gold, predicted)

    assert report.labels["signals"].micro == Counts(fp=1, fn=1)
    assert report.labels["intents"].micro == Counts(fp=1, fn=1)
    for kind in ("signals", "intents"):
        micro = report.labels[kind].micro
        assert (micro.precision, micro.recall, micro.f1) == (0.0, 0.0, 0.0)
        assert report.labels[kind].macro_f1 == 0.0
    assert report.labels["objections"].macro_f1 is None
    assert (report.slots.overall.accuracy, report.slots.overall.precision) == (0.0, 0.0)
    assert report.outcomes.tier_confusion == ((0, 0, 1, 0), (0, 0, 0, 0), (0, 0, 0, 0), (0, 1, 0, 0))
    assert dict(report.outcomes.correct) == dict.fromkeys(
        ("tier", "icp_fit", "route", "handoff", "meeting_booked"), 0
    )
    assert report.outcomes.accuracy("tier") == 0.0
    assert report.mismatched_ids() == ["a", "b"]


def test_slot_accuracy_precision_and_confusions() -> None:
    gold = [
        conv(
            "a",
            [
                {"slots": {"company_size": 40, "industry": "fintech", "email": "Sam@Tally.co"}},
                {"slots": {"role": "growth"}},
                {},
            ],
        ),
        conv("b", [{"slots": {"problem": True}}]),
    ]
    predicted = [
        conv(
            "a",
            [
                {"slots": {"company_size": 45, "industry": "fintech", "email": " sam@tally.CO "}},
                {},
                {"slots": {"role": "growth"}},
            ],
        ),
        conv("b", [{"slots": {"problem": True, "name": "Sam"}}]),
    ]

    slots = evaluate(gold, predicted).slots

    table = {
        name: (c.gold, c.predicted, c.correct, c.wrong_value, c.accuracy, c.precision)
        for name, c in slots.per_slot.items()
    }
    assert table == {
        "company_size": (1, 1, 0, 1, 0.0, 0.0),
        "industry": (1, 1, 1, 0, 1.0, 1.0),
        "role": (1, 1, 0, 0, 0.0, 0.0),  # predicted on a later turn than the one that said it
        "email": (1, 1, 1, 0, 1.0, 1.0),  # compared case-insensitively, stripped
        "name": (0, 1, 0, 0, None, 0.0),
        "problem": (1, 1, 1, 0, 1.0, 1.0),
    }
    assert slots.per_slot["company_size"].examples == (SlotConfusion("a", 1, 40, 45),)
    overall = slots.overall
    assert (overall.gold, overall.predicted, overall.correct, overall.accuracy, overall.precision) == (
        5,
        6,
        3,
        0.6,
        0.5,
    )


def test_outcome_accuracy_and_tier_confusion_only_count_conversations_with_both_blocks() -> None:
    gold = [
        conv("a", [{}], gold=outcome("L0", icp_fit="fit")),
        conv("b", [{}], gold=outcome("L1", icp_fit="fit")),
        conv("c", [{}], gold=outcome("L2", icp_fit="no_fit", handoff=True)),
        conv("d", [{}], gold=outcome("L3", icp_fit="unknown", meeting_booked=True)),
        conv("e", [{}], gold=outcome("L3")),  # no prediction block: not scored
        conv("f", [{}]),  # no gold block: not scored
    ]
    predicted = [
        conv("a", [{}], predicted=outcome("L0", icp_fit="fit")),
        conv("b", [{}], predicted=outcome("L2", icp_fit="no_fit")),
        conv("c", [{}], predicted=outcome("L2", icp_fit="no_fit")),
        conv("d", [{}], predicted=outcome("L1", icp_fit="unknown", meeting_booked=True)),
        conv("e", [{}]),
        conv("f", [{}], predicted=outcome("L1")),
    ]

    report = evaluate(gold, predicted)
    outcomes = report.outcomes

    assert outcomes.conversations == 4
    assert outcomes.tier_confusion == ((1, 0, 0, 0), (0, 0, 1, 0), (0, 0, 1, 0), (0, 1, 0, 0))
    assert dict(outcomes.correct) == {"tier": 2, "icp_fit": 3, "route": 4, "handoff": 3, "meeting_booked": 4}
    assert [outcomes.accuracy(f) for f in outcomes.correct] == [0.5, 0.75, 1.0, 0.75, 1.0]
    assert report.mismatches == (
        Mismatch("b", "tier", "L1", "L2"),
        Mismatch("b", "icp_fit", "fit", "no_fit"),
        Mismatch("c", "handoff", True, False),
        Mismatch("d", "tier", "L3", "L1"),
    )


def test_turn_mismatches_point_at_the_gold_turn() -> None:
    gold = [conv("a", [{}, {"signals": ["timeline"], "slots": {"company_size": 40}}])]
    predicted = [
        conv("a", [{"objections": ["send_info"]}, {"signals": ["timeline"], "slots": {"company_size": 45}}])
    ]

    assert evaluate(gold, predicted).mismatches == (
        Mismatch("a", "objections", [], ["send_info"], turn=1),
        Mismatch("a", "slots.company_size", 40, 45, turn=3),
    )


def test_to_dict_is_json_with_a_stable_key_order() -> None:
    gold = [conv("a", [{"signals": ["timeline"], "slots": {"company_size": 40}}], gold=outcome("L3"))]
    predicted = [
        conv("a", [{"signals": ["timeline"], "slots": {"company_size": 45}}], predicted=outcome("L2"))
    ]

    data = evaluate(gold, predicted).to_dict()

    assert json.loads(json.dumps(data)) == data
    assert list(data) == ["conversations", "labels", "slots", "outcomes", "mismatches"]
    assert list(data["labels"]) == ["signals", "objections", "intents"]
    assert list(data["labels"]["signals"]["labels"]) == [
        "forward_question",
        "timeline",
        "champion",
        "commercial",
        "social_proof",
    ]
    assert data["labels"]["signals"]["labels"]["timeline"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "support": 1,
        "tp": 1,
        "fp": 0,
        "fn": 0,
    }
    assert data["slots"]["slots"]["company_size"]["examples"] == [
        {"id": "a", "turn": 1, "gold": 40, "predicted": 45}
    ]
    assert data["outcomes"]["tier_confusion"]["rows_gold_cols_predicted"][3] == [0, 0, 1, 0]
    assert data["mismatches"] == [
        {"id": "a", "turn": None, "field": "tier", "gold": "L3", "predicted": "L2"},
        {"id": "a", "turn": 1, "field": "slots.company_size", "gold": 40, "predicted": 45},
    ]


def test_files_that_do_not_line_up_are_refused() -> None:
    gold = [conv("a", [{}]), conv("b", [{}])]
    with pytest.raises(ValueError, match=r"no prediction for \['b'\], no gold for \['z'\]"):
        evaluate(gold, [conv("a", [{}]), conv("z", [{}])])
    with pytest.raises(ValueError, match="a: visitor messages differ"):
        evaluate(gold, [conv("a", [{}, {}]), conv("b", [{}])])
