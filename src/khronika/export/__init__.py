"""Exports: writers that stream the store's contents to a text stream.

    from khronika.export import export, FORMATS
    with open("out.csv", "w", encoding="utf-8", newline="") as fh:
        export(store, "csv", fh)

Each writer takes `(store, out)` and returns how many records it wrote. To add a format, add
its writer to WRITERS.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..store import Store
from .acled import write_acled_csv
from .geojson import write_geojson
from .jsonl import write_jsonl
from .mentions_csv import write_csv
from .plover import write_plover_jsonl

Writer = Callable[[Store, TextIO], int]

WRITERS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
    "acled-csv": write_acled_csv,
    "plover-jsonl": write_plover_jsonl,
}
FORMATS: frozenset[str] = frozenset(WRITERS)


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write the store to `out` in format `fmt`; returns the number of records written."""
    writer = WRITERS.get(fmt.strip().lower())
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}; supported: {', '.join(sorted(WRITERS))}")
    return writer(store, out)


__all__ = ["FORMATS", "WRITERS", "export", "write_acled_csv", "write_csv", "write_geojson", "write_jsonl",
           "write_plover_jsonl"]
