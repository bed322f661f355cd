"""End to end in a real browser: the demo pricing page, the widget, a booking, resume, takeover."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

FIT = "we're a 40 person fintech, i run growth. no idea which linkedin campaigns turn into pipeline"
TIMEOUT = 15_000


def agent_messages(page: Any) -> Any:
    return page.locator("[data-testid=qualify-message][data-role=agent]:not([data-streaming])")


def send(page: Any, text: str) -> None:
    before = agent_messages(page).count()
    page.locator("[data-testid=qualify-input]").fill(text)
    page.locator("[data-testid=qualify-send]").click()
    agent_messages(page).nth(before).wait_for(timeout=TIMEOUT)


def open_widget(page: Any) -> None:
    page.locator("[data-testid=qualify-launcher]").click()
    page.locator("[data-testid=qualify-panel]").wait_for(state="visible", timeout=TIMEOUT)


def test_pricing_page_to_a_booking_and_resume_after_reload(server: str, browser: Any) -> None:
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.goto(f"{server}/pricing")
    open_widget(page)
    opener = agent_messages(page).first
    opener.wait_for(timeout=TIMEOUT)
    assert "plan" in opener.text_content().lower()  # framed by the pricing page
    assert page.locator("[data-testid=qualify-disclosure]").is_visible()

    send(page, FIT)
    send(page, "hubspot. what would growth cost for 6 of us?")
    slots = page.locator("[data-testid=qualify-quick-reply]")
    slots.first.wait_for(timeout=TIMEOUT)
    assert slots.count() == 3
    before = agent_messages(page).count()
    slots.nth(1).click()
    booked = agent_messages(page).nth(before)
    booked.wait_for(timeout=TIMEOUT)
    assert booked.text_content().startswith("Booked:")

    # The panel was open, so after a reload it opens again by itself with the conversation restored.
    page.reload()
    page.locator("[data-testid=qualify-panel]").wait_for(state="visible", timeout=TIMEOUT)
    page.locator("[data-testid=qualify-message]", has_text="Booked:").wait_for(timeout=TIMEOUT)
    visitor_lines = page.locator("[data-testid=qualify-message][data-role=visitor]").all_text_contents()
    assert FIT in visitor_lines
    # Another page of the same site resumes the same conversation.
    page.goto(f"{server}/integrations")
    page.locator("[data-testid=qualify-panel]").wait_for(state="visible", timeout=TIMEOUT)
    page.locator("[data-testid=qualify-message]", has_text="Booked:").wait_for(timeout=TIMEOUT)
    context.close()


def test_visitor_text_is_never_rendered_as_html(server: str, browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/blog/multi-touch-vs-first-touch")
    open_widget(page)
    agent_messages(page).first.wait_for(timeout=TIMEOUT)
    attack = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    send(page, attack)
    mine = page.locator("[data-testid=qualify-message][data-role=visitor]").last
    assert mine.text_content() == attack
    assert page.locator("[data-testid=qualify-panel] img").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    context.close()


def test_operator_takes_over_and_the_visitor_sees_the_reply(server: str, browser: Any) -> None:
    visitor_ctx = browser.new_context(timezone_id="America/New_York")
    visitor = visitor_ctx.new_page()
    visitor.goto(f"{server}/pricing")
    open_widget(visitor)
    agent_messages(visitor).first.wait_for(timeout=TIMEOUT)
    send(visitor, "can i talk to a real person? " + FIT)
    assert "Connecting you" in agent_messages(visitor).last.text_content()

    operator_ctx = browser.new_context()
    op = operator_ctx.new_page()
    op.goto(f"{server}/operator?key=op-secret")
    row = op.locator("[data-testid=op-handoff]").first
    row.wait_for(timeout=TIMEOUT)
    row.click()
    op.locator("[data-testid=op-take]").click()
    op.locator("[data-testid=op-reply-input]").wait_for(state="visible", timeout=TIMEOUT)
    op.locator("[data-testid=op-reply-input]").fill("Hi, Maya here. Happy to help!")
    op.locator("[data-testid=op-reply-send]").click()
    op.locator("[data-testid=op-transcript]", has_text="Maya here").wait_for(timeout=TIMEOUT)

    human = visitor.locator("[data-testid=qualify-message][data-role=human]", has_text="Maya here")
    human.wait_for(timeout=TIMEOUT)  # delivered by the widget's polling
    assert re.search("Maya here", human.text_content())
    operator_ctx.close()
    visitor_ctx.close()
