"""Request limits for a public website: token buckets per key (conversation, client IP)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """`rate` requests per `per` seconds per key, with bursts up to `rate`. Thread-safe."""

    rate: int
    per: float
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, key: str) -> tuple[bool, float]:
        """Take one token for `key`; returns (allowed, seconds until the next token)."""
        now = self.clock()
        refill = self.rate / self.per
        with self._lock:
            b = self._buckets.get(key)
            if b is None:
                b = self._buckets[key] = _Bucket(tokens=float(self.rate), updated=now)
            b.tokens = min(float(self.rate), b.tokens + (now - b.updated) * refill)
            b.updated = now
            if b.tokens >= 1:
                b.tokens -= 1
                return True, 0.0
            return False, (1 - b.tokens) / refill

    def prune(self, older_than: float = 3600) -> None:
        cutoff = self.clock() - older_than
        with self._lock:
            for key in [k for k, b in self._buckets.items() if b.updated < cutoff]:
                del self._buckets[key]
