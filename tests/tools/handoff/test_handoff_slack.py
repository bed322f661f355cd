"""The team's notification: a Slack incoming-webhook message that cannot be hijacked by the visitor."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tools.handoff import slack_payload

URL = "https://qualify.example/operator/conversations/conv1"


def _texts(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)


def test_the_payload_has_a_fallback_text_a_header_fields_evidence_and_a_button(midmarket: Any) -> None:
    payload = slack_payload(midmarket.summary, URL, team="sales", rep_name="Maya Chen")

    assert payload["text"].startswith("Handoff to sales: Jane &lt;jane@acme.test&gt; (L2, ICP fit)")
    assert "Does the Salesforce sync need engineering?" in payload["text"]
    kinds = [b["type"] for b in payload["blocks"]]
    assert kinds == ["header", "section", "section", "section", "actions"]
    header, fields, question, evidence, actions = payload["blocks"]
    assert header["text"] == {"type": "plain_text", "text": "Handoff to sales: Jane <jane@acme.test>"}
    labels = [f["text"].split("\n")[0] for f in fields["fields"]]
    assert labels == ["*Who*", "*Company*", "*Role*", "*Segment*", "*Tier*", "*ICP*", "*Rep*", "*Page*"]
    assert all(f["type"] == "mrkdwn" for f in fields["fields"])
    assert "*Tier*\nL2 (route sales)" in [f["text"] for f in fields["fields"]]
    assert "*Rep*\nMaya Chen" in [f["text"] for f in fields["fields"]]
    assert question["text"]["text"] == "*Open question*\n>Does the Salesforce sync need engineering?"
    assert evidence["text"]["text"].startswith("*Evidence*\n• turn 1: ")
    assert "“talk to a person” _(human request)_" in evidence["text"]["text"]
    [button] = actions["elements"]
    assert (button["type"], button["url"], button["text"]["text"]) == ("button", URL, "Open conversation")


def test_no_rep_and_no_question_leave_their_parts_out(support_chat: Any, converse: Any) -> None:
    support = slack_payload(support_chat.summary, URL, team="support")
    statement = slack_payload(converse("We're 300 people in healthcare.").summary, URL)

    assert "*Rep*" not in _texts(support)
    assert support["blocks"][0]["text"]["text"].startswith("Handoff to support:")
    assert "Open question" not in _texts(statement)


def test_visitor_text_cannot_ping_a_channel_or_plant_a_link(converse: Any) -> None:
    chat = converse(
        "<!channel> urgent & important: see <https://evil.example|your invoice>, can I talk to sales?"
    )

    payload = slack_payload(chat.summary, URL)

    dumped = _texts(payload)
    assert "<!channel>" not in dumped
    assert "<https://evil.example" not in dumped
    assert "&lt;!channel&gt; urgent &amp; important" in payload["blocks"][2]["text"]["text"]


def test_long_texts_are_clipped_to_slack_limits(converse: Any) -> None:
    chat = converse("why " * 2000 + "?")

    payload = slack_payload(chat.summary, URL)

    assert len(payload["blocks"][0]["text"]["text"]) <= 150
    for block in payload["blocks"]:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000
        for field in block.get("fields", []):
            assert len(field["text"]) <= 2000


@pytest.mark.parametrize("url", ["/operator/conv1", "javascript:alert(1)", "ftp://x.example/a"])
def test_the_button_needs_an_absolute_web_link(midmarket: Any, url: str) -> None:
    with pytest.raises(ValueError, match="absolute http"):
        slack_payload(midmarket.summary, url)
