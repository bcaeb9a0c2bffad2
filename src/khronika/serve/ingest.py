"""Ingest over HTTP: one CONTRACT input object -> analysed -> stored, as `khronika ingest` does.

The analysis runs in the isolation worker (nlp/isolation.py), a process forked from the server
once the pipelines are loaded: a document that crashes the analysis, natively included (a
segfault in a C extension), costs that document a 422 and a new worker, never the server. It
also keeps the analysis's CPU work off the server's interpreter lock, so reads answered while a
document is analysed do not wait for it.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from ..ingest import SourceDocument, detect_language, document_id
from ..ingest.model import IngestProblem
from ..ingest.records import record_to_document
from ..nlp.isolation import IsolatedRunner, failure_message, isolation_available
from ..store import Store


log = logging.getLogger("khronika.serve")


class IngestRefused(ValueError):
    """The input object is not a document we can analyse (message says why). `error` is the
    contract error object when the analysis itself failed on it."""

    def __init__(self, message: str, error: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.error = error


class IngestConflict(ValueError):
    """The id is already used by a stored document with another text."""


def _analysis_error(src: SourceDocument, message: str) -> dict[str, Any]:
    from ..nlp.analyze import analysis_error  # imported when needed: it loads spaCy

    return analysis_error(src, message)


class Ingestor:
    """Analyses and stores documents posted to the API.

    The Analyzer is built on first use (loading spaCy models takes seconds, and a read-only
    server never needs it), in the server process, and its pipeline for a language is loaded
    there before the worker is forked, so a new worker (after a crash) starts at once with
    everything loaded. Analyses take turns (one worker, and the lock: the server's analysis
    pool may grow).
    """

    def __init__(self, store: Store, analyzer_factory: Callable[[], Any] | None = None) -> None:
        self.store = store
        self._factory = analyzer_factory
        self._analyzer: Any = None
        self._runner: IsolatedRunner | None = None
        self._lock = threading.Lock()

    def _get_analyzer(self) -> Any:
        if self._analyzer is None:
            if self._factory is None:
                from ..nlp.analyze import Analyzer

                self._factory = Analyzer
            self._analyzer = self._factory()
        return self._analyzer

    def _work(self, sources: Sequence[SourceDocument]) -> list[dict[str, Any]]:
        # Runs in the worker (or in process without isolation): the analyzer it uses is the
        # parent's, inherited by the fork.
        analyzer = self._get_analyzer()
        return [analyzer.analyze(src) for src in sources]

    def analyze(self, src: SourceDocument) -> dict[str, Any]:
        """The contract object of `src`, or its error object when the analysis failed or crashed."""
        with self._lock:
            analyzer = self._get_analyzer()
            load = getattr(analyzer, "pipeline", None)
            if callable(load) and src.language:
                try:
                    load(src.language)  # before the fork: the worker inherits the loaded pipeline
                except Exception:  # noqa: BLE001 - the worker meets it again and reports it
                    pass
            if not isolation_available():
                try:
                    return self._work([src])[0]
                except Exception as exc:  # noqa: BLE001 - one document's failure is its 422
                    return _analysis_error(src, failure_message(exc))
            if self._runner is None:
                self._runner = IsolatedRunner(self._work, _analysis_error)
            return next(iter(self._runner.run([src], batch_size=1)))

    def close(self) -> None:
        """Stop the worker process, if any."""
        with self._lock:
            if self._runner is not None:
                self._runner.close()
                self._runner = None

    def ingest(self, record: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """(the stored contract object, True if stored now / False if it was already there)."""
        try:
            src = record_to_document(record, "<http>")
        except IngestProblem as problem:
            raise IngestRefused(problem.message) from None
        for warning in src.warnings:
            log.warning("POST /api/documents %s: %s", src.id or "(no id)", warning)
        src.language = src.language or detect_language(src.text)
        doc_id = src.id or document_id(src.text)
        existing = self.store.get(doc_id)
        if existing is not None:  # idempotent like `khronika ingest`: no second analysis
            if existing.get("text") != src.text:
                raise IngestConflict(f"the id {doc_id!r} is already used by a document with another text; "
                                     "delete it first or give this one its own id")
            return existing, False
        doc = self.analyze(src)
        if "error" in doc:
            log.warning("POST /api/documents %s: %s", doc_id, doc["error"])
            raise IngestRefused(str(doc["error"]), error=doc)
        if self.store.save(doc):
            return doc, True
        return self.store.get(doc["id"]) or doc, False
