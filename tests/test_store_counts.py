"""The per-entity totals (store/counts.py) equal a recount of the rows after every kind of write,
on SQLite and PostgreSQL, and a store of schema "1" gets them at its first open."""
from __future__ import annotations

import copy
import random
from typing import Any

from sqlalchemy import func, select, text

from khronika.store import Store
from khronika.store.write import COUNTS, MENTIONS, QUOTES, ROLE_COUNTS, ROLES
from test_store_explain import _bench


def recount(store: Store) -> tuple[dict[str, tuple[int, int, int]], dict[tuple[str, str], int]]:
    """What the totals must be: counted from the rows, as the entity page did before."""
    with store.connect() as conn:
        per: dict[str, list[int]] = {}
        for eid, m, d in conn.execute(select(MENTIONS.c.entity_id, func.count(),
                                             func.count(MENTIONS.c.document_id.distinct()))
                                      .group_by(MENTIONS.c.entity_id)):
            per[eid] = [m, d, 0]
        for speaker, q in conn.execute(select(QUOTES.c.speaker, func.count()).where(QUOTES.c.speaker.is_not(None))
                                       .group_by(QUOTES.c.speaker)):
            per.setdefault(speaker, [0, 0, 0])[2] = q
        roles = {(e, r): n for e, r, n in conn.execute(select(ROLES.c.entity_id, ROLES.c.role, func.count())
                                                       .group_by(ROLES.c.entity_id, ROLES.c.role))}
    return {k: (m, d, q) for k, (m, d, q) in per.items()}, roles


def stored(store: Store) -> tuple[dict[str, tuple[int, int, int]], dict[tuple[str, str], int]]:
    with store.connect() as conn:
        counts = {r.entity_id: (r.mentions, r.documents, r.quotes) for r in conn.execute(select(COUNTS))}
        roles = {(r.entity_id, r.role): r.documents for r in conn.execute(select(ROLE_COUNTS))}
    return counts, roles


def docs(n: int, seed: int) -> list[dict[str, Any]]:
    make = _bench("make_store")
    rng = random.Random(seed)
    people, places = make.cast(rng, 12, 10)
    return [make.make_doc(i, rng, people, places) for i in range(n)]


def odd_doc(doc_id: str) -> dict[str, Any]:
    """An entity listed twice (once with a role), a speaker no entity lists."""
    doc = docs(1, 99)[0]
    doc["id"] = doc_id
    ent = next(e for e in doc["entities"] if e["mentions"])
    doc["entities"].append({**copy.deepcopy(ent), "roles": ["envoy"]})
    if doc["quotes"]:
        doc["quotes"][0]["speaker"] = "kb:nobody_listed"
    return doc


def test_totals_follow_saves_replacements_and_deletes(db_url: str) -> None:
    first, second = docs(30, 1), docs(30, 2)
    with Store(db_url) as store:
        for doc in first:
            assert store.save(doc)
        assert not store.save(first[0])  # already stored: nothing counted twice
        store.save(odd_doc("odd-1"))
        assert stored(store) == recount(store)
        for doc in second[:10]:  # same ids, other contents: a reanalysis
            store.replace(doc)
        store.replace(odd_doc("odd-1"))
        assert stored(store) == recount(store)
        for doc in second[5:15]:
            store.delete(doc["id"])
        store.delete("odd-1")
        assert not store.delete("never-stored")
        assert stored(store) == recount(store)
        for doc in first:
            store.delete(doc["id"])
        assert stored(store) == recount(store) == ({}, {})


def test_a_schema_1_store_gets_its_totals_at_first_open(db_url: str) -> None:
    with Store(db_url) as store:
        for doc in docs(20, 3):
            store.save(doc)
        expected = recount(store)
        with store.engine.begin() as conn:  # as a store of the previous version: no totals
            conn.execute(COUNTS.delete())
            conn.execute(ROLE_COUNTS.delete())
            conn.execute(text("UPDATE khronika_meta SET value = '1' WHERE key = 'schema_version'"))
    with Store(db_url) as store:
        assert stored(store) == expected
        with store.connect() as conn:
            assert conn.scalar(text("SELECT value FROM khronika_meta WHERE key = 'schema_version'")) == "2"


def test_concurrent_writers_lose_no_count(db_url: str) -> None:
    """Writers in parallel, all naming the same frequent people: every increment is kept (an
    upsert adds to the committed value) and none deadlocks (counter rows locked in key order)."""
    import threading

    batches = [docs(12, 10 + k) for k in range(4)]
    for k, batch in enumerate(batches):
        for doc in batch:
            doc["id"] = f"w{k}-{doc['id']}"
    errors: list[BaseException] = []
    with Store(db_url) as store:
        def write(batch: list[dict[str, Any]]) -> None:
            try:
                for doc in batch:
                    store.save(doc)
                for doc in batch[:4]:
                    store.delete(doc["id"])
            except BaseException as exc:  # noqa: BLE001  reported below
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(b,)) for b in batches]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert stored(store) == recount(store)
        assert stored(store)[0]["kb:peskov"][0] > 0
