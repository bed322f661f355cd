"""Scoring predictions against gold transcripts: pure functions from conversations to an `EvalReport`.

Labels are counted per (conversation id, visitor turn index, label), where the visitor turn index
is the message's position among the visitor's own messages. Replay changes the agent's messages but
not the visitor's, so that index lines gold and prediction up even when agent turns differ.
Mismatches point at the gold file's turn index instead, because that is what a person opens.

A ratio whose denominator is zero (precision with no predictions, recall with no gold) is `None`:
it is undefined, and reporting it as 0 or 1 would move averages for labels nobody used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from agent.labels import INTENTS, OBJECTIONS, SIGNALS, SLOT_NAMES, TIERS, LabelKind, SlotName
from evals.transcripts import Conversation, Labels, Outcome, TranscriptTurn

LABEL_VOCABULARY: Final[dict[LabelKind, tuple[str, ...]]] = {
    "signals": SIGNALS,
    "objections": OBJECTIONS,
    "intents": INTENTS,
}
OUTCOME_FIELDS: Final = ("icp_fit", "route", "handoff", "meeting_booked")
CONFUSION_EXAMPLES: Final = 5
"""How many wrong-value examples each slot keeps: enough to see a pattern, few enough to read."""

SlotValue = int | str | bool
JsonValue = SlotValue | list[str] | None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _mean(values: Sequence[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one label (or of a whole kind)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": _rounded(self.precision),
            "recall": _rounded(self.recall),
            "f1": _rounded(self.f1),
            "support": self.support,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class KindMetrics:
    """Per-label counts of one label kind, in vocabulary order, with micro and macro averages.

    Macro averages are means over the labels where the ratio is defined.
    """

    kind: LabelKind
    per_label: Mapping[str, Counts]

    @property
    def micro(self) -> Counts:
        return sum(self.per_label.values(), Counts())

    @property
    def macro_precision(self) -> float | None:
        return _mean([c.precision for c in self.per_label.values()])

    @property
    def macro_recall(self) -> float | None:
        return _mean([c.recall for c in self.per_label.values()])

    @property
    def macro_f1(self) -> float | None:
        return _mean([c.f1 for c in self.per_label.values()])

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": {label: counts.to_dict() for label, counts in self.per_label.items()},
            "micro": self.micro.to_dict(),
            "macro": {
                "precision": _rounded(self.macro_precision),
                "recall": _rounded(self.macro_recall),
                "f1": _rounded(self.macro_f1),
            },
        }


@dataclass(frozen=True)
class SlotConfusion:
    """A slot the prediction filled with a different value than gold, on the same turn."""

    conversation_id: str
    turn: int
    gold: SlotValue
    predicted: SlotValue


@dataclass(frozen=True)
class SlotCounts:
    """Gold and predicted mentions of one slot (or all slots), how many agree, and wrong-value examples."""

    gold: int = 0
    predicted: int = 0
    correct: int = 0
    wrong_value: int = 0
    examples: tuple[SlotConfusion, ...] = ()

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.gold)

    @property
    def precision(self) -> float | None:
        return _ratio(self.correct, self.predicted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "accuracy": _rounded(self.accuracy),
            "precision": _rounded(self.precision),
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.correct,
            "wrong_value": self.wrong_value,
            "examples": [
                {"id": e.conversation_id, "turn": e.turn, "gold": e.gold, "predicted": e.predicted}
                for e in self.examples
            ],
        }


@dataclass(frozen=True)
class SlotMetrics:
    per_slot: Mapping[SlotName, SlotCounts]

    @property
    def overall(self) -> SlotCounts:
        slots = self.per_slot.values()
        return SlotCounts(
            gold=sum(s.gold for s in slots),
            predicted=sum(s.predicted for s in slots),
            correct=sum(s.correct for s in slots),
            wrong_value=sum(s.wrong_value for s in slots),
        )

    def to_dict(self) -> dict[str, Any]:
        overall = self.overall.to_dict()
        del overall["examples"]
        return {"slots": {name: c.to_dict() for name, c in self.per_slot.items()}, "overall": overall}


@dataclass(frozen=True)
class OutcomeMetrics:
    """Conversation-level agreement over the conversations that have both gold and a prediction."""

    conversations: int
    tier_confusion: tuple[tuple[int, ...], ...]
    """Rows are gold tiers L0..L3, columns predicted tiers L0..L3."""
    correct: Mapping[str, int]
    """Correct conversations per field: tier, icp_fit, route, handoff, meeting_booked."""

    def accuracy(self, field: str) -> float | None:
        return _ratio(self.correct[field], self.conversations)

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversations": self.conversations,
            "accuracy": {field: _rounded(self.accuracy(field)) for field in self.correct},
            "correct": dict(self.correct),
            "tier_confusion": {
                "order": list(TIERS),
                "rows_gold_cols_predicted": [list(row) for row in self.tier_confusion],
            },
        }


@dataclass(frozen=True)
class Mismatch:
    """One disagreement: a conversation-level field (turn is None) or a turn's labels or slot."""

    conversation_id: str
    field: str
    gold: JsonValue
    predicted: JsonValue
    turn: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.conversation_id,
            "turn": self.turn,
            "field": self.field,
            "gold": self.gold,
            "predicted": self.predicted,
        }


@dataclass(frozen=True)
class EvalReport:
    conversations: int
    labels: Mapping[LabelKind, KindMetrics]
    slots: SlotMetrics
    outcomes: OutcomeMetrics
    mismatches: tuple[Mismatch, ...]
    """In gold-file order, then turn; conversation-level fields come first within a conversation."""

    def mismatched_ids(self) -> list[str]:
        return list(dict.fromkeys(m.conversation_id for m in self.mismatches))

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversations": self.conversations,
            "labels": {kind: metrics.to_dict() for kind, metrics in self.labels.items()},
            "slots": self.slots.to_dict(),
            "outcomes": self.outcomes.to_dict(),
            "mismatches": [m.to_dict() for m in self.mismatches],
        }


@dataclass(frozen=True)
class TurnPair:
    """One visitor message's gold and predicted labels; `turn` is its index in the gold turns."""

    conversation_id: str
    turn: int
    gold: Labels
    predicted: Labels


def pair_turns(gold: Sequence[Conversation], predicted: Sequence[Conversation]) -> list[TurnPair]:
    """Visitor turns of gold and prediction side by side; raises if the files do not line up."""
    by_id = {c.id: c for c in predicted}
    missing = [c.id for c in gold if c.id not in by_id]
    extra = sorted(set(by_id) - {c.id for c in gold})
    if missing or extra:
        raise ValueError(f"gold and predictions differ: no prediction for {missing}, no gold for {extra}")
    pairs: list[TurnPair] = []
    for conversation in gold:
        gold_turns = [(i, t) for i, t in enumerate(conversation.turns) if t.role == "visitor"]
        predicted_turns = by_id[conversation.id].visitor_turns
        if [t.text for _, t in gold_turns] != [t.text for t in predicted_turns]:
            raise ValueError(f"{conversation.id}: visitor messages differ between gold and prediction")
        pairs.extend(
            TurnPair(conversation.id, index, _labels(g), _labels(p))
            for (index, g), p in zip(gold_turns, predicted_turns, strict=True)
        )
    return pairs


def _labels(turn: TranscriptTurn) -> Labels:
    return turn.labels if turn.labels is not None else Labels()


def label_metrics(pairs: Sequence[TurnPair], kind: LabelKind) -> KindMetrics:
    counts = {label: Counts() for label in LABEL_VOCABULARY[kind]}
    for pair in pairs:
        gold, predicted = set(getattr(pair.gold, kind)), set(getattr(pair.predicted, kind))
        for label in gold & predicted:
            counts[label] += Counts(tp=1)
        for label in predicted - gold:
            counts[label] += Counts(fp=1)
        for label in gold - predicted:
            counts[label] += Counts(fn=1)
    return KindMetrics(kind, counts)


def _same(gold: SlotValue, predicted: SlotValue) -> bool:
    if isinstance(gold, str) and isinstance(predicted, str):
        return gold.strip().casefold() == predicted.strip().casefold()
    return type(gold) is type(predicted) and gold == predicted


def _agree(gold: SlotValue | None, predicted: SlotValue | None) -> bool:
    if gold is None or predicted is None:
        return gold is predicted
    return _same(gold, predicted)


def slot_metrics(pairs: Sequence[TurnPair]) -> SlotMetrics:
    per_slot: dict[SlotName, SlotCounts] = {}
    for name in SLOT_NAMES:
        gold_n = predicted_n = correct = wrong = 0
        examples: list[SlotConfusion] = []
        for pair in pairs:
            gold, predicted = pair.gold.slots.stated().get(name), pair.predicted.slots.stated().get(name)
            gold_n += gold is not None
            predicted_n += predicted is not None
            if gold is None or predicted is None:
                continue
            if _same(gold, predicted):
                correct += 1
            else:
                wrong += 1
                if len(examples) < CONFUSION_EXAMPLES:
                    examples.append(SlotConfusion(pair.conversation_id, pair.turn, gold, predicted))
        per_slot[name] = SlotCounts(gold_n, predicted_n, correct, wrong, tuple(examples))
    return SlotMetrics(per_slot)


def _outcome_pairs(
    gold: Sequence[Conversation], predicted: Sequence[Conversation]
) -> Iterator[tuple[str, Outcome, Outcome]]:
    by_id = {c.id: c.predicted for c in predicted}
    for conversation in gold:
        prediction = by_id.get(conversation.id)
        if conversation.gold is not None and prediction is not None:
            yield conversation.id, conversation.gold, prediction


def outcome_metrics(gold: Sequence[Conversation], predicted: Sequence[Conversation]) -> OutcomeMetrics:
    confusion = [[0] * len(TIERS) for _ in TIERS]
    correct = dict.fromkeys(("tier", *OUTCOME_FIELDS), 0)
    conversations = 0
    for _, g, p in _outcome_pairs(gold, predicted):
        conversations += 1
        confusion[TIERS.index(g.tier)][TIERS.index(p.tier)] += 1
        for field in correct:
            correct[field] += getattr(g, field) == getattr(p, field)
    return OutcomeMetrics(conversations, tuple(tuple(row) for row in confusion), correct)


def _mismatches(
    gold: Sequence[Conversation], predicted: Sequence[Conversation], pairs: Sequence[TurnPair]
) -> tuple[Mismatch, ...]:
    found: dict[str, list[Mismatch]] = {c.id: [] for c in gold}
    for conversation_id, g, p in _outcome_pairs(gold, predicted):
        found[conversation_id].extend(
            Mismatch(conversation_id, field, getattr(g, field), getattr(p, field))
            for field in ("tier", *OUTCOME_FIELDS)
            if getattr(g, field) != getattr(p, field)
        )
    for pair in pairs:
        for kind in LABEL_VOCABULARY:
            g_labels, p_labels = (
                sorted(set(getattr(pair.gold, kind))),
                sorted(set(getattr(pair.predicted, kind))),
            )
            if g_labels != p_labels:
                found[pair.conversation_id].append(
                    Mismatch(pair.conversation_id, kind, g_labels, p_labels, pair.turn)
                )
        g_slots, p_slots = pair.gold.slots.stated(), pair.predicted.slots.stated()
        for name in SLOT_NAMES:
            g_value, p_value = g_slots.get(name), p_slots.get(name)
            if not _agree(g_value, p_value):
                found[pair.conversation_id].append(
                    Mismatch(pair.conversation_id, f"slots.{name}", g_value, p_value, pair.turn)
                )
    return tuple(m for conversation in gold for m in found[conversation.id])


def evaluate(gold: Sequence[Conversation], predicted: Sequence[Conversation]) -> EvalReport:
    """Score `predicted` (a prediction file's conversations) against `gold`; both must hold the same ids."""
    pairs = pair_turns(gold, predicted)
    return EvalReport(
        conversations=len(gold),
        labels={kind: label_metrics(pairs, kind) for kind in LABEL_VOCABULARY},
        slots=slot_metrics(pairs),
        outcomes=outcome_metrics(gold, predicted),
        mismatches=_mismatches(gold, predicted, pairs),
    )
