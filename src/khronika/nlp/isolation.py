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


# The parent's ends of every live worker's pipe. A forked child inherits copies of them and must
# close them: while any copy of a parent end is open, its worker never sees EOF when the parent
# closes it, and the parent's join at close waits its full timeout.
_PARENT_ENDS: set[Connection] = set()


def _serve(conn: Connection, work: Work) -> None:
    # The child inherits `work` (and the loaded pipelines it closes over) through fork: nothing
    # is pickled but the documents and the results.
    for end in list(_PARENT_ENDS):
        end.close()
    _PARENT_ENDS.clear()
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
        # Not a daemon: library work may fork its own processes. The finalizer closes the pipe at
        # exit so multiprocessing's own join of its children never waits.
        _PARENT_ENDS.add(self._conn)
        self._process = ctx.Process(target=_serve, args=(child, work))
        self._process.start()
        child.close()
        self._finalizer = weakref.finalize(self, _shut_down, self._conn, self._process)

    def send(self, items: list[Any]) -> None:
        try:
            self._conn.send(items)
        except OSError:
            raise self._crashed() from None

    def receive(self, timeout: float | None) -> list[Result]:
        try:
            if timeout is not None and not self._conn.poll(timeout):
                self.kill()
                raise WorkerDied(f"the analysis ran longer than {timeout:g} s on this document and was stopped")
            status, payload = self._conn.recv()
        except (EOFError, OSError):
            raise self._crashed() from None
        if status == "error":
            raise BatchFailed(*payload)
        return payload

    def _crashed(self) -> WorkerDied:
        # Our own child: its exit code (the signal) is there to read once it is joined.
        self._process.join(timeout=5)
        return WorkerDied(f"the analysis crashed ({_signal_name(self._process.exitcode)}) on this document")

    def kill(self) -> None:
        self._finalizer.detach()
        _shut_down(self._conn, self._process, grace=0)

    def close(self) -> None:
        self._finalizer()


def _shut_down(conn: Connection, process: multiprocessing.process.BaseProcess, grace: float = 5.0) -> None:
    """Close the worker's pipe (it sees EOF and returns), give it `grace` seconds, then kill it."""
    _PARENT_ENDS.discard(conn)
    conn.close()
    if grace:
        process.join(timeout=grace)
    if process.is_alive():
        process.kill()
        process.join(timeout=5)


class IsolatedRunner:
    """Runs `work` over batches in forked workers (`workers` of them, each on its own batch at the
    same time); a failing document costs that document only."""

    def __init__(self, work: Work, on_failure: OnFailure, workers: int = 1) -> None:
        self._work = work
        self._on_failure = on_failure
        self._workers: list[_Worker | None] = [None] * max(1, workers)
        self._timeout = document_timeout()

    def _worker(self, k: int) -> _Worker:
        worker = self._workers[k]
        if worker is None:
            worker = self._workers[k] = _Worker(self._work)
        return worker

    def _discard_worker(self, k: int) -> None:
        worker, self._workers[k] = self._workers[k], None
        if worker is not None:
            worker.kill()

    def close(self) -> None:
        for k, worker in enumerate(self._workers):
            if worker is not None:
                worker.close()
            self._workers[k] = None

    def _budget(self, n: int) -> float | None:
        return None if self._timeout is None else self._timeout * n

    def _submit(self, items: Sequence[T]) -> list[Result]:
        """Run one batch in the first worker; raise WorkerDied or BatchFailed."""
        try:
            worker = self._worker(0)
            worker.send(list(items))
            return worker.receive(self._budget(len(items)))
        except WorkerDied:
            self._discard_worker(0)
            raise

    def run(self, items: Sequence[T], batch_size: int) -> Iterator[Result]:
        """Results in input order, one per item."""
        size = max(1, batch_size)
        batches = [items[start:start + size] for start in range(0, len(items), size)]
        n = len(self._workers)
        for first in range(0, len(batches), n):
            group = batches[first:first + n]
            sent = []
            for k, batch in enumerate(group):
                try:
                    self._worker(k).send(list(batch))
                    sent.append(True)
                except WorkerDied:
                    self._discard_worker(k)
                    sent.append(False)
            for k, batch in enumerate(group):
                if sent[k]:
                    try:
                        yield from self._worker(k).receive(self._budget(len(batch)))
                        continue
                    except WorkerDied:
                        self._discard_worker(k)
                    except BatchFailed:
                        pass
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
