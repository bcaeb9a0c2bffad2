"""Where request work runs: store queries and analyses each on their own few threads.

The event loop only parses requests and sends answers. Store queries run on a small pool
(`QUERY_THREADS`): SQLite and psycopg release the GIL while the database works, so a slow
search no longer holds every other request, `/api/health` included (50 concurrent one-letter
searches held it for 12.9 s when queries ran on the loop). Analyses of posted documents run on
a pool of their own, so a queue of them never delays a read, a static file or a map tile
(those use Starlette's default thread pool).

Each pool bounds its waiting line: past it the answer is 503 with Retry-After at once, rather
than a queue that grows as fast as a client can send. A query also has a time budget: when it
runs out, the database is told to stop (sqlite3 `interrupt()`, psycopg `cancel()`, both safe
from another thread) and the answer is 503.
"""
from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import Connection

T = TypeVar("T")

QUERY_THREADS = 2  # SQLite works outside the GIL: two threads keep 2 cores busy; more only add GIL contention
QUERY_WAITING = 64
QUERY_BUDGET_S = 5.0
ANALYSIS_THREADS = 1  # the analyzer is not thread-safe: analyses take turns anyway
ANALYSIS_WAITING = 8


class Busy(Exception):
    """The pool's waiting line is full."""


class OverBudget(Exception):
    """A query ran out of its time budget and was stopped."""


class Budget:
    """Lets the event loop stop one request's query when its time is up (counted from when the
    work starts on its thread, not from when it was queued). The lock makes sure a connection
    is never interrupted after the request gave it back to the pool (another request may be
    using it by then)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._raw: Any = None
        self._done = False
        self.stopped = False

    def attach(self, conn: Connection) -> None:
        with self._lock:
            if self.stopped:  # the time ran out while the request waited for a connection
                raise OverBudget
            self._raw = None if self._done else conn.connection.driver_connection

    def finish(self) -> None:
        with self._lock:
            self._done, self._raw = True, None

    def stop(self) -> None:
        with self._lock:
            if self._done:
                return
            self.stopped = True
            raw, self._raw = self._raw, None
            stop = getattr(raw, "interrupt", None) or getattr(raw, "cancel", None)
            if stop is not None:
                stop()


class Pool:
    """A few threads for one kind of work, with a bounded waiting line."""

    def __init__(self, name: str, threads: int, waiting: int) -> None:
        self._name, self._threads = name, threads
        self._executor: ThreadPoolExecutor | None = None
        self._limit = threads + waiting
        self._inside = 0  # touched only on the event loop thread

    def _pool(self) -> ThreadPoolExecutor:
        # Made on first use, again after close(): an app may be started more than once (each
        # TestClient block runs the lifespan, which closes the pools at its end).
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self._threads, thread_name_prefix=f"khronika-{self._name}")
        return self._executor

    async def run(self, fn: Callable[..., T], *args: Any, budget: Budget | None = None,
                  seconds: float | None = None) -> T:
        if self._inside >= self._limit:
            raise Busy
        self._inside += 1
        loop = asyncio.get_running_loop()
        try:
            if budget is None or seconds is None:
                return await loop.run_in_executor(self._pool(), functools.partial(fn, *args))

            def timed() -> T:
                timer: list[asyncio.TimerHandle] = []  # armed on the loop when the work starts

                def disarm() -> None:
                    for t in timer:
                        t.cancel()

                loop.call_soon_threadsafe(lambda: timer.append(loop.call_later(seconds, budget.stop)))
                try:
                    return fn(*args)
                finally:  # callbacks run in order: the timer is armed before it is cancelled
                    loop.call_soon_threadsafe(disarm)

            try:
                return await loop.run_in_executor(self._pool(), timed)
            except Exception:
                if budget.stopped:  # the database's "interrupted", in its own words
                    raise OverBudget from None
                raise
        finally:
            self._inside -= 1

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
