"""An in-process server on a temp database with a fixed clock (FastAPI TestClient)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from agent.profile import load_profile
from agent.server.app import create_app
from agent.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
KEY = {"X-Widget-Key": "demo-widget-key"}
OPERATOR = {"X-Operator-Key": "op-secret"}
TUESDAY_10AM_ET = datetime.fromisoformat("2026-11-17T10:42:00-05:00")
TUESDAY_11PM_ET = datetime.fromisoformat("2026-11-17T23:12:00-05:00")
PRICING = {
    "page_url": "https://lumenpipeline.example/pricing",
    "visit_count": 1,
    "timezone": "America/New_York",
}


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_client(
    tmp_path: Path, clock: Clock, *, raise_server_exceptions: bool = True, **overrides: Any
) -> TestClient:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/q.db",
        checkpoint_url=str(tmp_path / "cp.db"),
        operator_api_key="op-secret",
        allowed_origins="https://shop.example",
        **overrides,
    )
    app = create_app(settings, load_profile(ROOT / "agent" / "demo_company.yaml"), clock=clock)
    return TestClient(app, raise_server_exceptions=raise_server_exceptions)


@pytest.fixture
def clock() -> Clock:
    return Clock(TUESDAY_10AM_ET)


@pytest.fixture
def client(tmp_path: Path, clock: Clock) -> Iterator[TestClient]:
    with make_client(tmp_path, clock) as c:
        yield c


def start(
    client: TestClient, context: dict[str, Any] | None = None
) -> tuple[str, dict[str, str], dict[str, Any]]:
    r = client.post("/api/v1/conversations", headers=KEY, json={"context": context or PRICING})
    assert r.status_code == 201, r.text
    body = r.json()
    return body["conversation_id"], {**KEY, "Authorization": f"Bearer {body['token']}"}, body


def say(
    client: TestClient, cid: str, auth: dict[str, str], text: str, mid: str | None = None
) -> dict[str, Any]:
    r = client.post(
        f"/api/v1/conversations/{cid}/messages",
        headers={**auth, "Accept": "application/json"},
        json={"text": text, **({"client_message_id": mid} if mid else {})},
    )
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def sse_events(raw: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in raw.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((lines["event"], json.loads(lines["data"])))
    return events
