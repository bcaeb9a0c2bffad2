"""Ingest over HTTP: one CONTRACT input object -> analysed -> stored, as `khronika ingest` does."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from ..ingest import detect_language, document_id
from ..ingest.model import IngestProblem
from ..ingest.records import record_to_document
from ..store import Store


log = logging.getLogger("khronika.serve")


class IngestRefused(ValueError):
    """The input object is not a document we can analyse (message says why)."""


class IngestConflict(ValueError):
    """The id is already used by a stored document with another text."""


class Ingestor:
    """Analyses and stores documents posted to the API.

    The Analyzer is built on first use (loading spaCy models takes seconds, and a read-only
    server never needs it). spaCy pipelines are not documented as thread-safe, and the server
    runs sync endpoints on a thread pool, so analyses take turns under a lock.
    """

    def __init__(self, store: Store, analyzer_factory: Callable[[], Any] | None = None) -> None:
        self.store = store
        self._factory = analyzer_factory
        self._analyzer: Any = None
        self._lock = threading.Lock()

    def _get_analyzer(self) -> Any:
        if self._analyzer is None:
            if self._factory is None:
                from ..nlp.analyze import Analyzer

                self._factory = Analyzer
            self._analyzer = self._factory()
        return self._analyzer

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
        with self._lock:
            doc = self._get_analyzer().analyze(src)
        if "error" in doc:
            raise IngestRefused(str(doc["error"]))
        if self.store.save(doc):
            return doc, True
        return self.store.get(doc["id"]) or doc, False
