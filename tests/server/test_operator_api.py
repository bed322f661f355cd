"""Human takeover: an operator sees handoffs with their summary, takes over, replies live, hands back."""

from __future__ import annotations

from fastapi.testclient import TestClient
from server_kit import OPERATOR, say, start

ASK_HUMAN = "can i talk to a real person? we're a 40 person fintech, i run growth"


def test_operator_key_is_required(client: TestClient) -> None:
    assert client.get("/api/v1/operator/handoffs").status_code == 401
    assert client.get("/api/v1/operator/handoffs", headers={"X-Operator-Key": "wrong"}).status_code == 401


def test_a_handoff_is_listed_with_its_summary(client: TestClient) -> None:
    cid, auth, _ = start(client)
    reply = say(client, cid, auth, ASK_HUMAN)["reply"]
    assert "Connecting you" in reply["text"]
    [h] = client.get("/api/v1/operator/handoffs", headers=OPERATOR).json()
    assert (
        h["conversation_id"] == cid
        and h["status"] == "requested"
        and h["team"] == "sales"
        and h["rep_id"] == "maya"
    )
    summary = h["summary"]
    assert summary["tier"] == "L3" and summary["icp_fit"] == "fit"
    assert any("talk to a real person" in q["text"] for q in summary["evidence"])


def test_take_over_reply_and_hand_back(client: TestClient) -> None:
    cid, auth, _ = start(client)
    say(client, cid, auth, ASK_HUMAN)
    [h] = client.get("/api/v1/operator/handoffs", headers=OPERATOR).json()
    taken = client.post(
        f"/api/v1/operator/handoffs/{h['id']}/take", headers=OPERATOR, json={"operator": "maya"}
    ).json()
    assert taken["status"] == "live" and taken["taken_by"] == "maya"
    sent = client.post(
        f"/api/v1/operator/handoffs/{h['id']}/messages",
        headers=OPERATOR,
        json={"operator": "maya", "text": "Hi, Maya here <b>!</b>"},
    ).json()
    assert sent["role"] == "human" and sent["text"] == "Hi, Maya here <b>!</b>"
    # The visitor's widget gets the human's message; the bot stays silent while a human owns the chat.
    seen = client.get(f"/api/v1/conversations/{cid}/messages", headers=auth, params={"after": 0}).json()
    assert seen[-1]["role"] == "human"
    assert say(client, cid, auth, "thanks maya, quick question on seats")["reply"] is None
    ended = client.post(
        f"/api/v1/operator/handoffs/{h['id']}/hand-back", headers=OPERATOR, json={"operator": "maya"}
    ).json()
    assert ended["status"] == "ended"
    assert say(client, cid, auth, "does it integrate with bigquery?")["reply"] is not None


def test_illegal_transitions_are_clear_conflicts(client: TestClient) -> None:
    cid, auth, _ = start(client)
    say(client, cid, auth, ASK_HUMAN)
    [h] = client.get("/api/v1/operator/handoffs", headers=OPERATOR).json()
    r = client.post(
        f"/api/v1/operator/handoffs/{h['id']}/messages",
        headers=OPERATOR,
        json={"operator": "maya", "text": "hi"},
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "handoff_conflict"
    assert (
        client.post(
            "/api/v1/operator/handoffs/999/take", headers=OPERATOR, json={"operator": "x"}
        ).status_code
        == 404
    )
