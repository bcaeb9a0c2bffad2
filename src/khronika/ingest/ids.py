"""Stable document ids from content."""
from __future__ import annotations

import hashlib


def document_id(text: str) -> str:
    """"sha256:" + the first 16 hex digits of the SHA-256 of the UTF-8 text.

    16 hex digits (64 bits) keep ids short enough to read and type while collisions stay
    negligible for any archive khronika will hold.
    """
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
