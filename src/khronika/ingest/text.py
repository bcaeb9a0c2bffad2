"""Plain text files: the decoded text, unchanged."""
from __future__ import annotations

from .decode import decode_text
from .model import SourceDocument


def read_text(data: bytes, origin: str) -> SourceDocument:
    # Line endings are deliberately kept ("\r\n" stays): the contract promises that offsets
    # point into the input text unchanged; only the encoding and a BOM are undone.
    text, warnings = decode_text(data)
    return SourceDocument(text=text, origin=origin, warnings=warnings)
