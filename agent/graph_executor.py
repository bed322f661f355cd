"""LangGraph's background work for our graph runs in the calling thread.

LangGraph's synchronous loop opens `get_executor_for_config(config)` for every `invoke` and hands
it background work: for our runs (`durability="exit"`, one node per step) that is one task, the
end-of-run checkpoint write, which the run then waits for before it returns. By default that
executor is a fresh `ThreadPoolExecutor`: a thread started and joined per run. A shared pool
(this module's first version) removed the thread start, but the hand-off remained: wake a pool
thread, wait on a condition for it, and on a busy 2-core machine the wake-up often costs more
than the write itself (0.5-1 ms a run, in `benchmarks/bench_turn.py`).

Here the hook returns an executor whose `submit` runs the task at once, in the caller's thread,
and returns a completed future. Nothing overlaps that could: the run waits for the write anyway.
Results are the same:
- a task's exception is stored in its future and re-raised by LangGraph on exit, as from a thread;
- a checkpoint write that waits for the previous one finds it done;
- parallel tasks of one step (fan-out with `Send`; our graph has none) run one after the other.

`install()` is idempotent and is called when the conversation graph is compiled. If a LangGraph
release moves the hook, nothing is patched and runs use LangGraph's own per-run pools (slower, same
results); `installed()` tells which.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

_installed = False


class InlineExecutor(concurrent.futures.Executor):
    """An executor that runs each task when it is submitted, in the submitting thread."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:  # handed to the caller through the future, as a thread would
            future.set_exception(exc)
        else:
            future.set_result(result)
        return future


_EXECUTOR = InlineExecutor()


@contextmanager
def _inline_executor(_config: Any) -> Iterator[InlineExecutor]:
    yield _EXECUTOR


def install() -> bool:
    """Point LangGraph's sync executor hook at the inline executor; False when the hook is not
    there."""
    global _installed
    if _installed:
        return True
    try:
        from langgraph.pregel import _executor
    except ImportError:
        return False
    if not callable(getattr(_executor, "get_executor_for_config", None)):
        return False
    setattr(_executor, "get_executor_for_config", _inline_executor)  # noqa: B010 - a private hook
    _installed = True
    return True


def installed() -> bool:
    return _installed
