"""Who is a distinct source: outlets and texts, so one text read twice is one witness.

Corroboration counts independent reports. Two documents are one source when they come from the
same outlet (its name, else the host of its URL), or when they carry the same text: equal once
normalised (case, accents, punctuation, spacing), or near copies (a republished article with a
line added), judged by a MinHash sketch of word 5-grams. Each stored document has one
`document_fingerprints` row; stores written before it existed get theirs on first use.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from sqlalchemy import Connection, Table, delete, select

from .models import Document, DocumentFingerprint
from .normalize import normalize_alias
from .write import insert_ignore

FINGERPRINTS: Table = DocumentFingerprint.__table__  # type: ignore[assignment]
DOCUMENTS: Table = Document.__table__  # type: ignore[assignment]

SHINGLE = 5             # words per shingle
SKETCH = 64             # MinHash values per document
NEAR_JACCARD = 0.8      # estimated resemblance of two near copies
NEAR_CONTAINMENT = 0.9  # share of the shorter text found in the longer (a lead republished alone)
MIN_SHINGLES = 12       # below this a text is too short to call a near copy by sketch
MAX_PAIRWISE = 400      # documents compared pairwise in one cluster (beyond: exact hashes only)

_rng = np.random.default_rng(0x6B68726F)
_MASKS = _rng.integers(0, 2**63, SKETCH, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_MULTS = _rng.integers(0, 2**63, SKETCH, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    document_id: str
    norm_hash: str
    outlet: str | None
    host: str | None
    n_shingles: int
    sketch: np.ndarray

    def keys(self) -> set[str]:
        """Keys two documents of one source share."""
        out = {"t:" + self.norm_hash}
        if self.outlet:
            out.add("o:" + self.outlet)
        if self.host:
            out.add("h:" + self.host)
        return out


def normalized_text(text: str) -> str:
    """Words only, case- and accent-folded, single-spaced: what a copy keeps of the text."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(folded))


def _sketch(words: list[str]) -> tuple[int, np.ndarray]:
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    base = np.fromiter((int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
                        for g in grams), dtype=np.uint64, count=len(grams))
    # Multiply-shift hashing, one odd multiplier per sketch slot (uint64 arithmetic wraps).
    mixed = ((base[None, :] ^ _MASKS[:, None]) * _MULTS[:, None]) >> np.uint64(32)
    return len(grams), mixed.min(axis=1).astype(np.uint32)


def outlet_key(source: str | None) -> str | None:
    key = " ".join(_WORD.findall(normalize_alias(source))) if source else ""
    return key or None


# Platforms where the outlet is the account, not the host: t.me/channel, x.com/account.
SHARED_HOSTS = frozenset({"t.me", "telegram.me", "twitter.com", "x.com", "facebook.com", "m.facebook.com",
                          "youtube.com", "m.youtube.com", "instagram.com", "vk.com", "medium.com", "tiktok.com"})


def host_key(url: str | None) -> str | None:
    """The outlet an URL names: its host without "www.", with the account on shared platforms."""
    try:
        parts = urlsplit(url) if url else None
        host = (parts.hostname or "") if parts else ""
    except ValueError:
        return None
    host = host.lower().removeprefix("www.")
    if host in SHARED_HOSTS and parts is not None:
        account = next((p for p in parts.path.split("/") if p and p != "s"), "")  # t.me/s/channel
        return f"{host}/{account.lower()}" if account else None
    return host or None


def fingerprint_row(doc_id: str, text: str, source: str | None, url: str | None) -> dict[str, Any]:
    norm = normalized_text(text)
    n, sketch = _sketch(norm.split())
    return {"document_id": doc_id, "norm_hash": hashlib.sha256(norm.encode()).hexdigest()[:32],
            "outlet": outlet_key(source), "host": host_key(url), "n_shingles": n, "sketch": sketch.tobytes().hex()}


def _from_row(row: Any) -> Fingerprint:
    m = row._mapping if hasattr(row, "_mapping") else row
    return Fingerprint(m["document_id"], m["norm_hash"], m["outlet"], m["host"], int(m["n_shingles"]),
                       np.frombuffer(bytes.fromhex(m["sketch"]), dtype=np.uint32))


def add(conn: Connection, doc: dict[str, Any]) -> Fingerprint:
    """Record the fingerprint of a just-stored contract document."""
    meta = doc["document"]
    row = fingerprint_row(doc["id"], doc["text"], meta.get("source"), meta.get("url"))
    conn.execute(insert_ignore(conn, FINGERPRINTS, ["document_id"]).values(**row))
    return _from_row(row)


def remove(conn: Connection, doc_id: str) -> None:
    conn.execute(delete(FINGERPRINTS).where(FINGERPRINTS.c.document_id == doc_id))


def fingerprints(conn: Connection, doc_ids: Iterable[str]) -> dict[str, Fingerprint]:
    """Fingerprints of stored documents, computed (and kept) for documents stored without one."""
    ids = sorted(set(doc_ids))
    out: dict[str, Fingerprint] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in conn.execute(select(FINGERPRINTS).where(FINGERPRINTS.c.document_id.in_(chunk))):
            out[r.document_id] = _from_row(r)
        missing = [d for d in chunk if d not in out]
        if missing:
            stmt = select(DOCUMENTS.c.id, DOCUMENTS.c.text, DOCUMENTS.c.source, DOCUMENTS.c.url) \
                .where(DOCUMENTS.c.id.in_(missing))
            rows = [fingerprint_row(r.id, r.text, r.source, r.url) for r in conn.execute(stmt)]
            if rows:
                conn.execute(insert_ignore(conn, FINGERPRINTS, ["document_id"]), rows)
            out.update((r["document_id"], _from_row(r)) for r in rows)
    return out


def copies_of(conn: Connection, fp: Fingerprint) -> list[str]:
    """Other stored documents with the same normalised text (a copy under another id)."""
    return sorted(conn.scalars(select(FINGERPRINTS.c.document_id).where(
        FINGERPRINTS.c.norm_hash == fp.norm_hash, FINGERPRINTS.c.document_id != fp.document_id)))


def near_copies(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether two texts are one text republished: nearly the same shingles, or the shorter one
    almost wholly inside the longer."""
    if a.norm_hash == b.norm_hash:
        return True
    if min(a.n_shingles, b.n_shingles) < MIN_SHINGLES:
        return False
    j = float(np.mean(a.sketch == b.sketch))
    if j >= NEAR_JACCARD:
        return True
    # |A ∩ B| = J (|A| + |B|) / (1 + J): how much of the shorter text the longer contains.
    inter = j * (a.n_shingles + b.n_shingles) / (1 + j)
    return inter / min(a.n_shingles, b.n_shingles) >= NEAR_CONTAINMENT


def source_groups(fps: list[Fingerprint]) -> dict[str, int]:
    """Document id -> its source group: documents sharing an outlet, a host or a text (or being
    near copies) are one group. The number of groups is the number of distinct sources."""
    parent = list(range(len(fps)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first: dict[str, int] = {}
    for i, fp in enumerate(fps):
        for key in fp.keys():
            if key in first:
                union(first[key], i)
            else:
                first[key] = i
    if len(fps) <= MAX_PAIRWISE:
        for i in range(len(fps)):
            for j in range(i + 1, len(fps)):
                if find(i) != find(j) and near_copies(fps[i], fps[j]):
                    union(i, j)
    return {fp.document_id: find(i) for i, fp in enumerate(fps)}
