"""The operator's side: the queue, taking over, writing to the visitor, handing back."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tools.crm import CrmService
from tools.handoff import Handoff, HandoffError, HandoffNotFound, HandoffService, HandoffStarted


@pytest.fixture
def requested(handoffs: HandoffService, midmarket: Any, now: datetime) -> Handoff:
    outcome = handoffs.start("conv1", "sales", midmarket.summary, now)
    assert isinstance(outcome, HandoffStarted)
    return outcome.handoff


@pytest.fixture
def live(handoffs: HandoffService, requested: Handoff, now: datetime) -> Handoff:
    return handoffs.take_over(requested.id, "Maya", now + timedelta(minutes=1))


def test_the_queue_lists_waiting_handoffs_with_their_summary(
    handoffs: HandoffService, midmarket: Any, enterprise: Any, now: datetime
) -> None:
    first = handoffs.start("conv1", "sales", midmarket.summary, now)
    second = handoffs.start("big", "sales", enterprise.summary, now + timedelta(minutes=1))
    assert isinstance(first, HandoffStarted) and isinstance(second, HandoffStarted)
    handoffs.take_over(second.handoff.id, "Tom", now + timedelta(minutes=2))
    handoffs.start("help", "support", enterprise.summary, now + timedelta(minutes=3))

    pending = handoffs.pending()

    assert [h.conversation_id for h in pending] == ["conv1", "help"]  # the longest-waiting first
    summary = pending[0].read_summary()
    assert (summary.tier, summary.who.name) == ("L2", "Jane")
    assert any(q.text == "talk to a person" for q in summary.evidence)
    assert [h.conversation_id for h in handoffs.list()] == ["help", "big", "conv1"]  # newest first
    assert [h.conversation_id for h in handoffs.list("live")] == ["big"]


def test_taking_over_makes_the_handoff_live(
    handoffs: HandoffService, requested: Handoff, now: datetime
) -> None:
    at = now + timedelta(minutes=1)

    live = handoffs.take_over(requested.id, "Maya", at)

    assert (live.status, live.taken_by, live.taken_at) == ("live", "Maya", at)
    active = handoffs.active("conv1")
    assert active is not None and active.status == "live"
    assert handoffs.pending() == []


def test_taking_over_twice_is_harmless_but_another_operator_cannot_snatch_it(
    handoffs: HandoffService, live: Handoff, now: datetime
) -> None:
    again = handoffs.take_over(live.id, "Maya", now + timedelta(minutes=5))

    assert (again.taken_by, again.taken_at) == ("Maya", live.taken_at)
    with pytest.raises(HandoffError, match="live with Maya"):
        handoffs.take_over(live.id, "Priya", now + timedelta(minutes=5))


def test_sending_stores_the_text_as_typed_for_the_widget(
    handoffs: HandoffService, live: Handoff, now: datetime
) -> None:
    text = "Hi Jane, Maya here <b>not bold</b> & no script: <script>x()</script>"

    message = handoffs.send(live.id, "Maya", text, now + timedelta(minutes=2))

    assert (message.conversation_id, message.author, message.text) == ("conv1", "Maya", text)
    assert [m.text for m in handoffs.messages_since("conv1")] == [text]


def test_the_widget_polls_for_messages_after_the_last_it_showed(
    handoffs: HandoffService, live: Handoff, now: datetime
) -> None:
    first = handoffs.send(live.id, "Maya", "one", now)
    second = handoffs.send(live.id, "Maya", "two", now)
    third = handoffs.send(live.id, "Maya", "three", now)

    assert [m.id for m in handoffs.messages_since("conv1", after_id=first.id)] == [second.id, third.id]
    assert handoffs.messages_since("conv1", after_id=third.id) == []
    assert handoffs.messages_since("other") == []
    assert [m.text for m in handoffs.messages_since("conv1", limit=2)] == ["one", "two"]


def test_a_retried_send_with_the_same_client_id_is_stored_once(
    handoffs: HandoffService, live: Handoff, now: datetime
) -> None:
    first = handoffs.send(live.id, "Maya", "hello", now, client_message_id="m1")
    retry = handoffs.send(live.id, "Maya", "hello", now, client_message_id="m1")
    other = handoffs.send(live.id, "Maya", "hello", now, client_message_id="m2")

    assert retry.id == first.id != other.id
    assert len(handoffs.messages_since("conv1")) == 2


def test_nothing_can_be_sent_before_taking_over_or_after_handing_back(
    handoffs: HandoffService, requested: Handoff, now: datetime
) -> None:
    with pytest.raises(HandoffError, match="requested: take it over"):
        handoffs.send(requested.id, "Maya", "hi", now)
    handoffs.take_over(requested.id, "Maya", now)
    handoffs.hand_back(requested.id, "Maya", now)
    with pytest.raises(HandoffError, match="ended"):
        handoffs.send(requested.id, "Maya", "hi", now)
    assert handoffs.messages_since("conv1") == []


@pytest.mark.parametrize("text", ["", "   \n", "x" * 4001])
def test_an_empty_or_huge_message_is_refused(
    handoffs: HandoffService, live: Handoff, now: datetime, text: str
) -> None:
    with pytest.raises(HandoffError):
        handoffs.send(live.id, "Maya", text, now)


def test_handing_back_ends_the_handoff_and_the_bot_may_talk_again(
    handoffs: HandoffService, live: Handoff, now: datetime
) -> None:
    at = now + timedelta(minutes=10)

    ended = handoffs.hand_back(live.id, "Maya", at)

    assert (ended.status, ended.ended_at, ended.ended_by, ended.taken_by) == ("ended", at, "Maya", "Maya")
    assert handoffs.active("conv1") is None
    again = handoffs.hand_back(live.id, "Maya", at + timedelta(minutes=1))
    assert again.ended_at == at


def test_a_requested_handoff_can_be_handed_back_without_taking_it(
    handoffs: HandoffService, requested: Handoff, now: datetime
) -> None:
    ended = handoffs.hand_back(requested.id, "Priya", now)

    assert (ended.status, ended.taken_by, ended.ended_by) == ("ended", None, "Priya")
    with pytest.raises(HandoffError, match="it is ended"):
        handoffs.take_over(requested.id, "Priya", now)


def test_every_transition_is_audited_once(
    handoffs: HandoffService, crm: CrmService, requested: Handoff, now: datetime
) -> None:
    handoffs.take_over(requested.id, "Maya", now)
    handoffs.take_over(requested.id, "Maya", now)
    handoffs.hand_back(requested.id, "Maya", now)
    handoffs.hand_back(requested.id, "Maya", now)

    log = [a for a in crm.audit_log("conv1") if a.action.startswith("handoff:")]

    assert [a.action for a in log] == [f"handoff:{requested.id}:{s}" for s in ("requested", "live", "ended")]
    assert (log[1].reason, log[1].details["operator"]) == ("taken over by Maya", "Maya")
    assert log[2].details["status"] == "ended"


def test_unknown_handoffs_and_blank_operator_names_are_errors(
    handoffs: HandoffService, requested: Handoff, now: datetime
) -> None:
    for action in (
        lambda: handoffs.take_over(999, "Maya", now),
        lambda: handoffs.send(999, "Maya", "hi", now),
        lambda: handoffs.hand_back(999, "Maya", now),
        lambda: handoffs.get(999),
    ):
        with pytest.raises(HandoffNotFound):
            action()
    with pytest.raises(HandoffError, match="operator name"):
        handoffs.take_over(requested.id, "  ", now)
    assert handoffs.get(requested.id).status == "requested"


def test_erasing_removes_what_identifies_the_visitor(
    handoffs: HandoffService, live: Handoff, now: datetime
) -> None:
    handoffs.send(live.id, "Maya", "Hi Jane!", now)

    handoffs.erase("conv1", now)

    assert handoffs.messages_since("conv1") == []
    summary = handoffs.get(live.id).read_summary()
    assert summary.who.label == "a visitor" and summary.who.segment == "midmarket"
    assert (summary.evidence, summary.transcript, summary.open_question) == ((), (), None)
    assert "Jane" not in str(handoffs.get(live.id).summary)
    assert summary.tier == "L2"
