"""One document never takes down a batch: analysis in a forked worker process.

A native crash (a segfault inside a C extension) cannot be caught in the process it happens in:
before this module, one such document lost every not-yet-written document of a batch. The
analyser therefore runs small batches in a worker forked from the process that already holds the
loaded pipelines (fork shares them copy-on-write, so nothing is loaded twice). When the worker dies
or a batch raises, the documents of that batch are run again one at a time, each failure becomes an
error object naming the document, and the rest of the batch goes on.

POSIX only (fork); elsewhere, or with KHRONIKA_ISOLATE=0, documents run in process as before.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
Result = dict[str, Any]
Work = Callable[[Sequence[T]], list[Result]]
OnFailure = Callable[[T, str], Result]

# The worker's job, set in the parent before the fork so the child inherits it (and the loaded
# pipelines it closes over) without pickling.
_WORK: Work | None = None


def isolation_available() -> bool:
    return hasattr(os, "fork") and os.environ.get("KHRONIKA_ISOLATE", "1") != "0"


def _run_in_worker(items: Sequence[Any]) -> list[Result]:
    assert _WORK is not None, "worker forked without a job"
    return _WORK(items)


def _signal_name(code: int | None) -> str:
    if code is None:
        return "the worker process died"
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


class IsolatedRunner:
    """Runs `work` over batches in a forked worker; a failing document costs that document only."""

    def __init__(self, work: Work, on_failure: OnFailure) -> None:
        self._work = work
        self._on_failure = on_failure
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        global _WORK
        if self._pool is None:
            _WORK = self._work
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        return self._pool

    def _discard_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _submit(self, items: Sequence[T]) -> list[Result]:
        """Run one batch in the worker; raise on a crash or an exception."""
        return self._executor().submit(_run_in_worker, list(items)).result()

    def run(self, items: Sequence[T], batch_size: int) -> Iterator[Result]:
        """Results in input order, one per item."""
        for start in range(0, len(items), max(1, batch_size)):
            batch = items[start:start + batch_size]
            try:
                yield from self._submit(batch)
            except BrokenProcessPool:
                self._discard_pool()
                yield from self._one_by_one(batch)
            except Exception:  # noqa: BLE001 - a Python error in one document: find it below
                yield from self._one_by_one(batch)

    def _one_by_one(self, batch: Sequence[T]) -> Iterator[Result]:
        for item in batch:
            try:
                yield from self._submit([item])
            except BrokenProcessPool:
                code = self._exit_code()
                self._discard_pool()
                yield self._on_failure(item, f"the analysis crashed ({_signal_name(code)}) on this document")
            except Exception as exc:  # noqa: BLE001
                yield self._on_failure(item, failure_message(exc))

    def _exit_code(self) -> int | None:
        # The executor keeps its (single) worker in a private dict; its exit code names the signal.
        worker = next(iter((getattr(self._pool, "_processes", None) or {}).values()), None)
        if worker is None:
            return None
        worker.join(timeout=5)
        return worker.exitcode


def failure_message(exc: BaseException) -> str:
    """What an analysis error object says when a document's analysis raised `exc`."""
    return f"the analysis failed on this document: {type(exc).__name__}: {exc}"
