"""Write-once CRM actions: each action is keyed by conversation and action name, and audited.

Graph nodes re-run (a retried turn, a resumed thread), so the same CRM action can be asked for
twice, even at the same moment from two processes. Every action therefore writes an `AuditLog`
row whose unique `idempotency_key` is `"{conversation_id}:{action}"`, in the same transaction as
the action itself (`Writes.once`). A second attempt finds the key and skips; a concurrent one
fails on the unique constraint, and `run_in_transaction` retries the whole unit of work, which
then finds the key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Final, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from tools.crm.models import AuditLog

T = TypeVar("T")

# A conflict means another writer committed the same action first; the retry sees its rows and
# skips. More than a few conflicts in a row means something other than a race is wrong.
MAX_TRANSACTION_ATTEMPTS: Final = 5


def audit_key(conversation_id: str, action: str) -> str:
    return f"{conversation_id}:{action}"


class Writes:
    """The one way CRM rows are created or moved forward within a unit of work.

    Bound to a session, a conversation, the caller's clock and its reason; `performed` lists the
    actions this unit of work actually carried out (empty when everything had been done before).
    """

    def __init__(self, session: Session, conversation_id: str, now: datetime, reason: str) -> None:
        self.session = session
        self.conversation_id = conversation_id
        self.now = now
        self.reason = reason
        self.performed: list[str] = []
        self._keys: set[str] | None = None

    def done(self, action: str) -> bool:
        # The conversation's keys are read once per unit of work, not once per action. A writer
        # that commits the same action after this read makes our audit insert fail on the unique
        # key, and `run_in_transaction` re-runs the unit of work, which then reads it.
        if self._keys is None:
            self._keys = set(
                self.session.scalars(
                    select(AuditLog.idempotency_key).where(AuditLog.conversation_id == self.conversation_id)
                )
            )
        return audit_key(self.conversation_id, action) in self._keys

    def once(
        self,
        action: str,
        apply: Callable[[], T],
        existing: Callable[[], T | None],
        details: Callable[[T], dict[str, Any]] = lambda _: {},
    ) -> T | None:
        """Run `apply` and audit it, unless this action already happened; then return `existing()`.

        `apply` adds or changes rows in the session and returns the object it made. The audit row
        is flushed with the next flush or at commit, in the same transaction as the change, so a
        concurrent duplicate raises `IntegrityError` before anything commits and
        `run_in_transaction` re-runs the unit of work, which then takes the skip path. (Callers
        run inside `run_in_transaction`.)
        `existing` may return None when an operator has since removed the object; the action is
        still not repeated, because it did happen once.
        """
        if self.done(action):
            # Done before, maybe by another writer since this unit read its rows. Flushing our
            # pending changes first makes a change based on a row that writer has since moved fail
            # its version check here, and the unit of work re-run on fresh rows, before `existing`
            # reads anything stale.
            self.session.flush()
            return existing()
        result = apply()
        # New rows get their ids first, which the audit details may name. Changes to existing rows
        # wait for the next flush (or the commit), so several changes to one row become one UPDATE.
        if any(not isinstance(row, AuditLog) for row in self.session.new):
            self.session.flush()
        self.session.add(
            AuditLog(
                at=self.now,
                conversation_id=self.conversation_id,
                action=action,
                idempotency_key=audit_key(self.conversation_id, action),
                reason=self.reason,
                details=details(result),
            )
        )
        if self._keys is not None:
            self._keys.add(audit_key(self.conversation_id, action))
        self.performed.append(action)
        return result


def run_in_transaction(session_factory: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction, retrying it from scratch when a concurrent writer won a race.

    `IntegrityError` is a duplicate write-once key (or email) committed by someone else;
    `StaleDataError` is an update based on a row another writer changed meanwhile. Both are
    resolved by re-reading, so the unit of work is re-run on a fresh session.
    """
    attempt = 1
    while True:
        with session_factory() as session:
            try:
                result = work(session)
                session.commit()
                return result
            except (IntegrityError, StaleDataError):
                session.rollback()
                if attempt >= MAX_TRANSACTION_ATTEMPTS:
                    raise
        attempt += 1
