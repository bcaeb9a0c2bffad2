"""Ingest: files, folders, stdin and feeds -> SourceDocument | IngestError (no NLP here).

    from khronika.ingest import read_inputs
    for item in read_inputs(["reports/", "feed.xml", "-"], max_bytes=20_000_000):
        ...  # SourceDocument to analyse, or IngestError to report (origin + message)
"""
from __future__ import annotations

from .ids import document_id
from .langid import detect_language
from .model import DEFAULT_MAX_BYTES, IngestError, SourceDocument
from .read import read_inputs

__all__ = [
    "DEFAULT_MAX_BYTES",
    "IngestError",
    "SourceDocument",
    "detect_language",
    "document_id",
    "read_inputs",
]
