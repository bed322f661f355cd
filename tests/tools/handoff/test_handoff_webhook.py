"""The webhook sender posts outbox rows as JSON and fails loudly, so the outbox retries them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from tools.crm import CrmService, DrainReport, Outbox
from tools.db import session_factory
from tools.handoff import HANDOFF_WEBHOOK, HandoffService, HandoffStarted, WebhookError, WebhookSender

HOOK = "https://hooks.slack.example/services/T000/B000/XXXX"


class Endpoint:
    """A webhook endpoint on `httpx.MockTransport`: answers `statuses` in turn, records requests."""

    def __init__(self, *statuses: int | Exception) -> None:
        self.statuses = list(statuses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        if isinstance(status, Exception):
            raise status
        return httpx.Response(status, text="ok" if status < 300 else "invalid_token")

    def sender(self) -> WebhookSender:
        return WebhookSender(HOOK, client=httpx.Client(transport=httpx.MockTransport(self)))


def test_a_payload_is_posted_as_json_with_its_kind() -> None:
    endpoint = Endpoint(200)

    endpoint.sender()("handoff_webhook", {"text": "hi", "blocks": []})

    [request] = endpoint.requests
    assert (request.method, str(request.url)) == ("POST", HOOK)
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-qualify-event"] == "handoff_webhook"
    assert json.loads(request.content) == {"text": "hi", "blocks": []}


@pytest.mark.parametrize("status", [301, 400, 404, 500, 503])
def test_any_answer_but_2xx_raises(status: int) -> None:
    with pytest.raises(WebhookError, match=f"HTTP {status}") as caught:
        Endpoint(status).sender()("handoff_webhook", {"text": "hi"})
    assert caught.value.status_code == status


def test_a_transport_error_propagates() -> None:
    down = Endpoint(httpx.ConnectError("connection refused"))

    with pytest.raises(httpx.ConnectError):
        down.sender()("handoff_webhook", {"text": "hi"})


def test_the_url_must_be_an_absolute_web_url() -> None:
    with pytest.raises(ValueError, match="absolute http"):
        WebhookSender("hooks.slack.example/services")


def test_an_owned_client_is_closed_with_the_sender() -> None:
    with WebhookSender(HOOK) as sender:
        pass

    with pytest.raises(RuntimeError, match="closed"):
        sender("handoff_webhook", {"text": "hi"})


def test_a_shared_client_is_left_open() -> None:
    client = httpx.Client(transport=httpx.MockTransport(Endpoint(200)))

    WebhookSender(HOOK, client=client).close()

    assert not client.is_closed


def test_through_the_outbox_a_failing_endpoint_is_retried_until_it_answers(
    handoffs: HandoffService, crm: CrmService, engine: Engine, midmarket: Any, now: datetime
) -> None:
    outcome = handoffs.start("conv1", "sales", midmarket.summary, now)
    assert isinstance(outcome, HandoffStarted)
    endpoint = Endpoint(500, httpx.ConnectError("connection refused"), 200)
    sender = endpoint.sender()

    def drain(at: datetime) -> DrainReport:
        return crm.drain_outbox(sender, at)

    assert drain(now) == DrainReport(sent=0, failed=1, gave_up=0)
    assert _outbox(engine).last_error == "WebhookError: webhook answered HTTP 500: invalid_token"
    assert drain(now + timedelta(seconds=29)) == DrainReport(sent=0, failed=0, gave_up=0)  # backing off
    assert drain(now + timedelta(seconds=30)) == DrainReport(sent=0, failed=1, gave_up=0)
    assert _outbox(engine).last_error == "ConnectError: connection refused"
    assert drain(now + timedelta(seconds=90)) == DrainReport(sent=1, failed=0, gave_up=0)

    row = _outbox(engine)
    assert (row.kind, row.attempts, row.done_at) == (HANDOFF_WEBHOOK, 3, now + timedelta(seconds=90))
    assert len(endpoint.requests) == 3
    delivered = json.loads(endpoint.requests[-1].content)
    assert delivered == row.payload
    assert delivered["blocks"][-1]["elements"][0]["url"] == handoffs.operator_url("conv1")
    assert drain(now + timedelta(hours=1)) == DrainReport(sent=0, failed=0, gave_up=0)  # sent once


def _outbox(engine: Engine) -> Outbox:
    with session_factory(engine)() as session:
        return session.scalars(select(Outbox)).one()
