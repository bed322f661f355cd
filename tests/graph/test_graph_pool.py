"""Graph runs share one thread pool instead of starting a thread per run (agent/graph_pool.py)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent import graph_pool
from agent.context import PageContext
from agent.profile import CompanyProfile
from agent.service import open_service
from agent.understanding.engine import RulesEngine


def test_graph_runs_reuse_the_shared_pool(
    profile: CompanyProfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    real_start = threading.Thread.start

    def counting_start(self: threading.Thread) -> None:
        started.append(self.name)
        real_start(self)

    now = datetime(2026, 1, 6, 15, 0, tzinfo=UTC)
    with open_service(
        profile, f"sqlite:///{tmp_path / 'q.db'}", str(tmp_path / "cp.db"), RulesEngine(profile)
    ) as svc:
        assert graph_pool.installed()
        monkeypatch.setattr(threading.Thread, "start", counting_start)
        cid = svc.start(PageContext(page_url="https://example.com/pricing"), now).conversation_id
        for n in range(30):
            svc.post(cid, "we're a 40 person fintech" if n == 0 else "ok", now + timedelta(minutes=n + 1))
        monkeypatch.undo()
        # 31 graph runs, each writing its checkpoint on a pool thread: with a pool per run that
        # would be 31 new threads; the shared pool starts a few at most, and only its own.
        assert len(started) <= 8
        assert all(name.startswith("qualify-graph") for name in started)
        assert svc.state(cid)["lead"].company_size == 40


def test_the_pool_is_one_per_process() -> None:
    assert graph_pool.shared_pool() is graph_pool.shared_pool()


def test_wait_for_crm_returns_once_the_background_writer_has_applied_the_turn(
    profile: CompanyProfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tools.crm import CrmService

    real_sync = CrmService.sync

    def slow_sync(self: CrmService, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)  # a slow CRM: without waiting, the contact would not be there yet
        return real_sync(self, *args, **kwargs)

    monkeypatch.setattr(CrmService, "sync", slow_sync)
    now = datetime(2026, 1, 6, 15, 0, tzinfo=UTC)
    with open_service(
        profile,
        f"sqlite:///{tmp_path / 'q.db'}",
        str(tmp_path / "cp.db"),
        RulesEngine(profile),
        crm_in_background=True,
    ) as svc:
        cid = svc.start(PageContext(page_url="https://example.com/pricing"), now).conversation_id
        outcome = svc.post(cid, "I'm Dana, dana@acme-freight.com", now + timedelta(minutes=1))
        assert any(e.tool == "crm" and e.detail == "queued" for e in outcome.events)
        svc.wait_for_crm()
        contact = svc.context.crm.contact_by_email("dana@acme-freight.com")
        assert contact is not None
