"""JSON Lines: one contract object per stored document, exactly as `Store.get` returns it."""
from __future__ import annotations

import json
from typing import TextIO

from ..store import Store


def write_jsonl(store: Store, out: TextIO) -> int:
    """Write every stored document, in id order, one per line; returns how many."""
    n = 0
    for doc in store.iter_documents():
        out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        n += 1
    return n
