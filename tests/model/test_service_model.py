"""A conversation through ConversationService with the model engine: at most two calls a turn,
usage stored and reported, and a model that fails or misbehaves never breaks the conversation."""

from __future__ import annotations

from pathlib import Path

from model_kit import (
    AFTER_HOURS,
    FakeServer,
    analysis,
    cooperative,
    draft_of,
    engines_on,
    json_reply,
    model_service,
    start,
    stream_reply,
)
from sqlalchemy import select

from agent.model.client import ModelError
from agent.model.double import ScriptedModel
from agent.model.setup import Engines
from agent.model.store import ModelCallRow
from agent.model.writer import TemplateWriter
from agent.profile import CompanyProfile
from agent.service import TurnOutcome
from agent.understanding.engine import RulesEngine

VISITOR = [
    "hi, we're a 120-person fintech and our attribution is a mess",
    "I run marketing. does it integrate with hubspot?",
    "what would growth cost us for 10 seats?",
    "ok, and how long is the trial?",
]


def rules_replies(profile: CompanyProfile, folder: Path, messages: list[str]) -> list[str]:
    engines = Engines(kind="rules", engine=RulesEngine(profile), writer=TemplateWriter())
    with model_service(profile, folder, engines) as svc:
        chat = start(svc)
        return [text_of(chat.say(m)) for m in messages]


def text_of(outcome: TurnOutcome) -> str:
    assert outcome.reply is not None, "no reply"
    return outcome.reply.text


def test_two_calls_per_turn_with_usage_stored(profile: CompanyProfile, tmp_path: Path) -> None:
    model = ScriptedModel(*([cooperative] * 2 * len(VISITOR)))
    with model_service(profile, tmp_path, engines_on(model, profile)) as svc:
        chat = start(svc)
        for text in VISITOR:
            out = chat.say(text)
            assert not out.degraded
            assert out.usage.calls == 2 and out.usage.fallbacks == 0
            assert out.usage.prompt_tokens > 0 and out.usage.completion_tokens > 0
            assert out.reply is not None and out.reply.text.startswith("Happy to help!")
        total = svc.usage(chat.cid)
        assert chat.outcomes[-1].conversation_usage == total
        assert total.calls == 2 * len(VISITOR)
        assert total.prompt_tokens == sum(o.usage.prompt_tokens for o in chat.outcomes)
        assert total.cost_usd > 0
        with svc.sessions() as s:
            rows = list(s.scalars(select(ModelCallRow).where(ModelCallRow.conversation_id == chat.cid)))
        assert [r.purpose for r in rows] == ["understand", "reply"] * len(VISITOR)
        assert {r.message_id for r in rows} == {o.message_id for o in chat.outcomes}
    model.assert_consumed()
    assert [r.purpose for r in model.requests] == ["understand", "reply"] * len(VISITOR)


def test_a_failing_model_never_breaks_the_conversation(profile: CompanyProfile, tmp_path: Path) -> None:
    expected = rules_replies(profile, tmp_path / "rules", VISITOR)
    errors = [ModelError("timeout", "timed out"), ModelError("status", "HTTP 503", 503)]
    model = ScriptedModel(*(errors * len(VISITOR)))
    (tmp_path / "model").mkdir()
    with model_service(profile, tmp_path / "model", engines_on(model, profile)) as svc:
        chat = start(svc)
        replies = [text_of(chat.say(m)) for m in VISITOR]
        assert not any(o.degraded for o in chat.outcomes)
        assert all(o.usage.fallbacks == 2 for o in chat.outcomes)
        assert svc.usage(chat.cid).fallbacks == 2 * len(VISITOR)
    assert replies == expected
    model.assert_consumed()


def test_guard_violations_send_the_template(profile: CompanyProfile, tmp_path: Path) -> None:
    """Through the real client: a streamed reply that invents a price or a plan is not sent."""
    messages = VISITOR[:3]
    expected = rules_replies(profile, tmp_path / "rules", messages)
    server = FakeServer().then(
        json_reply(analysis()),
        stream_reply("Great! Our Pro plan is $29/month. How big is the team?"),
        json_reply(analysis()),
        stream_reply("Yes, and we also integrate with Pipedrive and Zoho. Want a demo?"),
        json_reply(analysis()),
        stream_reply("Growth is $399 a month, but I can do 30% off today!"),
    )
    (tmp_path / "model").mkdir()
    with model_service(profile, tmp_path / "model", engines_on(server.client(), profile)) as svc:
        chat = start(svc)
        replies = [text_of(chat.say(m)) for m in messages]
        assert all(o.usage.calls == 2 and o.usage.fallbacks == 1 for o in chat.outcomes)
    assert replies == expected
    assert len(server.requests) == 6


def test_a_good_model_reply_is_sent_with_the_drafts_quick_replies(
    profile: CompanyProfile, tmp_path: Path
) -> None:
    messages = ["we're 120 people in fintech, I run marketing, our attribution is a mess"]
    expected = rules_replies(profile, tmp_path / "rules", messages)
    (tmp_path / "model").mkdir()
    model = ScriptedModel(cooperative, lambda req: "Love that. " + draft_of(req))
    with model_service(profile, tmp_path / "model", engines_on(model, profile)) as svc:
        chat = start(svc)
        out = chat.say(messages[0])
    assert out.reply is not None and out.reply.text == "Love that. " + expected[0]
    model.assert_consumed()


def test_live_person_after_hours_is_refused(profile: CompanyProfile, tmp_path: Path) -> None:
    msg = "can I talk to a person? we're a 300-person software company, I'm the CMO"
    model = ScriptedModel(analysis(), "Absolutely, a rep is online right now and will join the chat!")
    with model_service(profile, tmp_path, engines_on(model, profile)) as svc:
        chat = start(svc, now=AFTER_HOURS)
        out = chat.say(msg)
    assert out.reply is not None and "online right now" not in out.reply.text
    assert out.usage.fallbacks == 1
    model.assert_consumed()


def test_an_opt_out_is_confirmed_in_the_templates_words(profile: CompanyProfile, tmp_path: Path) -> None:
    model = ScriptedModel(analysis())  # understanding only: no reply call for an opt-out
    with model_service(profile, tmp_path, engines_on(model, profile)) as svc:
        chat = start(svc)
        out = chat.say("please stop messaging me and delete my data")
    assert out.move == "opt_out"
    assert out.usage.calls == 1
    model.assert_consumed()


def test_content_free_messages_make_no_understanding_call(profile: CompanyProfile, tmp_path: Path) -> None:
    model = ScriptedModel(cooperative)  # the reply only
    with model_service(profile, tmp_path, engines_on(model, profile)) as svc:
        chat = start(svc)
        out = chat.say("hi")
    assert [r.purpose for r in model.requests] == ["reply"]
    assert out.usage.calls == 1
    model.assert_consumed()


def test_the_rules_engine_makes_no_model_calls(profile: CompanyProfile, tmp_path: Path) -> None:
    engines = Engines(kind="rules", engine=RulesEngine(profile), writer=TemplateWriter())
    with model_service(profile, tmp_path, engines) as svc:
        chat = start(svc)
        out = chat.say(VISITOR[0])
        assert out.usage.calls == 0 and out.conversation_usage is None
        assert svc.usage(chat.cid).calls == 0


def test_an_engine_brings_its_reply_writer(profile: CompanyProfile, tmp_path: Path) -> None:
    """A caller that passes only the engine (a replay) gets the model's replies too."""
    from agent.service import open_service

    model = ScriptedModel(cooperative, cooperative)
    engine = engines_on(model, profile).engine
    with open_service(profile, "sqlite:///:memory:", ":memory:", engine) as svc:
        chat = start(svc)
        out = chat.say(VISITOR[0])
    assert out.reply is not None and out.reply.text.startswith("Happy to help!")
    model.assert_consumed()
