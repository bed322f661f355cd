"""Invariants of a turn (DESIGN.md section 7): a visitor's message is stored before it is answered,
a failed turn degrades to a safe reply without breaking the conversation, a retried message is
answered once, and bad input is refused with nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conversation_kit import IN_HOURS, StartChat, service_at, start_chat_on

from agent.profile import CompanyProfile
from agent.service import (
    FALLBACK_REPLY,
    MAX_MESSAGE_CHARS,
    ConversationService,
    InvalidMessage,
    UnknownConversation,
)
from agent.understanding.analysis import TurnAnalysis
from agent.understanding.engine import RulesEngine, TurnInput


class BrokenEngine:
    """An understanding engine that fails its first `failures` calls, then works."""

    name = "broken"

    def __init__(self, profile: CompanyProfile, failures: int) -> None:
        self.rules = RulesEngine(profile)
        self.failures = failures
        self.calls = 0

    def analyze(self, turn: TurnInput) -> TurnAnalysis:
        self.calls += 1
        if self.calls <= self.failures:
            raise RuntimeError("the engine is down")
        return self.rules.analyze(turn)


@pytest.fixture
def flaky(profile: CompanyProfile, tmp_path: Path) -> Iterator[tuple[ConversationService, BrokenEngine]]:
    engine = BrokenEngine(profile, failures=1)
    with service_at(profile, tmp_path, engine) as svc:
        yield svc, engine


def test_a_failed_turn_keeps_the_message_and_answers_with_the_fallback(
    flaky: tuple[ConversationService, BrokenEngine], caplog: pytest.LogCaptureFixture
) -> None:
    svc, engine = flaky
    chat = start_chat_on(svc)("pricing")
    outcome = chat.say("we are a 60 person fintech, i run marketing")
    assert engine.calls == 1
    assert outcome.degraded
    assert outcome.reply is not None and outcome.reply.text == FALLBACK_REPLY
    rows = svc.messages(chat.cid)
    visitor = [r for r in rows if r.role == "visitor"]
    assert [r.text for r in visitor] == ["we are a 60 person fintech, i run marketing"]
    assert visitor[0].id == outcome.message_id
    # The fallback is stored as the answer to that message.
    answer = [r for r in rows if r.reply_to == outcome.message_id]
    assert [r.text for r in answer] == [FALLBACK_REPLY]
    assert "turn failed" in caplog.text


def test_the_conversation_goes_on_after_a_failed_turn(
    flaky: tuple[ConversationService, BrokenEngine],
) -> None:
    svc, _ = flaky
    chat = start_chat_on(svc)("pricing")
    assert chat.say("we are a 60 person fintech, i run marketing").degraded
    outcome = chat.say("we are a 60 person fintech, i run marketing")
    assert not outcome.degraded
    assert outcome.move == "ask" and outcome.icp_fit == "fit"


def test_the_message_is_stored_before_the_engine_sees_it(profile: CompanyProfile, tmp_path: Path) -> None:
    seen: list[list[str]] = []

    class Watching(BrokenEngine):
        def analyze(self, turn: TurnInput) -> TurnAnalysis:
            seen.append([r.text for r in svc.messages(cid) if r.role == "visitor"])
            return super().analyze(turn)

    with service_at(profile, tmp_path, Watching(profile, failures=0)) as svc:
        cid = start_chat_on(svc)("pricing").cid
        svc.post(cid, "hello, how does pricing work?", IN_HOURS)
    assert seen == [["hello, how does pricing work?"]]


def test_a_retried_message_is_answered_once(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    first = chat.say("we are a 60 person fintech, i run marketing", client_message_id="m-1")
    again = chat.say("we are a 60 person fintech, i run marketing", client_message_id="m-1")
    assert not first.duplicate and again.duplicate
    assert again.reply == first.reply
    assert (again.message_id, again.reply_id) == (first.message_id, first.reply_id)
    rows = chat.svc.messages(chat.cid)
    assert [r.role for r in rows] == ["agent", "visitor", "agent"]
    assert chat.lead.visitor_messages == 1
    # A new client id is a new message.
    third = chat.say("we are a 60 person fintech, i run marketing", client_message_id="m-2")
    assert not third.duplicate
    assert chat.lead.visitor_messages == 2


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\t", "x" * (MAX_MESSAGE_CHARS + 1)], ids=["empty", "spaces", "blank", "too-long"]
)
def test_bad_input_is_refused_and_nothing_is_stored(start_chat: StartChat, text: str) -> None:
    chat = start_chat("pricing")
    chat.say("hi, how does pricing work?")
    rows_before = [r.id for r in chat.svc.messages(chat.cid)]
    transcript_before = chat.state.get("transcript")
    with pytest.raises(InvalidMessage):
        chat.svc.post(chat.cid, text, chat.now)
    assert [r.id for r in chat.svc.messages(chat.cid)] == rows_before
    assert chat.state.get("transcript") == transcript_before


def test_a_message_of_the_maximum_length_is_accepted(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    outcome = chat.say("a" * MAX_MESSAGE_CHARS)
    assert outcome.reply is not None and not outcome.degraded


def test_an_unknown_conversation_is_refused_and_nothing_is_stored(service: ConversationService) -> None:
    with pytest.raises(UnknownConversation):
        service.post("no-such-conversation", "hello", IN_HOURS)
    assert service.messages("no-such-conversation") == []


def test_the_transcript_grows_by_one_entry_per_message(start_chat: StartChat) -> None:
    chat = start_chat("pricing")
    messages = ["we are about 60 people", "i run marketing", "fintech", "we can't see what drives pipeline"]
    for n, text in enumerate(messages, start=1):
        chat.say(text)
        transcript = chat.state.get("transcript", [])
        assert len(transcript) == 1 + 2 * n
    roles = [t.role for t in chat.state.get("transcript", [])]
    assert roles == ["agent"] + ["visitor", "agent"] * len(messages)
    stored = [r.text for r in chat.svc.messages(chat.cid)]
    assert [t.text for t in chat.state.get("transcript", [])] == stored
