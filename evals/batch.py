"""Running an eval over many conversations, serially or on worker processes, in input order.

A `Job` says how to prepare a worker (`setup`: load the profile, open a harness) and how to handle
one item (`run`). With one worker everything runs in this process; with more, each worker process
sets the job up once and handles items independently. Results always come back in input order, so
output files and reports are identical whatever the number of workers.

Workers are processes, not threads: a turn is CPU-bound Python. They are forked when this process
has a single thread (cheap: the imported modules come along, nothing is re-imported); a process
with other threads running (a test runner, a server) forks only from a clean fork server, because
forking a multi-threaded process can copy a lock some other thread holds.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, Generic, Protocol, TypeVar

from evals.progress import Progress

Item = TypeVar("Item")
Result = TypeVar("Result")
Item_contra = TypeVar("Item_contra", contravariant=True)
Result_co = TypeVar("Result_co", covariant=True)


class Job(Protocol[Item_contra, Result_co]):
    """What a batch runs. Must pickle (it is sent to worker processes before `setup`).

    `close` runs after a serial batch; a worker process holds only in-memory resources and simply
    exits when the batch is done."""

    def setup(self) -> None: ...

    def run(self, item: Item_contra) -> Result_co: ...

    def close(self) -> None: ...


def default_workers() -> int:
    return os.cpu_count() or 1


def _context() -> BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


# The job of this worker process, set up once by `_start_worker`.
_worker_job: Any = None


def _start_worker(job: Any) -> None:
    global _worker_job
    _worker_job = job
    job.setup()


def _run_in_worker(item: Any) -> Any:
    return _worker_job.run(item)


class Batch(Generic[Item, Result]):
    def __init__(self, job: Job[Item, Result], workers: int, progress: Progress | None = None) -> None:
        self.job = job
        self.workers = max(1, workers)
        self.progress = progress

    def run(self, items: Sequence[Item]) -> list[Result]:
        """Every item's result, in the order of `items`."""
        workers = min(self.workers, len(items))
        try:
            results = self._serial(items) if workers <= 1 else self._parallel(items, workers)
        finally:
            if self.progress is not None:
                self.progress.close()
        return results

    def _serial(self, items: Sequence[Item]) -> list[Result]:
        self.job.setup()
        try:
            return list(self._tick(self.job.run(item) for item in items))
        finally:
            self.job.close()

    def _parallel(self, items: Sequence[Item], workers: int) -> list[Result]:
        # Chunks amortise the hop between processes; small enough that the bar keeps moving and
        # the last chunks do not leave one worker alone with a long tail.
        chunk = max(1, min(16, len(items) // (workers * 8)))
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=_context(), initializer=_start_worker, initargs=(self.job,)
        ) as pool:
            return list(self._tick(pool.map(_run_in_worker, items, chunksize=chunk)))

    def _tick(self, results: Iterable[Result]) -> Iterable[Result]:
        for result in results:
            if self.progress is not None:
                self.progress.advance()
            yield result
