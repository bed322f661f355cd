"""One long-lived thread pool for LangGraph's background work, instead of a new one every run.

LangGraph's synchronous loop opens `get_executor_for_config(config)` for every `invoke`: a fresh
`ThreadPoolExecutor`, whose first task (the checkpoint write at the end of the run) starts a new OS
thread, and whose exit joins it. Starting and joining a thread costs about a millisecond on the
machines we measured (more under load), which was the largest single item of a rules-engine turn
(`benchmarks/bench_turn.py`). The pool here is created once per process and never shut down by a
run; a run still waits for its own tasks, because LangGraph's `BackgroundExecutor` tracks and waits
for every future it submitted before it exits the executor's context.

Tasks are taken in submission order, and a LangGraph task only ever waits for one submitted before
it (the previous checkpoint write), so a busy pool delays work but cannot deadlock. A process made
by `fork` gets a pool of its own: thread pools do not survive a fork.

`install()` is idempotent and is called when the conversation graph is compiled. If a LangGraph
release moves the hook, nothing is patched and runs use LangGraph's own per-run pools (slower, same
results); `installed()` tells which.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from langchain_core.runnables.config import ContextThreadPoolExecutor

# Enough for every conversation a server process runs at once; idle threads cost little.
MAX_WORKERS = 32

_lock = threading.Lock()
_pool: tuple[int, ContextThreadPoolExecutor] | None = None
_installed = False


def shared_pool() -> ContextThreadPoolExecutor:
    """This process's pool (a forked child makes its own)."""
    global _pool
    pid = os.getpid()
    current = _pool
    if current is not None and current[0] == pid:
        return current[1]
    with _lock:
        if _pool is None or _pool[0] != pid:
            _pool = (
                pid,
                ContextThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="qualify-graph"),
            )
        return _pool[1]


@contextmanager
def _shared_executor(_config: Any) -> Iterator[ContextThreadPoolExecutor]:
    # Not shut down on exit: the caller (LangGraph's BackgroundExecutor) waits for its own futures.
    yield shared_pool()


def install() -> bool:
    """Point LangGraph's sync executor hook at the shared pool; False when the hook is not there."""
    global _installed
    if _installed:
        return True
    try:
        from langgraph.pregel import _executor
    except ImportError:
        return False
    if not callable(getattr(_executor, "get_executor_for_config", None)):
        return False
    setattr(_executor, "get_executor_for_config", _shared_executor)  # noqa: B010 - a private hook
    _installed = True
    return True


def installed() -> bool:
    return _installed
