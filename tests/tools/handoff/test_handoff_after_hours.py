"""After hours: no live promise; a follow-up task whose reply-by the visitor reads in their zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tools.crm import CrmService
from tools.handoff import HandoffService

# Friday 17 January 2025, 17:30 in New York: half an hour before closing.
FRIDAY_1730_ET = datetime(2025, 1, 17, 17, 30, tzinfo=ZoneInfo("America/New_York"))
# Plus 4 business hours: 30 minutes on Friday, then 3.5 hours from Monday 09:00 -> 12:30 ET.
MONDAY_1230_ET = datetime(2025, 1, 20, 17, 30, tzinfo=UTC)


def test_friday_evening_request_is_due_monday_shown_in_the_visitor_s_zone(
    handoffs: HandoffService, midmarket: Any
) -> None:
    task = handoffs.after_hours("conv1", midmarket.summary, "Europe/London", FRIDAY_1730_ET)

    assert task is not None
    assert task.due_at == MONDAY_1230_ET
    assert task.reply_by_local == "Mon 20 Jan 17:30 GMT"
    assert (task.kind, task.rep_id, task.status) == ("handoff_followup", "maya", "open")
    assert task.body == midmarket.summary.to_text()
    assert "Jane" in task.title and "after hours" in task.title


def test_the_sla_counts_business_hours_only(handoffs: HandoffService, midmarket: Any) -> None:
    saturday = datetime(2025, 1, 18, 15, 0, tzinfo=UTC)

    task = handoffs.after_hours("conv1", midmarket.summary, None, saturday)

    assert task is not None
    # Monday 09:00 + 4 hours = 13:00 in New York, shown in the company's zone when the visitor's
    # is unknown.
    assert task.due_at == datetime(2025, 1, 20, 18, 0, tzinfo=UTC)
    assert task.reply_by_local == "Mon 20 Jan 13:00 EST"


def test_an_unknown_visitor_zone_falls_back_to_the_company_zone(
    handoffs: HandoffService, midmarket: Any
) -> None:
    task = handoffs.after_hours("conv1", midmarket.summary, "Mars/Olympus_Mons", FRIDAY_1730_ET)

    assert task is not None and task.reply_by_local == "Mon 20 Jan 12:30 EST"


def test_the_task_goes_to_the_segment_s_rep(handoffs: HandoffService, enterprise: Any) -> None:
    task = handoffs.after_hours("big", enterprise.summary, "Europe/Berlin", FRIDAY_1730_ET)

    assert task is not None
    assert task.rep_id == "tom"
    assert task.reply_by_local == "Mon 20 Jan 18:30 CET"


def test_asking_again_returns_the_first_task(
    handoffs: HandoffService, crm: CrmService, midmarket: Any
) -> None:
    first = handoffs.after_hours("conv1", midmarket.summary, "Europe/London", FRIDAY_1730_ET)
    again = handoffs.after_hours(
        "conv1", midmarket.summary, "Europe/London", FRIDAY_1730_ET + timedelta(minutes=20)
    )

    assert first is not None and again is not None
    assert (again.id, again.due_at) == (first.id, first.due_at)
    assert len(crm.tasks_for("conv1")) == 1


def test_a_support_request_after_hours_is_a_ticket_for_the_support_team(
    handoffs: HandoffService, support_chat: Any, profile: Any
) -> None:
    task = handoffs.after_hours("help", support_chat.summary, "Europe/London", FRIDAY_1730_ET)

    assert task is not None
    assert (task.kind, task.rep_id) == ("support_ticket", None)
    assert task.due_at == FRIDAY_1730_ET + timedelta(hours=profile.support.reply_within_hours)


def test_nobody_is_promised_a_reply_once_they_opted_out(
    handoffs: HandoffService, crm: CrmService, midmarket: Any
) -> None:
    crm.opt_out("conv1", erase=False, now=FRIDAY_1730_ET)

    assert handoffs.after_hours("conv1", midmarket.summary, "Europe/London", FRIDAY_1730_ET) is None
    assert crm.tasks_for("conv1") == []
