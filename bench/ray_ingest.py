"""`khronika ingest --engine ray` against the local engine (one process) on the same documents.

    python bench/ray_ingest.py [--docs 2000] [--shared ../shared] [--keep DIR]

The documents are news texts of ../shared/data (PolNeAR, LGL, GeoVirus, BSNLP), written as one
JSON Lines file; each engine ingests them into a fresh SQLite store. Prints the wall time of each
run, documents per second, the ratio, and the stored counts of both stores (they must agree).
Run it on a quiet machine: it measures wall time.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from khronika.gold.geoparsing import read_corpus
from khronika.store import Store

COUNTED = ("documents", "entities", "mentions", "quotes", "events", "places")


def news_texts(shared: Path, limit: int) -> list[tuple[str, str]]:
    """(language, text) pairs, up to `limit`."""
    out: list[tuple[str, str]] = []
    for txt in sorted((shared / "data" / "polnear").glob("*/text/*.txt")):
        out.append(("en", txt.read_text(encoding="utf-8")))
    for xml in ("lgl.xml", "GeoVirus.xml"):
        path = shared / "data" / "geoparsing" / xml
        if path.exists():
            out.extend(("en", article.text) for article in read_corpus(str(path)))
    for lang in ("uk", "ru"):
        for txt in sorted((shared / "data" / "bsnlp").glob(f"*/raw/{lang}/*.txt")):
            out.append((lang, txt.read_text(encoding="utf-8")))
    seen: set[str] = set()
    unique = [(lang, t) for lang, t in out if t.strip() and not (t in seen or seen.add(t))]
    return unique[:limit]


def ingest(jsonl: Path, db: Path, *engine: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "khronika.cli", "ingest", str(jsonl), "--db", str(db), *engine],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    print(f"  {' '.join(engine) or '--engine local'}: {proc.stderr.strip().splitlines()[-1] if proc.stderr else ''}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--keep", help="folder to keep the stores in (default: a temporary one)")
    args = ap.parse_args()
    texts = news_texts(Path(args.shared), args.docs)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="khronika-ray-"))
    folder.mkdir(parents=True, exist_ok=True)
    jsonl = folder / "docs.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for i, (lang, text) in enumerate(texts):
            fh.write(json.dumps({"id": f"bench-{i}", "text": text, "language": lang}, ensure_ascii=False) + "\n")
    chars = sum(len(t) for _, t in texts)
    print(f"{len(texts)} documents, {chars:,} characters")
    local_db, ray_db = folder / "local.db", folder / "ray.db"
    for db in (local_db, ray_db):
        db.unlink(missing_ok=True)
    t_local = ingest(jsonl, local_db)
    t_ray = ingest(jsonl, ray_db, "--engine", "ray")
    print(f"local engine, one process: {t_local:8.1f} s  {len(texts) / t_local:6.2f} docs/s")
    print(f"ray engine (local Ray)   : {t_ray:8.1f} s  {len(texts) / t_ray:6.2f} docs/s")
    print(f"ratio: ray is {t_local / t_ray:.2f}x the local engine")
    for name, db in (("local", local_db), ("ray", ray_db)):
        with Store(str(db)) as store:
            counts = store.counts()
        print(f"  {name:5}: " + ", ".join(f"{k} {counts[k]}" for k in COUNTED))


if __name__ == "__main__":
    main()
