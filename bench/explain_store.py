"""Which index serves each search, entity, quote and brief query of the API, on a real store.

    python bench/explain_store.py --db postgresql://postgres@127.0.0.1:5432/khronika_bench
    python bench/explain_store.py --db /tmp/bench.db [--verbose]

Runs the reads the API and the brief make (store/explain.py captures the statements they send)
and prints, per read, the indexes its plans use and any big table read whole. On PostgreSQL the
planner is left free here (a large store is where its choice matters); tests/test_store_explain.py
checks the same reads on small stores with sequential scans disabled.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select

from khronika.brief import build_brief, neighbours
from khronika.store import Store, overview, queries
from khronika.store.briefs import DOC_DAY, ensure_brief_indexes
from khronika.store.event_list import list_events
from khronika.store.explain import plans_of
from khronika.store.fulltext import ensure_fulltext
from khronika.store.write import DOCUMENTS, MENTIONS, QUOTES


def api_reads(store: Store) -> dict[str, Callable[[], Any]]:
    """The reads to explain, named: full-text searches, entity and quote queries, the brief."""
    with store.connect() as conn:
        speaker = conn.scalar(select(QUOTES.c.speaker).where(QUOTES.c.speaker.is_not(None))
                              .group_by(QUOTES.c.speaker).order_by(QUOTES.c.speaker).limit(1))
        day_iso = conn.scalar(select(DOC_DAY).where(DOC_DAY != "").group_by(DOC_DAY)
                              .order_by(DOC_DAY.desc()).limit(1))
        rare = conn.scalar(select(MENTIONS.c.entity_id).group_by(MENTIONS.c.entity_id)
                           .order_by(MENTIONS.c.entity_id.desc()).limit(1))
        doc_id = conn.scalar(select(DOCUMENTS.c.id).order_by(DOCUMENTS.c.id).limit(1))
    day = date.fromisoformat(day_iso)

    def on_conn(fn: Callable[..., Any], *args: Any, **kw: Any) -> Callable[[], Any]:
        def run() -> Any:
            with store.connect() as conn:
                return fn(conn, *args, **kw)
        return run

    return {
        "search documents": on_conn(queries.list_documents, q="situation contrôle"),
        "search documents, prefix": on_conn(queries.list_documents, q="Bakhm"),
        "search quotes": on_conn(queries.list_quotes, q="situation"),
        "search entities": on_conn(queries.list_entities, q="peskov"),
        "search entities, words": on_conn(queries.list_entities, q="dmitry pes"),
        "quotes of a speaker (name)": on_conn(queries.list_quotes, speaker="Peskov"),
        "quotes of a speaker (id)": on_conn(queries.list_quotes, speaker=speaker),
        "quotes of a document": on_conn(queries.list_quotes, document=doc_id),
        "documents of an entity": on_conn(queries.list_documents, entity=speaker),
        "documents of a rare entity": on_conn(queries.list_documents, entity=rare),
        "events at a place": on_conn(list_events, place="Bakhmut"),
        "events of an actor": on_conn(list_events, actor="kb:zsu"),
        "entity page": on_conn(overview.entity_detail, speaker),
        "entity page of a place": on_conn(overview.entity_detail, "wd:Q183176"),
        "brief": lambda: build_brief(store, day, "fr"),
        "brief neighbours": lambda: neighbours(store, day),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--verbose", action="store_true", help="print every statement and its whole plan")
    args = ap.parse_args()
    with Store(args.db) as store:
        ensure_fulltext(store.engine)
        queries.ensure_indexes(store.engine)
        ensure_brief_indexes(store.engine)
        for name, read in api_reads(store).items():
            plans = plans_of(store.engine, read, disable=())
            scans = sorted({t for p in plans for t in p.full_scans()})
            used = sorted({i for p in plans for i in p.indexes()})
            print(f"{name}: {len(plans)} statement(s); indexes {', '.join(used) or '-'}"
                  + (f"; READ WHOLE: {', '.join(scans)}" if scans else ""))
            if args.verbose or scans:
                for p in plans:
                    if args.verbose or p.full_scans():
                        print("   ", p.statement.sql.replace("\n", " ")[:300])
                        print("      " + p.text().replace("\n", "\n      "))


if __name__ == "__main__":
    main()
