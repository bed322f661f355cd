"""Graph runs do LangGraph's background work in the calling thread (agent/graph_executor.py)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent import graph_executor
from agent.context import PageContext
from agent.profile import CompanyProfile
from agent.service import open_service
from agent.understanding.engine import RulesEngine


def test_graph_runs_start_no_threads_and_keep_their_checkpoints(
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
        assert graph_executor.installed()
        monkeypatch.setattr(threading.Thread, "start", counting_start)
        cid = svc.start(PageContext(page_url="https://example.com/pricing"), now).conversation_id
        for n in range(30):
            svc.post(cid, "we're a 40 person fintech" if n == 0 else "ok", now + timedelta(minutes=n + 1))
        monkeypatch.undo()
        # 31 graph runs, each writing its checkpoint: LangGraph's default would start a thread per
        # run; here the write happens in the run's own thread.
        assert started == []
        assert svc.state(cid)["lead"].company_size == 40
    # The checkpoints were written, not only held in memory: a new service reads the thread back.
    with open_service(
        profile, f"sqlite:///{tmp_path / 'q.db'}", str(tmp_path / "cp.db"), RulesEngine(profile)
    ) as again:
        state = again.state(cid)
        assert state["lead"].company_size == 40
        assert len(state["transcript"]) >= 31


def test_the_inline_executor_runs_at_submit_and_hands_back_errors() -> None:
    ex = graph_executor.InlineExecutor()
    ran: list[int] = []
    ok = ex.submit(lambda x: ran.append(x) or x * 2, 21)
    assert ran == [21] and ok.done() and ok.result() == 42
    failed = ex.submit(lambda: 1 / 0)
    assert failed.done() and isinstance(failed.exception(), ZeroDivisionError)


def test_a_failing_checkpoint_write_fails_the_run_as_it_would_from_a_thread(
    profile: CompanyProfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from langgraph.checkpoint.sqlite import SqliteSaver

    now = datetime(2026, 1, 6, 15, 0, tzinfo=UTC)
    with open_service(
        profile, f"sqlite:///{tmp_path / 'q.db'}", str(tmp_path / "cp.db"), RulesEngine(profile)
    ) as svc:
        cid = svc.start(PageContext(page_url="https://example.com/pricing"), now).conversation_id

        def broken_put(*_args: Any, **_kwargs: Any) -> Any:
            raise OSError("disk full")

        monkeypatch.setattr(SqliteSaver, "put", broken_put)
        with pytest.raises(OSError, match="disk full"):
            svc._run(cid, {"message": "hello", "now": now + timedelta(minutes=1)})


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
