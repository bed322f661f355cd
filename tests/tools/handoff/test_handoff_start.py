"""Starting a handoff: in business hours only, to the right person, once per conversation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from agent.profile import CompanyProfile
from tools.crm import CrmService, Outbox
from tools.db import session_factory
from tools.handoff import (
    HANDOFF_WEBHOOK,
    Handoff,
    HandoffClosed,
    HandoffError,
    HandoffOutcome,
    HandoffService,
    HandoffStarted,
    slack_payload,
)

NEW_YORK = ZoneInfo("America/New_York")


def _started(outcome: HandoffOutcome) -> HandoffStarted:
    assert isinstance(outcome, HandoffStarted), outcome
    return outcome


def _count(engine: Engine, model: type[Handoff] | type[Outbox]) -> int:
    with session_factory(engine)() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_sales_handoff_in_hours_is_requested_for_the_conversation_rep(
    handoffs: HandoffService, midmarket: Any, now: datetime
) -> None:
    started = _started(handoffs.start("conv1", "sales", midmarket.summary, now))

    assert started.created
    assert started.rep is not None and started.rep.id == "maya"
    row = started.handoff
    assert (row.conversation_id, row.team, row.rep_id, row.status) == ("conv1", "sales", "maya", "requested")
    assert row.created_at == now
    assert row.read_summary() == midmarket.summary
    active = handoffs.active("conv1")
    assert active is not None and active.id == row.id


def test_midmarket_handoffs_alternate_between_maya_and_priya(
    handoffs: HandoffService, midmarket: Any, now: datetime
) -> None:
    reps = [
        _started(handoffs.start(f"c{i}", "sales", midmarket.summary, now)).handoff.rep_id for i in range(3)
    ]

    assert reps == ["maya", "priya", "maya"]


def test_enterprise_goes_to_tom_and_smb_to_maya(
    handoffs: HandoffService, enterprise: Any, smb: Any, now: datetime
) -> None:
    big = _started(handoffs.start("big", "sales", enterprise.summary, now))
    small = _started(handoffs.start("small", "sales", smb.summary, now))

    assert (big.handoff.rep_id, small.handoff.rep_id) == ("tom", "maya")


def test_the_rep_already_working_the_conversation_takes_its_handoff(
    handoffs: HandoffService, crm: CrmService, midmarket: Any, now: datetime
) -> None:
    crm.assign_rep("other", "midmarket", now)  # maya's turn goes to another conversation
    crm.assign_rep("conv1", "midmarket", now)  # so priya already works conv1

    started = _started(handoffs.start("conv1", "sales", midmarket.summary, now))

    assert started.handoff.rep_id == "priya"


def test_a_support_handoff_goes_to_the_team_without_a_rep(
    handoffs: HandoffService, crm: CrmService, support_chat: Any, now: datetime
) -> None:
    started = _started(handoffs.start("help", "support", support_chat.summary, now))

    assert (started.rep, started.handoff.rep_id, started.handoff.team) == (None, None, "support")
    # No sales rep was assigned to the conversation on the way.
    assert crm.record("help") is None


def test_a_rep_who_takes_no_live_handoffs_is_replaced_by_one_of_the_segment_who_does(
    make_service: Callable[[CompanyProfile], HandoffService],
    crm: CrmService,
    profile: CompanyProfile,
    midmarket: Any,
    now: datetime,
) -> None:
    reps = tuple(r.model_copy(update={"live_handoff": r.id != "maya"}) for r in profile.reps)
    service = make_service(profile.model_copy(update={"reps": reps}))

    started = _started(service.start("conv1", "sales", midmarket.summary, now))

    record = crm.record("conv1")
    assert record is not None and record.rep_id == "maya"  # maya still owns the follow-up
    assert started.handoff.rep_id == "priya"


def test_the_team_is_notified_through_the_outbox_with_the_slack_payload(
    handoffs: HandoffService, crm: CrmService, midmarket: Any, now: datetime
) -> None:
    handoffs.start("conv1", "sales", midmarket.summary, now)
    delivered: list[tuple[str, dict[str, Any]]] = []

    crm.drain_outbox(lambda kind, payload: delivered.append((kind, payload)), now)

    expected = slack_payload(
        midmarket.summary,
        "https://qualify.example/operator/conversations/conv1",
        team="sales",
        rep_name="Maya Chen",
    )
    assert delivered == [(HANDOFF_WEBHOOK, expected)]


@pytest.mark.parametrize(
    ("local", "opens"),
    [
        (datetime(2025, 1, 14, 18, 0), datetime(2025, 1, 15, 9, 0)),  # Tuesday at closing time
        (datetime(2025, 1, 15, 8, 59), datetime(2025, 1, 15, 9, 0)),  # a minute before opening
        (datetime(2025, 1, 17, 18, 30), datetime(2025, 1, 20, 9, 0)),  # Friday evening -> Monday
        (datetime(2025, 1, 18, 11, 0), datetime(2025, 1, 20, 9, 0)),  # Saturday
    ],
)
def test_out_of_hours_nobody_is_promised_and_nothing_is_written(
    handoffs: HandoffService, midmarket: Any, engine: Engine, local: datetime, opens: datetime
) -> None:
    outcome = handoffs.start("conv1", "sales", midmarket.summary, local.replace(tzinfo=NEW_YORK))

    assert outcome == HandoffClosed(opens_at=opens.replace(tzinfo=NEW_YORK).astimezone(UTC))
    assert (_count(engine, Handoff), _count(engine, Outbox)) == (0, 0)


def test_starting_again_returns_the_open_handoff(
    handoffs: HandoffService, midmarket: Any, engine: Engine, now: datetime
) -> None:
    first = _started(handoffs.start("conv1", "sales", midmarket.summary, now))

    again = _started(handoffs.start("conv1", "sales", midmarket.summary, now + timedelta(minutes=1)))

    assert (again.created, again.handoff.id, again.rep) == (False, first.handoff.id, first.rep)
    assert (_count(engine, Handoff), _count(engine, Outbox)) == (1, 1)


def test_an_open_handoff_is_returned_even_after_closing_time(
    handoffs: HandoffService, midmarket: Any, now: datetime
) -> None:
    first = _started(handoffs.start("conv1", "sales", midmarket.summary, now))

    late = handoffs.start("conv1", "sales", midmarket.summary, now + timedelta(hours=12))

    assert _started(late).handoff.id == first.handoff.id


def test_after_a_hand_back_the_conversation_can_ask_again(
    handoffs: HandoffService, midmarket: Any, engine: Engine, now: datetime
) -> None:
    first = _started(handoffs.start("conv1", "sales", midmarket.summary, now)).handoff
    handoffs.hand_back(first.id, "Maya", now)

    second = _started(handoffs.start("conv1", "sales", midmarket.summary, now + timedelta(minutes=5)))

    assert second.created and second.handoff.id != first.id
    assert (_count(engine, Handoff), _count(engine, Outbox)) == (2, 2)


def test_the_database_refuses_a_second_open_handoff_for_a_conversation(
    handoffs: HandoffService, midmarket: Any, engine: Engine, now: datetime
) -> None:
    first = _started(handoffs.start("conv1", "sales", midmarket.summary, now)).handoff

    def insert(status: str) -> None:
        with session_factory(engine).begin() as session:
            session.add(
                Handoff(
                    conversation_id="conv1",
                    team="support",
                    status=status,
                    summary={},
                    reason="test",
                    created_at=now,
                )
            )

    with pytest.raises(IntegrityError):
        insert("live")
    insert("ended")  # closed handoffs do not count
    handoffs.hand_back(first.id, "Maya", now)
    insert("requested")  # and once the first one has ended, a new one may open


def test_two_processes_starting_at_once_create_one_handoff(
    make_service: Callable[[CompanyProfile], HandoffService],
    profile: CompanyProfile,
    midmarket: Any,
    engine: Engine,
    now: datetime,
) -> None:
    services = [make_service(profile) for _ in range(2)]

    outcomes = _race([partial(s.start, "conv1", "sales", midmarket.summary, now) for s in services])

    started = [_started(o) for o in outcomes]
    assert len({s.handoff.id for s in started}) == 1
    assert sorted(s.created for s in started) == [False, True]
    assert (_count(engine, Handoff), _count(engine, Outbox)) == (1, 1)


def test_start_is_audited(handoffs: HandoffService, crm: CrmService, midmarket: Any, now: datetime) -> None:
    row = _started(handoffs.start("conv1", "sales", midmarket.summary, now)).handoff

    actions = [a.action for a in crm.audit_log("conv1")]

    assert actions == [
        "record",
        "rep",
        f"handoff:{row.id}:requested",
        f"outbox:{HANDOFF_WEBHOOK}:handoff-{row.id}",
    ]


def test_an_unknown_team_or_a_naive_clock_is_refused(
    handoffs: HandoffService, midmarket: Any, now: datetime
) -> None:
    with pytest.raises(HandoffError, match="unknown team"):
        handoffs.start("conv1", "marketing", midmarket.summary, now)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timezone-aware"):
        handoffs.start("conv1", "sales", midmarket.summary, now.replace(tzinfo=None))


def _race(calls: list[Callable[[], HandoffOutcome]]) -> list[HandoffOutcome]:
    barrier = threading.Barrier(len(calls))
    results: list[HandoffOutcome] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], HandoffOutcome]) -> None:
        barrier.wait()
        try:
            results.append(call())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results
