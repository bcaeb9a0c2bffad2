"""Every full-text search, entity, quote and brief query is served by an index, on SQLite and
PostgreSQL (issue 14, item 2).

A small store of synthetic documents (bench/make_store.py's generator, saved through Store.save so
the event clusters the brief reads exist); each read of bench/explain_store.py runs and every
SELECT it sends is EXPLAINed (store/explain.py). On PostgreSQL sequential scans are disabled (the
small tables would be read whole otherwise): a big table still read whole means no index serves
the query. Searches are also planned with in-order index walks disabled, so they must show the
index that finds their rows.
"""
from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from khronika.store import Store
from khronika.store.briefs import ensure_brief_indexes
from khronika.store.explain import BITMAP_ONLY, NO_SEQSCAN, plans_of
from khronika.store.fulltext import ensure_fulltext
from khronika.store.queries import ensure_indexes

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _bench(name: str) -> ModuleType:
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


# Read -> (the index it must use on SQLite, on PostgreSQL; "a|b": either).
EXPECTED = {
    "search documents": ("khr_fts_docs", "ix_khr_fts2_documents"),
    "search documents, prefix": ("khr_fts_docs", "ix_khr_fts2_documents"),
    "search quotes": ("khr_fts_quotes", "ix_khr_fts2_quotes"),
    "search entities": ("khr_fts_aliases", "ix_khr_fts1_aliases"),
    "search entities, words": ("khr_fts_aliases", "ix_khr_fts1_aliases"),
    "quotes of a speaker (name)": ("ix_khr_api_quotes_speaker_day", "ix_khr_api_quotes_speaker_day"),
    "quotes of a speaker (id)": ("ix_khr_api_quotes_speaker_day", "ix_khr_api_quotes_speaker_day"),
    "documents of an entity": ("ix_khr_api_mentions_entity_doc", "ix_khr_api_mentions_entity_doc|ix_mentions_entity_id"),
    "documents of a rare entity": ("ix_khr_api_mentions_entity_doc",
                                   "ix_khr_api_mentions_entity_doc|ix_mentions_entity_id"),
    "events at a place": ("ix_khr_api_events_place_day", "ix_khr_api_events_place_day"),
    "events of an actor": ("khr_event_actors(primary key)", "ix_khr_api_events_actors"),
    "entity page": ("ix_khr_api_quotes_speaker_day", "ix_khr_api_quotes_speaker_day"),
    "entity page of a place": ("ix_khr_api_events_place_day", "ix_khr_api_events_place_day"),
    "brief": ("ix_khr_brief_documents_day", "ix_khr_brief_documents_day"),
    "brief neighbours": ("ix_khr_brief_documents_day", "ix_khr_brief_documents_day"),
}
# Reads whose rows are found by a condition only an inverted index serves (words, JSON members).
BY_CONDITION = {"search documents", "search documents, prefix", "search quotes", "events of an actor"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    from conftest import PG_URL, postgres_problem

    make = _bench("make_store")
    rng = random.Random(3)
    people, places = make.cast(rng, 40, 30)
    if request.param == "sqlite":
        url, drop = str(tmp_path_factory.mktemp("explain") / "explain.db"), None
    else:
        if postgres_problem():
            pytest.skip(postgres_problem())
        import uuid

        import psycopg

        schema = f"khr_explain_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url, drop = f"{PG_URL}?options=-csearch_path%3D{schema}", schema
    s = Store(url)
    try:
        for i in range(80):
            s.save(make.make_doc(i, rng, people, places))
        ensure_fulltext(s.engine)
        ensure_indexes(s.engine)
        ensure_brief_indexes(s.engine)
        yield s
    finally:
        s.close()
        if drop:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {drop} CASCADE")


def test_the_reads_return_something(store: Store) -> None:
    """The plans below are of real work: each read finds rows in the small store."""
    reads = _bench("explain_store").api_reads(store)
    assert {name: bool(_found(reads[name]())) for name in EXPECTED} == {name: True for name in EXPECTED}


def _found(result: object) -> object:
    items = getattr(result, "items", None)
    if items is not None:
        return items
    if isinstance(result, dict) and "previous" in result:
        return result["previous"] or result["next"]
    return result


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_read_is_served_by_its_index(store: Store, name: str) -> None:
    read = _bench("explain_store").api_reads(store)[name]
    plans = plans_of(store.engine, read, NO_SEQSCAN)
    assert plans
    whole = {p.statement.sql[:120]: p.full_scans() for p in plans if p.full_scans()}
    assert not whole, "\n\n".join(p.text() for p in plans if p.full_scans())
    expected = EXPECTED[name][store.dialect != "sqlite"]
    if store.dialect == "postgresql" and name in BY_CONDITION:
        plans = plans_of(store.engine, read, BITMAP_ONLY)
    used = {i for p in plans for i in p.indexes()}
    assert used & set(expected.split("|")), "\n\n".join(p.text() for p in plans)


def test_the_brief_reads_its_day_by_index(store: Store) -> None:
    """The brief's statements one by one: the documents of the day by the day index, the clusters
    of their events by the document key, never a table read whole."""
    plans = plans_of(store.engine, _bench("explain_store").api_reads(store)["brief"], NO_SEQSCAN)
    day = [p for p in plans if "WHERE coalesce(documents.date, documents.published, '') =" in p.statement.sql]
    clusters = [p for p in plans if "FROM event_reports JOIN event_clusters" in p.statement.sql]
    assert day and all("ix_khr_brief_documents_day" in p.indexes() for p in day)
    assert clusters and all(p.indexes() for p in clusters), "\n\n".join(p.text() for p in clusters)
