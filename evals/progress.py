"""A progress bar on stderr for long eval runs: one line, redrawn in place, no dependency.

It is drawn only where a person is watching (stderr is a terminal) or when asked for (`--progress`),
so logs and CI output stay clean. Redraws are throttled; the clock is injected for tests.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 28
MIN_REDRAW_SECONDS = 0.1


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class Progress:
    """`advance()` after each finished item; `close()` once at the end (draws the final line)."""

    def __init__(
        self,
        total: int,
        label: str,
        stream: TextIO,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.done = 0
        self._label = label
        self._stream = stream
        self._clock = clock
        self._started = clock()
        self._drawn_at: float | None = None

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        now = self._clock()
        if self._drawn_at is None or now - self._drawn_at >= MIN_REDRAW_SECONDS:
            self._draw(now)

    def close(self) -> None:
        self._draw(self._clock())
        self._stream.write("\n")
        self._stream.flush()

    def line(self, now: float) -> str:
        """The bar as it reads at `now`: label, bar, count, percent, rate and time left."""
        fraction = self.done / self.total if self.total else 1.0
        filled = round(WIDTH * fraction)
        elapsed = now - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        if self.done >= self.total:
            tail = f"in {_duration(elapsed)}"
        elif rate > 0:
            tail = f"{_duration((self.total - self.done) / rate)} left"
        else:
            tail = "starting"
        return (
            f"{self._label} [{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} "
            f"{fraction:4.0%} {rate:5.1f}/s {tail}"
        )

    def _draw(self, now: float) -> None:
        self._drawn_at = now
        # \r returns to the line start; trailing spaces erase a longer previous line.
        self._stream.write("\r" + self.line(now).ljust(78))
        self._stream.flush()


def progress_for(total: int, label: str, *, forced: bool, stream: TextIO | None = None) -> Progress | None:
    """A bar when stderr is a terminal or `forced` (`--progress`), else None (nothing drawn)."""
    out = stream if stream is not None else sys.stderr
    if forced or out.isatty():
        return Progress(total, label, out)
    return None
