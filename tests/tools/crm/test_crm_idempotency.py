"""Graph nodes re-run: the same sync twice, or two at once, must leave the rows of one sync."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select

from agent.profile import CompanyProfile
from tools.crm import (
    AuditLog,
    Contact,
    ConversationRecord,
    CrmService,
    LeadSnapshot,
    Opportunity,
    SyncResult,
    Task,
    depth,
)
from tools.crm.audit import Writes
from tools.db import session_factory

LeadFactory = Callable[..., LeadSnapshot]


def _counts(engine: Engine) -> dict[str, int]:
    with session_factory(engine)() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Contact, ConversationRecord, Task, Opportunity, AuditLog)
        }


def test_syncing_twice_changes_nothing_the_second_time(
    crm: CrmService, make_lead: LeadFactory, engine: Engine
) -> None:
    lead = make_lead(tier="L3", next_step="meeting_booked")
    first = crm.sync(lead, reason="booked")
    rows = _counts(engine)
    second = crm.sync(lead, reason="booked (re-run)")

    assert _counts(engine) == rows
    assert second.actions == ()
    assert first.actions != ()
    assert (second.contact_id, second.rep_id, second.opportunity_id) == (
        first.contact_id,
        first.rep_id,
        first.opportunity_id,
    )


def test_audit_keys_name_the_conversation_and_action_once_each(
    crm: CrmService, make_lead: LeadFactory
) -> None:
    crm.sync(make_lead(tier="L2"), reason="qualified")
    crm.sync(make_lead(tier="L2"), reason="qualified (re-run)")

    keys = [row.idempotency_key for row in crm.audit_log("conv1")]
    assert len(keys) == len(set(keys))
    assert "conv1:task:follow_up" in keys
    assert all(key.startswith("conv1:") for key in keys)


def test_create_task_twice_returns_the_first_task(crm: CrmService, now: datetime) -> None:
    def create(title: str) -> Task | None:
        return crm.create_task(
            "conv1",
            "handoff_followup",
            title=title,
            body="Asked for a person at 23:00.",
            due_at=now,
            visitor_timezone="America/Chicago",
            rep_id="tom",
            now=now,
            reason="after-hours handoff",
        )

    first = create("Call back Jane")
    second = create("Call back Jane (re-run)")

    assert first is not None and second is not None
    assert second.id == first.id
    assert second.title == "Call back Jane"
    assert first.reply_by_local == "Tue 14 Jan 09:00 CST"
    assert len(crm.tasks_for("conv1")) == 1


def test_a_concurrent_duplicate_is_caught_by_the_audit_key(
    crm: CrmService, make_lead: LeadFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that checked before the other committed still inserts no second task."""
    lead = make_lead(tier="L2")
    crm.sync(lead, reason="qualified")
    real_done = Writes.done
    stale_reads = []

    def done_as_seen_before_the_other_commit(self: Writes, action: str) -> bool:
        if action == "task:follow_up" and not stale_reads:
            stale_reads.append(action)
            return False
        return real_done(self, action)

    monkeypatch.setattr(Writes, "done", done_as_seen_before_the_other_commit)
    result = crm.sync(lead, reason="qualified (racing re-run)")

    assert stale_reads == ["task:follow_up"]
    assert len(crm.tasks_for("conv1")) == 1
    assert result.actions == ()


def test_a_sync_based_on_a_stale_read_is_redone_and_cannot_downgrade(
    crm: CrmService, make_lead: LeadFactory, monkeypatch: pytest.MonkeyPatch, now: datetime
) -> None:
    """Another process deepens the record to L3 between this sync's read and its write."""
    crm.sync(make_lead(tier="L1"), reason="engaged")
    real_refresh = depth.refresh_record
    interleaved = []

    def refresh_after_another_process(writes: Writes, record: ConversationRecord, lead: LeadSnapshot) -> None:
        if not interleaved:
            interleaved.append(lead.tier)
            crm.sync(make_lead(tier="L3", next_step="meeting_booked", now=now), reason="booked elsewhere")
        real_refresh(writes, record, lead)

    monkeypatch.setattr(depth, "refresh_record", refresh_after_another_process)
    result = crm.sync(make_lead(tier="L2", now=now), reason="older L2 snapshot")

    assert interleaved == ["L2"]
    assert result.tier == "L3"
    assert crm.tasks_for("conv1") == []
    assert crm.opportunity_for("conv1") is not None


def _race(sync: Callable[[], SyncResult]) -> list[SyncResult]:
    start = threading.Barrier(2)
    results: list[SyncResult] = []
    errors: list[BaseException] = []

    def run() -> None:
        start.wait()
        try:
            results.append(sync())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_two_threads_syncing_one_conversation_create_one_task(
    crm: CrmService, make_lead: LeadFactory, engine: Engine
) -> None:
    lead = make_lead(tier="L2")

    results = _race(lambda: crm.sync(lead, reason="qualified"))

    assert len(crm.tasks_for("conv1")) == 1
    assert {r.task_id for r in results} == {crm.tasks_for("conv1")[0].id}
    assert {r.rep_id for r in results} == {"maya"}
    assert _counts(engine)["crm_contacts"] == 1


def test_two_services_racing_on_one_contact_share_it(
    make_lead: LeadFactory, engine: Engine, profile: CompanyProfile
) -> None:
    one, two = (CrmService(session_factory(engine), profile) for _ in range(2))
    leads = iter([make_lead(conversation_id="a"), make_lead(conversation_id="b")])
    pairs = [(one, next(leads)), (two, next(leads))]
    turn = iter(pairs)
    lock = threading.Lock()

    def sync() -> SyncResult:
        with lock:
            service, lead = next(turn)
        return service.sync(lead, reason="engaged")

    results = _race(sync)

    assert len({r.contact_id for r in results}) == 1
    assert _counts(engine)["crm_contacts"] == 1
