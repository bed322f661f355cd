"""A public website's widget API: keys, origins, limits, clear 4xx errors, no stack traces."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from server_kit import KEY, Clock, make_client, start


def test_unknown_widget_key_is_refused(client: TestClient) -> None:
    r = client.post("/api/v1/conversations", headers={"X-Widget-Key": "nope"}, json={})
    assert r.status_code == 401 and r.json() == {
        "error": {"code": "bad_widget_key", "message": "Unknown widget key."}
    }


def test_only_allowed_origins_get_cors(client: TestClient) -> None:
    pre = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-widget-key"}
    ok = client.options("/api/v1/conversations", headers={"Origin": "https://shop.example", **pre})
    assert ok.headers.get("access-control-allow-origin") == "https://shop.example"
    bad = client.options("/api/v1/conversations", headers={"Origin": "https://evil.example", **pre})
    assert "access-control-allow-origin" not in bad.headers


def test_messages_are_size_limited_and_nothing_is_stored(client: TestClient) -> None:
    cid, auth, _ = start(client)
    r = client.post(f"/api/v1/conversations/{cid}/messages", headers=auth, json={"text": "x" * 2001})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    empty = client.post(f"/api/v1/conversations/{cid}/messages", headers=auth, json={"text": "   "})
    assert empty.status_code == 422
    roles = [m["role"] for m in client.get(f"/api/v1/conversations/{cid}/messages", headers=auth).json()]
    assert roles == ["agent"]


def test_rate_limit_per_conversation(tmp_path: Path, clock: Clock) -> None:
    with make_client(tmp_path, clock, rate_per_conversation_per_minute=3) as c:
        cid, auth, _ = start(c)
        codes = [
            c.post(
                f"/api/v1/conversations/{cid}/messages",
                headers={**auth, "Accept": "application/json"},
                json={"text": f"question {i}?"},
            ).status_code
            for i in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        last = c.post(f"/api/v1/conversations/{cid}/messages", headers=auth, json={"text": "again?"})
        assert last.status_code == 429 and int(last.headers["Retry-After"]) >= 1


def test_rate_limit_on_new_conversations_per_ip(tmp_path: Path, clock: Clock) -> None:
    with make_client(tmp_path, clock, conversations_per_ip_per_hour=2) as c:
        codes = [c.post("/api/v1/conversations", headers=KEY, json={}).status_code for _ in range(3)]
        assert codes == [201, 201, 429]


def test_errors_never_leak_a_stack_trace(tmp_path: Path, clock: Clock) -> None:
    with make_client(tmp_path, clock, raise_server_exceptions=False) as c:
        cid, auth, _ = start(c)
        state = c.app.state.qualify  # type: ignore[attr-defined]

        def boom(*args: object, **kwargs: object) -> None:
            raise RuntimeError("secret internals")

        state.service.messages = boom
        r = c.get(f"/api/v1/conversations/{cid}/messages", headers=auth)
        assert r.status_code == 500 and r.json() == {
            "error": {"code": "internal", "message": "Something went wrong on our side."}
        }
        assert "secret" not in r.text and "Traceback" not in r.text


def test_health(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"


def test_openapi_documents_the_versioned_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/conversations" in paths and "/api/v1/conversations/{conversation_id}/messages" in paths
    assert "/api/v1/operator/handoffs/{handoff_id}/take" in paths
