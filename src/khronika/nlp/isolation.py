"""One document never takes down a batch: analysis in a forked worker process.

A native crash (a segfault inside a C extension) cannot be caught in the process it happens in:
before this module, one such document lost every not-yet-written document of a batch. The
analyser therefore runs small batches in a worker forked from the process that already holds the
loaded pipelines (fork shares them copy-on-write, so nothing is loaded twice). When the worker dies
or a batch raises, the documents of that batch are run again one at a time, each failure becomes an
error object naming the document, and the rest of the batch goes on.

The worker is a plain `multiprocessing.Process` talking over a pipe, not a `ProcessPoolExecutor`:
the executor's manager thread reaps a dead worker on its own schedule, so its exit code (which
names the signal) was sometimes gone before the parent could read it. Owning the process makes
the signal name reliable.

POSIX only (fork); elsewhere, or with KHRONIKA_ISOLATE=0, documents run in process as before.
KHRONIKA_DOC_TIMEOUT=SECONDS (optional) stops a document whose analysis runs longer.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import weakref
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
Result = dict[str, Any]
Work = Callable[[Sequence[T]], list[Result]]
OnFailure = Callable[[T, str], Result]


def isolation_available() -> bool:
    return hasattr(os, "fork") and os.environ.get("KHRONIKA_ISOLATE", "1") != "0"


def document_timeout() -> float | None:
    raw = os.environ.get("KHRONIKA_DOC_TIMEOUT", "").strip()
    try:
        seconds = float(raw) if raw else 0.0
    except ValueError:
        return None
    return seconds if seconds > 0 else None


class WorkerDied(Exception):
    """The worker process ended (a native crash, a kill) or overran its time budget."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BatchFailed(Exception):
    """A Python exception in the worker, carried back by type name and message."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(message)
        self.type_name = type_name


def _serve(conn: Connection, work: Work) -> None:
    # The child inherits `work` (and the loaded pipelines it closes over) through fork: nothing
    # is pickled but the documents and the results.
    while True:
        try:
            items = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", work(items)))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which isolates the document
            conn.send(("error", (type(exc).__name__, str(exc))))


def _signal_name(code: int | None) -> str:
    if code is None:
        return "the worker process died"
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


class _Worker:
    def __init__(self, work: Work) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        # Not a daemon: the worker may fork its own (nlp.pipe with n_process > 1). The finalizer
        # closes the pipe at exit so multiprocessing's own join of its children never waits.
        self._process = ctx.Process(target=_serve, args=(child, work))
        self._process.start()
        child.close()
        self._finalizer = weakref.finalize(self, _shut_down, self._conn, self._process)

    def run(self, items: list[Any], timeout: float | None) -> list[Result]:
        try:
            self._conn.send(items)
            if timeout is not None and not self._conn.poll(timeout):
                self.kill()
                raise WorkerDied(f"the analysis ran longer than {timeout:g} s on this document and was stopped")
            status, payload = self._conn.recv()
        except (EOFError, OSError):
            raise WorkerDied(f"the analysis crashed ({_signal_name(self._exit_code())}) on this document") from None
        if status == "error":
            raise BatchFailed(*payload)
        return payload

    def _exit_code(self) -> int | None:
        self._process.join(timeout=5)
        return self._process.exitcode

    def kill(self) -> None:
        self._finalizer.detach()
        self._conn.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join(timeout=5)

    def close(self) -> None:
        self._finalizer()


def _shut_down(conn: Connection, process: multiprocessing.process.BaseProcess) -> None:
    conn.close()  # the worker sees EOF and returns
    process.join(timeout=5)
    if process.is_alive():
        process.kill()
        process.join(timeout=5)


class IsolatedRunner:
    """Runs `work` over batches in a forked worker; a failing document costs that document only."""

    def __init__(self, work: Work, on_failure: OnFailure) -> None:
        self._work = work
        self._on_failure = on_failure
        self._worker: _Worker | None = None
        self._timeout = document_timeout()

    def _discard_worker(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def _submit(self, items: Sequence[T]) -> list[Result]:
        """Run one batch in the worker; raise WorkerDied or BatchFailed."""
        if self._worker is None:
            self._worker = _Worker(self._work)
        timeout = None if self._timeout is None else self._timeout * len(items)
        try:
            return self._worker.run(list(items), timeout)
        except WorkerDied:
            self._discard_worker()
            raise

    def run(self, items: Sequence[T], batch_size: int) -> Iterator[Result]:
        """Results in input order, one per item."""
        for start in range(0, len(items), max(1, batch_size)):
            batch = items[start:start + batch_size]
            try:
                yield from self._submit(batch)
            except (WorkerDied, BatchFailed):
                yield from self._one_by_one(batch)

    def _one_by_one(self, batch: Sequence[T]) -> Iterator[Result]:
        for item in batch:
            try:
                yield from self._submit([item])
            except WorkerDied as died:
                yield self._on_failure(item, died.reason)
            except BatchFailed as exc:
                yield self._on_failure(item, failure_message(exc))


def failure_message(exc: BaseException) -> str:
    """What an analysis error object says when a document's analysis raised `exc`."""
    name = exc.type_name if isinstance(exc, BatchFailed) else type(exc).__name__
    return f"the analysis failed on this document: {name}: {exc}"
