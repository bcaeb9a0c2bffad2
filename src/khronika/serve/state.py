"""What one running server holds: the store, the write token, map settings, small caches."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..store import Store
from .ingest import Ingestor
from .pools import ANALYSIS_THREADS, ANALYSIS_WAITING, QUERY_BUDGET_S, QUERY_THREADS, QUERY_WAITING, Pool
from .security import AuthThrottle
from .tiles import TileStore

CACHE_SECONDS = 60.0
HEALTH_SECONDS = 1.0


@dataclass
class ServerState:
    store: Store
    token: str | None
    ingestor: Ingestor
    tile_store: TileStore | None = None
    tiles_url: str | None = None  # template the web app's map loads tiles from
    tiles_max_zoom: int | None = None
    tiles_attribution: str | None = None
    queries: Pool = field(default_factory=lambda: Pool("query", QUERY_THREADS, QUERY_WAITING))
    analyses: Pool = field(default_factory=lambda: Pool("analysis", ANALYSIS_THREADS, ANALYSIS_WAITING))
    # One thread for /api/health's count: never queued behind searches, never on the event loop
    # (where waiting for a free database connection would stop everything).
    checks: Pool = field(default_factory=lambda: Pool("health", 1, 32))
    query_budget: float = QUERY_BUDGET_S
    health_seconds: float = HEALTH_SECONDS
    auth: AuthThrottle = field(default_factory=AuthThrottle)
    _cache: dict[str, tuple[float, Any]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def cached(self, key: str, compute: Callable[[], Any], ttl: float = CACHE_SECONDS) -> Any:
        """Whole-store aggregates (the map's places, filter facets) cost a scan of large tables;
        they are recomputed at most every CACHE_SECONDS, and at once after a write through this
        server. A document ingested by another process shows up within CACHE_SECONDS."""
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit and now - hit[0] < ttl:
            return hit[1]
        value = compute()
        with self._lock:
            self._cache[key] = (now, value)
        return value

    def peek(self, key: str, ttl: float) -> Any:
        """The cached value of `key` if younger than `ttl` seconds, else None."""
        hit = self._cache.get(key)
        return hit[1] if hit and time.monotonic() - hit[0] < ttl else None

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._cache[key] = (time.monotonic(), value)

    def invalidate(self) -> None:
        with self._lock:
            self._cache.clear()

    def close(self) -> None:
        self.queries.close()
        self.analyses.close()
        self.checks.close()
        self.ingestor.close()
