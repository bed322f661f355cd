"""External writes survive failures: retried with exponential backoff, delivered once done."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from tools.crm import CrmService, DrainReport, Outbox, backoff
from tools.db import session_factory


class FlakySender:
    """Fails its first `failures` calls, like a webhook endpoint that is briefly down."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, kind: str, payload: dict[str, Any]) -> None:
        self.calls.append((kind, payload))
        if len(self.calls) <= self.failures:
            raise ConnectionError(f"endpoint down (call {len(self.calls)})")


def _row(engine: Engine) -> Outbox:
    with session_factory(engine)() as session:
        return session.scalars(select(Outbox)).one()


def test_backoff_doubles_from_30_seconds_up_to_an_hour() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
    ]
    assert backoff(50) == timedelta(hours=1)


def test_a_sender_failing_twice_delivers_on_the_third_due_try(
    crm: CrmService, engine: Engine, now: datetime
) -> None:
    crm.enqueue_outbox("conv1", "lead.qualified", {"tier": "L2"}, now)
    sender = FlakySender(failures=2)

    assert crm.drain_outbox(sender, now) == DrainReport(sent=0, failed=1, gave_up=0)
    row = _row(engine)
    assert (row.attempts, row.next_attempt_at) == (1, now + timedelta(seconds=30))
    assert row.last_error == "ConnectionError: endpoint down (call 1)"

    # Not due yet: nothing is tried.
    assert crm.drain_outbox(sender, now + timedelta(seconds=29)) == DrainReport(sent=0, failed=0, gave_up=0)
    assert crm.drain_outbox(sender, now + timedelta(seconds=30)) == DrainReport(sent=0, failed=1, gave_up=0)
    assert _row(engine).next_attempt_at == now + timedelta(seconds=90)

    done = now + timedelta(seconds=90)
    assert crm.drain_outbox(sender, done) == DrainReport(sent=1, failed=0, gave_up=0)
    row = _row(engine)
    assert (row.attempts, row.done_at, row.last_error) == (3, done, None)
    assert sender.calls == [("lead.qualified", {"tier": "L2"})] * 3
    # Delivered rows are never sent again.
    assert crm.drain_outbox(sender, done + timedelta(days=1)) == DrainReport(sent=0, failed=0, gave_up=0)


def test_delivery_gives_up_after_max_attempts(crm: CrmService, engine: Engine, now: datetime) -> None:
    crm.enqueue_outbox("conv1", "lead.qualified", {"tier": "L2"}, now)
    sender = FlakySender(failures=10)

    reports = [crm.drain_outbox(sender, now + timedelta(hours=n), max_attempts=3) for n in range(5)]

    assert [r.failed for r in reports] == [1, 1, 1, 0, 0]
    assert [r.gave_up for r in reports] == [0, 0, 1, 0, 0]
    row = _row(engine)
    assert (row.attempts, row.done_at) == (3, None)
    assert row.last_error == "ConnectionError: endpoint down (call 3)"


def test_enqueue_is_idempotent_per_conversation_kind_and_event(crm: CrmService, now: datetime) -> None:
    first = crm.enqueue_outbox("conv1", "lead.tier", {"tier": "L2"}, now, event="L2")
    again = crm.enqueue_outbox("conv1", "lead.tier", {"tier": "L2"}, now, event="L2")
    deeper = crm.enqueue_outbox("conv1", "lead.tier", {"tier": "L3"}, now, event="L3")

    assert again.id == first.id
    assert deeper.id != first.id
    keys = [row.idempotency_key for row in crm.audit_log("conv1")]
    assert keys == ["conv1:outbox:lead.tier:L2", "conv1:outbox:lead.tier:L3"]


def test_rows_are_delivered_oldest_first(crm: CrmService, now: datetime) -> None:
    crm.enqueue_outbox("a", "lead.created", {"n": 1}, now)
    crm.enqueue_outbox("b", "lead.created", {"n": 2}, now + timedelta(seconds=1))
    sender = FlakySender(failures=0)

    crm.drain_outbox(sender, now + timedelta(seconds=1))

    assert [payload["n"] for _, payload in sender.calls] == [1, 2]
