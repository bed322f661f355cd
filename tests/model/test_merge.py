"""The merge rule: evidence or nothing, the rules' gates hold, labels are a union, the rules win slots."""

from __future__ import annotations

import pytest

from agent.model.merge import find_quote, merge, slot_value
from agent.model.schema import (
    IntentItem,
    MalformedOutput,
    ModelAnalysis,
    ObjectionItem,
    SignalItem,
    SlotItem,
    parse_analysis,
)
from agent.profile import CompanyProfile
from agent.understanding.engine import RulesEngine, TurnInput


def run(profile: CompanyProfile, message: str, model: ModelAnalysis, **turn: object):  # type: ignore[no-untyped-def]
    t = TurnInput(message=message, **turn)  # type: ignore[arg-type]
    return merge(RulesEngine(profile).analyze(t), model, t)


def test_find_quote_ignores_case_and_spacing() -> None:
    msg = "We need it   LIVE before Q1."
    assert find_quote(msg, "live before q1") == (13, 27)
    assert find_quote(msg, '"we need it live before Q1."') == (0, 28)
    assert find_quote(msg, "before Q2") is None
    assert find_quote(msg, "") is None


def test_model_labels_are_added_with_their_evidence(profile: CompanyProfile) -> None:
    msg = "honestly our board wants numbers by march so we're moving fast"
    model = ModelAnalysis(signals=(SignalItem(label="timeline", quote="wants numbers by march"),))
    merged, stats = run(profile, msg, model)
    hit = next(h for h in merged.signals if h.label == "timeline")
    assert hit.source in ("model", "rules")
    assert msg[hit.evidence.start : hit.evidence.end] == hit.evidence.quote
    assert stats.unquoted == 0


def test_items_without_a_quote_in_the_message_are_dropped(profile: CompanyProfile) -> None:
    model = ModelAnalysis(
        signals=(SignalItem(label="champion", quote="my CFO will decide"),),
        objections=(ObjectionItem(label="price_shock", quote="too expensive"),),
    )
    merged, stats = run(profile, "tell me more about attribution", model)
    assert merged.signal_set == frozenset() and merged.objection_set == frozenset()
    assert stats.unquoted == 2


def test_the_rules_evidence_is_kept_for_a_label_both_found(profile: CompanyProfile) -> None:
    msg = "does it integrate with salesforce?"
    rules = RulesEngine(profile).analyze(TurnInput(message=msg))
    assert "forward_question" in rules.signal_set
    model = ModelAnalysis(signals=(SignalItem(label="forward_question", quote="salesforce"),))
    merged, _ = merge(rules, model, TurnInput(message=msg))
    assert merged.signals == rules.signals


def test_nothing_is_added_to_a_message_without_content(profile: CompanyProfile) -> None:
    model = ModelAnalysis(intents=(IntentItem(label="meeting_accept", quote="thanks"),))
    merged, stats = run(profile, "thanks!", model)
    assert merged.intent_set == frozenset()
    assert stats.gated == 1


def test_no_buying_signals_in_a_support_conversation(profile: CompanyProfile) -> None:
    msg = "I can't log in to my account and we renew next month"
    model = ModelAnalysis(
        signals=(SignalItem(label="timeline", quote="we renew next month"),),
        intents=(IntentItem(label="support", quote="I can't log in to my account"),),
    )
    merged, _ = run(profile, msg, model)
    assert "support" in merged.intent_set
    assert "timeline" not in merged.signal_set


def test_opposite_intents_never_both_stand(profile: CompanyProfile) -> None:
    model = ModelAnalysis(
        intents=(
            IntentItem(label="meeting_accept", quote="tuesday"),
            IntentItem(label="meeting_decline", quote="not this week"),
        )
    )
    merged, _ = run(profile, "not this week, maybe tuesday after", model)
    assert (
        not merged.intent_set
        & {"meeting_accept", "meeting_decline"}
        - RulesEngine(profile).analyze(TurnInput(message="not this week, maybe tuesday after")).intent_set
    )


def test_slots_rules_win_and_the_model_fills_gaps(profile: CompanyProfile) -> None:
    msg = "we're 200 people and the thing we sell is a bit niche"
    rules = RulesEngine(profile).analyze(TurnInput(message=msg))
    rules_size = rules.slot("company_size")
    assert rules_size is not None and rules_size.value == 200
    assert rules.slot("industry") is None
    model = ModelAnalysis(
        slots=(
            SlotItem(slot="company_size", value="250", quote="we're 200 people"),
            SlotItem(slot="industry", value="software", quote="the thing we sell"),
        )
    )
    merged, stats = merge(rules, model, TurnInput(message=msg))
    assert merged.slot("company_size") == rules_size
    industry = merged.slot("industry")
    assert industry is not None and industry.value == "software" and industry.source == "model"
    assert stats.added == 1


@pytest.mark.parametrize(
    ("item", "value"),
    [
        (SlotItem(slot="company_size", value="~1.2k", quote="around 1.2k staff"), 1200),
        (SlotItem(slot="company_size", value="50-100", quote="around 1.2k staff"), 75),
        (SlotItem(slot="company_size", value="lots", quote="around 1.2k staff"), None),
        (SlotItem(slot="industry", value="Real Estate", quote="around 1.2k staff"), "real_estate"),
        (SlotItem(slot="industry", value="crypto", quote="around 1.2k staff"), None),
        (SlotItem(slot="role", value="CMO", quote="around 1.2k staff"), None),
        (SlotItem(slot="problem", value="true", quote="around 1.2k staff"), True),
        (SlotItem(slot="email", value="not@typed.example", quote="around 1.2k staff"), None),
    ],
)
def test_model_slot_values_must_be_valid(item: SlotItem, value: object) -> None:
    assert slot_value(item, "hello there, we have around 1.2k staff") == value


def test_a_known_role_is_not_replaced_by_the_model(profile: CompanyProfile) -> None:
    model = ModelAnalysis(slots=(SlotItem(slot="role", value="finance", quote="our finance lead"),))
    merged, stats = run(profile, "our finance lead wants a look", model, known_role="marketing")
    assert merged.slot("role") is None
    assert stats.gated == 1


def test_parse_is_lenient_per_item_and_strict_on_the_whole() -> None:
    parsed = parse_analysis(
        '{"signals": [{"label": "timeline", "quote": "by march"}, {"label": "urgent", "quote": "x"}],'
        ' "objections": [], "intents": [], "slots": [{"slot": "budget", "value": "1", "quote": "1"}]}'
    )
    assert [s.label for s in parsed.signals] == ["timeline"]
    assert parsed.dropped == 2
    for bad in ("nope", "[]", '{"answer": 1}', '{"signals": "timeline"}'):
        with pytest.raises(MalformedOutput):
            parse_analysis(bad)
