"""The widget API, in process: conversations, streamed replies, idempotency, continuity."""

from __future__ import annotations

from fastapi.testclient import TestClient
from server_kit import KEY, Clock, say, sse_events, start


def test_create_returns_the_page_framed_opener_and_a_token(client: TestClient) -> None:
    cid, _auth, body = start(client)
    assert body["token"] and body["conversation_id"] == cid
    assert body["messages"][0]["role"] == "agent" and "plan" in body["messages"][0]["text"].lower()
    assert body["status"]["online"] is True


def test_a_reply_streams_as_server_sent_events(client: TestClient) -> None:
    cid, auth, _ = start(client)
    r = client.post(
        f"/api/v1/conversations/{cid}/messages",
        headers=auth,
        json={"text": "does it integrate with hubspot?"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = sse_events(r.text)
    names = [e for e, _ in events]
    assert names[0] == "typing" and names[-1] == "done" and "message" in names
    deltas = "".join(d["text"] for e, d in events if e == "delta")
    final = next(d for e, d in events if e == "message")
    assert deltas.strip() == final["text"].strip() and "HubSpot" in final["text"]


def test_slot_offers_come_with_quick_replies(client: TestClient) -> None:
    cid, auth, _ = start(client)
    say(
        client,
        cid,
        auth,
        "we're a 40 person fintech, i run growth. no idea which campaigns turn into pipeline",
    )
    r = client.post(
        f"/api/v1/conversations/{cid}/messages",
        headers=auth,
        json={"text": "hubspot. what would growth cost for 6 of us?"},
    )
    events = sse_events(r.text)
    options = next(d["options"] for e, d in events if e == "quick_replies")
    assert len(options) == 3 and all("ET" in o or ":" in o for o in options)


def test_a_retried_message_is_answered_once(client: TestClient) -> None:
    cid, auth, _ = start(client)
    first = say(client, cid, auth, "does it integrate with snowflake?", mid="c-1")
    again = say(client, cid, auth, "does it integrate with snowflake?", mid="c-1")
    assert again == first
    msgs = client.get(f"/api/v1/conversations/{cid}/messages", headers=auth).json()
    assert [m["role"] for m in msgs].count("visitor") == 1


def test_the_conversation_resumes_with_its_token(client: TestClient) -> None:
    cid, auth, _ = start(client)
    say(client, cid, auth, "hi, we're 200 people in software")
    restored = client.get(f"/api/v1/conversations/{cid}", headers=auth).json()
    assert [m["role"] for m in restored["messages"]] == ["agent", "visitor", "agent"]
    newer = client.get(
        f"/api/v1/conversations/{cid}/messages", headers=auth, params={"after": restored["messages"][1]["id"]}
    ).json()
    assert [m["role"] for m in newer] == ["agent"]


def test_visitors_only_see_their_own_conversation(client: TestClient) -> None:
    cid_a, _auth_a, _ = start(client)
    _cid_b, auth_b, _ = start(client)
    assert client.get(f"/api/v1/conversations/{cid_a}", headers=auth_b).status_code == 404
    assert client.get(f"/api/v1/conversations/{cid_a}", headers=KEY).status_code == 404
    r = client.post(f"/api/v1/conversations/{cid_a}/messages", headers=auth_b, json={"text": "hello"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_widget_config_has_disclosure_and_page_rules(client: TestClient, clock: Clock) -> None:
    cfg = client.get(
        "/api/v1/widget/config", headers=KEY, params={"page_url": "https://x.example/pricing"}
    ).json()
    assert "AI" in cfg["disclosure"] and cfg["proactive"]["time_on_page_s"] == 20 and cfg["status"]["online"]
    clock.now = clock.now.replace(hour=23)
    offline = client.get("/api/v1/widget/config", headers=KEY).json()["status"]
    assert offline["online"] is False and "offline until Wed 09:00 ET" in offline["banner"]
