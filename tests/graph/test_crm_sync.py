"""When a turn hands the CRM a snapshot: only when something a rep cares about changed."""

from __future__ import annotations

from typing import Any

import pytest

from agent.crm_sync import needs_sync
from agent.state import ToolEvent


def _turn(**state: Any) -> dict[str, Any]:
    return {"message": "hi", "route": "sales", "tier": "L3", "tier_before": "L3", "events": [], **state}


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], False),
        ([ToolEvent(tool="calendar", action="offer", detail="3 slots")], False),
        ([ToolEvent(tool="crm", action="assign_rep", detail="Ana")], False),
        ([ToolEvent(tool="calendar", action="book", detail="tue 10:00 with Ana")], True),
        ([ToolEvent(tool="handoff", action="start", detail="sales -> Ana")], True),
    ],
)
def test_a_booking_or_a_handoff_syncs_but_offered_slots_do_not(
    events: list[ToolEvent], expected: bool
) -> None:
    assert needs_sync(_turn(events=events)) is expected


def test_a_tier_change_syncs_and_a_turn_without_a_message_does_not() -> None:
    assert needs_sync(_turn(tier_before="L2")) is True
    assert needs_sync(_turn(tier_before="L2", message=None)) is False
    assert needs_sync(_turn(tier_before="L2", route="none")) is False
    assert needs_sync(_turn(route="support", move="to_support")) is True
