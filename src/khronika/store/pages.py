"""Pages of a list and their keyset cursors (see queries.py for why keysets, not OFFSET).

A cursor is the last row's sort key, as JSON in URL-safe base64. It comes back from the
client, so it is checked like any other input before its values reach the database: of the
list it was made for, values of the key's types, integers that fit the 64-bit columns and text
that is valid Unicode (a lone surrogate cannot be sent to SQLite or PostgreSQL).
"""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, tuple_

_INT64 = (-(1 << 63), (1 << 63) - 1)
_MAX_KEY_CHARS = 500  # ids are at most 500 characters (ingest.metadata), dates 10


class BadCursor(ValueError):
    """A cursor this module did not make (or made for another list)."""


@dataclass
class Page:
    items: list[dict[str, Any]]
    next: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "next": self.next}


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _usable(value: Any, expected: type) -> bool:
    if type(value) is not expected:
        return False
    if expected is int and isinstance(value, int):
        return _INT64[0] <= value <= _INT64[1]
    if expected is str and isinstance(value, str):
        if len(value) > _MAX_KEY_CHARS:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return False
    return True


def decode_cursor(kind: str, cursor: str, types: Sequence[type]) -> list[Any]:
    """The key in `cursor`, checked to be a `kind` cursor whose values have `types`."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeError, RecursionError):
        raise BadCursor("malformed cursor") from None
    if (not isinstance(value, list) or len(value) != len(types) + 1 or value[0] != kind
            or not all(_usable(v, t) for v, t in zip(value[1:], types, strict=True))):
        raise BadCursor(f"not a cursor of this {kind} list")
    return value[1:]


def after_key(columns: Sequence[ColumnElement[Any]], descending: bool) -> ColumnElement[bool]:
    """Rows strictly after the cursor key (bind parameters c0, c1, ...) in (columns) order: a
    row-value comparison, which SQLite and PostgreSQL both answer with an index range scan."""
    left, right = tuple_(*columns), tuple_(*(bindparam(f"c{i}") for i in range(len(columns))))
    return left < right if descending else left > right


def cursor_params(kind: str, cursor: str | None, types: Sequence[type]) -> dict[str, Any]:
    return {f"c{i}": v for i, v in enumerate(decode_cursor(kind, cursor, types))} if cursor else {}


def cut_page(rows: Sequence[Any], limit: int, kind: str, key_of: Any) -> tuple[Sequence[Any], str | None]:
    """Rows of this page and the cursor of the next (we fetch limit+1 rows to know if there is one)."""
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode_cursor(kind, key_of(rows[-1]))
    return rows, None
