"""The real `openai` client against a mock transport: what is sent, what is parsed, what is retried,
and what happens when the model fails (the rules engine or the template answers)."""

from __future__ import annotations

import json

import pytest
from model_kit import FakeServer, analysis, json_reply, status, stream_reply, timeout, words

from agent.context import Turn
from agent.model.client import ChatMessage, ModelError, ModelRequest
from agent.model.config import ModelConfig
from agent.model.schema import analysis_schema
from agent.model.understand import ModelEngine
from agent.model.usage import metering
from agent.profile import CompanyProfile
from agent.understanding.engine import RulesEngine, TurnInput


def _request(**kw: object) -> ModelRequest:
    base: dict[str, object] = {
        "purpose": "understand",
        "model": "gpt-4o-mini",
        "messages": (ChatMessage("system", "sys"), ChatMessage("user", "hi")),
        "max_tokens": 50,
    }
    return ModelRequest(**{**base, **kw})  # type: ignore[arg-type]


def test_json_schema_mode_request_shape() -> None:
    server = FakeServer().then(json_reply('{"ok": true}'))
    response = server.client().complete(_request(schema=analysis_schema(), schema_name="turn_analysis"))
    (body,) = server.bodies()
    assert server.requests[0].url.path == "/v1/chat/completions"
    assert server.requests[0].headers["authorization"] == "Bearer test-key"
    assert body["model"] == "gpt-4o-mini"
    assert body["messages"] == [{"role": "system", "content": "sys"}, {"role": "user", "content": "hi"}]
    assert body["max_tokens"] == 50
    assert "stream" not in body or body["stream"] is False
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "turn_analysis"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"] == analysis_schema()
    assert response.text == '{"ok": true}'
    assert (response.reported_prompt_tokens, response.reported_completion_tokens) == (11, 7)


def test_json_object_mode_sends_the_schema_for_grammar_servers() -> None:
    server = FakeServer().then(json_reply("{}"))
    server.client().complete(_request(schema=analysis_schema(), structured_mode="json_object"))
    fmt = server.bodies()[0]["response_format"]
    assert fmt == {"type": "json_object", "schema": analysis_schema()}


def test_json_object_mode_puts_the_schema_in_the_prompt(profile: CompanyProfile) -> None:
    server = FakeServer().then(json_reply(analysis()))
    engine = ModelEngine(server.client(), profile, ModelConfig(structured_mode="json_object"))
    engine.analyze(TurnInput(message="we are looking at attribution tools"))
    body = server.bodies()[0]
    system = body["messages"][0]["content"]
    assert '"additionalProperties":false' in system
    assert "JSON schema" in system
    # The grammar gets length limits, so a small model cannot write one quote forever.
    assert body["response_format"] == {"type": "json_object", "schema": analysis_schema(bounded=True)}
    assert '"maxLength":80' in system
    # In json_schema mode the server enforces the schema, so the prompt doesn't repeat it, and the
    # schema keeps to what strict mode accepts.
    server2 = FakeServer().then(json_reply(analysis()))
    ModelEngine(server2.client(), profile).analyze(TurnInput(message="we are looking at attribution tools"))
    body2 = server2.bodies()[0]
    assert '"additionalProperties"' not in body2["messages"][0]["content"]
    assert body2["response_format"]["json_schema"]["schema"] == analysis_schema()
    assert "maxLength" not in json.dumps(analysis_schema())


def test_max_completion_tokens_for_newer_models() -> None:
    server = FakeServer().then(json_reply("x"))
    client = server.client()
    client._max_tokens_param = "max_completion_tokens"
    client.complete(_request())
    body = server.bodies()[0]
    assert body["max_completion_tokens"] == 50 and "max_tokens" not in body


def test_streaming_is_parsed_delta_by_delta() -> None:
    text = "Growth is $399 a month for up to 25 seats."
    server = FakeServer().then(stream_reply(text))
    seen: list[str] = []
    response = server.client().complete(_request(purpose="reply", stream=True), seen.append)
    assert server.bodies()[0]["stream"] is True
    assert "response_format" not in server.bodies()[0]
    assert response.text == text
    assert seen == words(text)
    assert response.finish_reason == "stop"


@pytest.mark.parametrize("code", [429, 500, 503])
def test_rate_limits_and_server_errors_are_retried(code: int) -> None:
    server = FakeServer().then(status(code), json_reply("fine"))
    assert server.client(max_retries=2).complete(_request()).text == "fine"
    assert len(server.requests) == 2


def test_retries_are_bounded() -> None:
    server = FakeServer().then(status(500), status(500), status(500), json_reply("too late"))
    with pytest.raises(ModelError) as err:
        server.client(max_retries=2).complete(_request())
    assert err.value.kind == "status" and err.value.status == 500
    assert len(server.requests) == 3  # the first try and two retries


def test_a_client_error_is_not_retried() -> None:
    server = FakeServer().then(status(400), json_reply("never"))
    with pytest.raises(ModelError):
        server.client().complete(_request())
    assert len(server.requests) == 1


def test_rate_limit_after_retries_is_a_model_error() -> None:
    server = FakeServer().then(status(429), status(429))
    with pytest.raises(ModelError) as err:
        server.client(max_retries=1).complete(_request())
    assert err.value.kind == "rate_limited"


def test_timeout_is_a_model_error() -> None:
    server = FakeServer().then(timeout())
    with pytest.raises(ModelError) as err:
        server.client(max_retries=0).complete(_request())
    assert err.value.kind == "timeout"


MESSAGE = "we're about 200 people and need this live before Q1 planning"


def _turn() -> TurnInput:
    return TurnInput(message=MESSAGE, turn=2, history=(Turn(role="agent", text="How big is the team?"),))


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param([timeout()], id="timeout"),
        pytest.param([status(503), status(503)], id="5xx"),
        pytest.param([status(429), status(429)], id="429"),
        pytest.param([json_reply("Sure! Here is the analysis: signals timeline")], id="not-json"),
        pytest.param([json_reply('{"signals": "timeline"}')], id="wrong-shape"),
        pytest.param([json_reply("[1, 2, 3]")], id="not-an-object"),
    ],
)
def test_understanding_falls_back_to_the_rules_engine(profile: CompanyProfile, failure: list[object]) -> None:
    server = FakeServer().then(*failure)  # type: ignore[arg-type]
    engine = ModelEngine(server.client(max_retries=1), profile)
    with metering() as meter:
        result = engine.analyze(_turn())
    assert result == RulesEngine(profile).analyze(_turn())
    (call,) = meter.records
    assert call.outcome in ("error", "malformed")
    assert call.prompt_tokens > 0


def test_understanding_merges_the_model_items_with_evidence(profile: CompanyProfile) -> None:
    answer = analysis(
        signals=[{"label": "timeline", "quote": "live before Q1 planning"}],
        slots=[{"slot": "role", "value": "revops", "quote": "I run RevOps"}],  # not in the message
    )
    server = FakeServer().then(json_reply(answer))
    with metering() as meter:
        result = ModelEngine(server.client(), profile).analyze(_turn())
    hit = next(h for h in result.signals if h.label == "timeline")
    assert MESSAGE[hit.evidence.start : hit.evidence.end] == hit.evidence.quote
    assert result.slot("company_size") is not None  # the rules' own find stays
    assert result.slot("role") is None  # no quote in the message: dropped
    (call,) = meter.records
    assert call.outcome == "ok" and call.purpose == "understand"
    assert call.completion_tokens > 0
    # The model call carried the agent's last message, for "sure" and "the 2nd one".
    user = server.bodies()[0]["messages"][1]["content"]
    assert "How big is the team?" in user and MESSAGE in user


def test_fenced_json_is_accepted(profile: CompanyProfile) -> None:
    answer = (
        "```json\n" + analysis(intents=[{"label": "human_request", "quote": "talk to someone"}]) + "\n```"
    )
    server = FakeServer().then(json_reply(answer))
    result = ModelEngine(server.client(), profile).analyze(TurnInput(message="can I talk to someone please"))
    assert "human_request" in result.intent_set


def test_the_request_is_valid_json_schema_for_strict_mode() -> None:
    schema = analysis_schema()

    def closed(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert set(node["required"]) == set(node["properties"])
            assert "$ref" not in node
            for v in node.values():
                closed(v)
        elif isinstance(node, list):
            for v in node:
                closed(v)

    closed(schema)
    json.dumps(schema)
