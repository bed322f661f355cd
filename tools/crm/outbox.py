"""Writes to external systems (webhooks, external CRMs), stored first and delivered with retries.

A failed delivery never loses the write: the row stays, and is tried again after an exponential
backoff until `max_attempts`; then it stays undone, with its last error, for an operator.
Delivery is at least once: a drainer that crashes after sending but before recording success
sends again once its claim lapses, so receivers should tolerate a repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from tools.crm.audit import Writes, audit_key
from tools.crm.models import Outbox

Sender = Callable[[str, dict[str, Any]], None]

BASE_BACKOFF: Final = timedelta(seconds=30)
MAX_BACKOFF: Final = timedelta(hours=1)
# While a drainer delivers a row, other drainers leave it alone; a crashed drainer's claim lapses.
CLAIM_LEASE: Final = timedelta(minutes=5)
# Bounds one drain call; the rest waits for the next call.
DRAIN_BATCH: Final = 100
# Stored errors are for an operator to read, not a full traceback.
MAX_ERROR_CHARS: Final = 500


@dataclass(frozen=True)
class DrainReport:
    sent: int
    failed: int
    # Rows that failed their last allowed attempt and will not be tried again.
    gave_up: int


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 30 s, 1 min, 2 min, ... capped at 1 hour."""
    # The shift is bounded so a large attempt count cannot overflow timedelta before the cap.
    return min(BASE_BACKOFF * (1 << min(max(attempts - 1, 0), 16)), MAX_BACKOFF)


def enqueue(writes: Writes, kind: str, payload: Mapping[str, Any], event: str | None) -> Outbox:
    """Store one delivery, once per (conversation, kind, event) however often it is asked for."""
    action = f"outbox:{kind}" if event is None else f"outbox:{kind}:{event}"
    key = audit_key(writes.conversation_id, action)
    session = writes.session

    def add() -> Outbox:
        row = Outbox(
            idempotency_key=key,
            created_at=writes.now,
            kind=kind,
            payload=dict(payload),
            attempts=0,
            next_attempt_at=writes.now,
        )
        session.add(row)
        return row

    def find() -> Outbox | None:
        return session.scalar(select(Outbox).where(Outbox.idempotency_key == key))

    row = writes.once(action, add, find, lambda r: {"outbox_id": r.id, "kind": kind})
    if row is None:
        raise LookupError(f"outbox row {key!r} was enqueued before but has since been deleted")
    return row


def drain(
    session_factory: sessionmaker[Session], sender: Sender, now: datetime, max_attempts: int
) -> DrainReport:
    """Try every due row once: success marks it done, failure schedules the next try."""
    with session_factory() as session:
        due = session.execute(
            select(Outbox.id, Outbox.attempts)
            .where(
                Outbox.done_at.is_(None),
                Outbox.attempts < max_attempts,
                Outbox.next_attempt_at <= now,
            )
            .order_by(Outbox.next_attempt_at, Outbox.id)
            .limit(DRAIN_BATCH)
        ).all()
    sent = failed = gave_up = 0
    for row_id, seen_attempts in due:
        claimed = _claim(session_factory, row_id, seen_attempts, now)
        if claimed is None:
            continue
        kind, payload = claimed
        attempts = seen_attempts + 1
        try:
            sender(kind, payload)
        except Exception as exc:
            # Any failure of the external system is retried later; it must not stop the drain.
            error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS]
            _finish(session_factory, row_id, last_error=error, next_attempt_at=now + backoff(attempts))
            failed += 1
            if attempts >= max_attempts:
                gave_up += 1
        else:
            _finish(session_factory, row_id, done_at=now, last_error=None)
            sent += 1
    return DrainReport(sent=sent, failed=failed, gave_up=gave_up)


def _claim(
    session_factory: sessionmaker[Session], row_id: int, seen_attempts: int, now: datetime
) -> tuple[str, dict[str, Any]] | None:
    """Count the attempt and lease the row, unless another drainer got to it first."""
    with session_factory.begin() as session:
        # The attempt count is the version: only one drainer moves it from what both saw.
        row = session.execute(
            update(Outbox)
            .where(Outbox.id == row_id, Outbox.attempts == seen_attempts, Outbox.done_at.is_(None))
            .values(attempts=seen_attempts + 1, next_attempt_at=now + CLAIM_LEASE)
            .returning(Outbox.kind, Outbox.payload)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        return None if row is None else (row.kind, dict(row.payload))


def _finish(session_factory: sessionmaker[Session], row_id: int, **values: Any) -> None:
    with session_factory.begin() as session:
        session.execute(
            update(Outbox)
            .where(Outbox.id == row_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
