"""Store tests, run against SQLite (a file under tmp_path) and PostgreSQL (a fresh schema per test)."""
from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from khronika import contract
from khronika.store import InvalidDocumentError, Store, normalize_alias, resolve_db_url
from khronika.store import write as store_write


TEXT = (
    "Jour 454. Dmitri Peskov, porte-parole du Kremlin, a déclaré : « Nous continuerons. » "
    "De violents combats ont eu lieu près de Bakhmout, l'ancienne Artemivsk. "
    "L'émission Le Débat n°12 reçoit Michel Goya."
)


def span(text: str, words: str, nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return {"start": start, "end": start + len(words), "text": words}


def bakhmut_geo() -> dict[str, Any]:
    return {"lat": 48.5956, "lon": 38.0003, "country": "UA", "admin1": "Donetsk Oblast", "feature": "city",
            "precision": "settlement", "geonames_id": 712451, "confidence": 0.9}


def make_doc(doc_id: str = "doc-1", text: str = TEXT, *, geo: bool = True) -> dict[str, Any]:
    """A hand-built contract object with an entity of each kind of fact, offsets matching `text`."""
    doc = contract.empty_document(doc_id, text, title="Jour 454", language="fr", published="2023-05-23",
                                  day_of_war=454, date="2023-05-22", source="Test", url="https://example.org/454",
                                  sections=[{"heading": "Jour 454", "start": 0, "end": 8}])
    peskov = span(text, "Dmitri Peskov")
    doc["entities"] = [
        {"id": "kb:peskov", "type": "PERSON", "name": "Dmitry Peskov", "wikidata": "Q2112990",
         "roles": ["porte-parole du Kremlin"], "geo": None, "mentions": [peskov]},
        {"id": "wd:Q183176", "type": "PLACE", "name": "Bakhmut", "wikidata": "Q183176",
         "roles": [], "geo": bakhmut_geo() if geo else None,
         "mentions": [span(text, "Bakhmout"), span(text, "Artemivsk")]},
        {"id": "kb:goya", "type": "PERSON", "name": "Michel Goya", "wikidata": None, "roles": [],
         "geo": None, "mentions": [span(text, "Michel Goya")]},
    ]
    content = span(text, "Nous continuerons.")
    doc["quotes"] = [{
        "kind": "direct", "content": content["text"], "content_start": content["start"],
        "content_end": content["end"], "speaker": "kb:peskov", "speaker_text": peskov["text"],
        "speaker_start": peskov["start"], "speaker_end": peskov["end"], "cue": "a déclaré", "date": "2023-05-22",
    }]
    doc["events"] = [{
        "acled": {"event_type": "Battles", "sub_event_type": "Armed clash"}, "plover": {"event": "FIGHT", "mode": None},
        "actors": [], "place": "wd:Q183176", "date": "2023-05-22", "date_precision": "day",
        "evidence": span(text, "De violents combats ont eu lieu près de Bakhmout"), "confidence": 0.8,
    }]
    doc["episodes"] = [{"show": "Le Débat", "number": "12", "title": None,
                        "guests": [{"name": "Michel Goya", "entity": "kb:goya", "role": None}]}]
    contract.validate(doc)  # the fixture itself must be valid, or the tests prove nothing
    return doc


def plain_doc(doc_id: str, text: str = "Des frappes sur Kharkiv.", *, place_name: str = "Kharkiv") -> dict[str, Any]:
    doc = contract.empty_document(doc_id, text, date="2023-06-01")
    doc["entities"] = [{"id": "wd:Q42622", "type": "PLACE", "name": "Kharkiv", "wikidata": "Q42622", "roles": [],
                        "geo": None, "mentions": [span(text, place_name)]}]
    contract.validate(doc)
    return doc


# -- databases -------------------------------------------------------------------------------

@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s


# -- URL resolution (no database) -------------------------------------------------------------

def test_resolve_db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KHRONIKA_DB", raising=False)
    assert resolve_db_url(None) == f"sqlite:///{tmp_path.resolve() / 'khronika.db'}"
    assert resolve_db_url("data/k.db") == f"sqlite:///{tmp_path.resolve() / 'data' / 'k.db'}"
    assert resolve_db_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert resolve_db_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_db_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_db_url("sqlite:////abs/k.db") == "sqlite:////abs/k.db"
    monkeypatch.setenv("KHRONIKA_DB", "postgresql://env@h/db")
    assert resolve_db_url(None) == "postgresql+psycopg://env@h/db"
    with pytest.raises(ValueError, match="unsupported database URL"):
        resolve_db_url("mysql://u@h/db")


def test_normalize_alias() -> None:
    assert normalize_alias("  BAKHMOUT ") == normalize_alias("bakhmout")
    assert normalize_alias("Kyïv") == "kyiv"
    assert normalize_alias("Мар’янка") == normalize_alias("Мар'янка") == "мар'янка"
    assert normalize_alias("Бахмут") == "бахмут"


# -- the store --------------------------------------------------------------------------------

def test_save_then_get_round_trips(store: Store) -> None:
    doc = make_doc()
    assert store.save(doc) is True
    got = store.get(doc["id"])
    assert got == doc
    assert got is not doc
    assert doc["id"] in store
    assert store.get("missing") is None
    assert "missing" not in store


def test_save_twice_is_idempotent(store: Store) -> None:
    doc = make_doc()
    assert store.save(doc) is True
    before = store.counts()
    assert store.save(copy.deepcopy(doc)) is False
    other = plain_doc(doc["id"])  # same id, different content: still not overwritten
    assert store.save(other) is False
    assert store.counts() == before
    assert store.ids() == [doc["id"]]
    assert store.get(doc["id"]) == doc


def test_invalid_document_raises_and_keeps_earlier(store: Store) -> None:
    good = make_doc()
    store.save(good)
    before = store.counts()
    bad = make_doc("doc-bad")
    bad["entities"][0]["mentions"][0]["start"] += 1  # offsets no longer quote the text
    with pytest.raises(InvalidDocumentError, match="doc-bad"):
        store.save(bad)
    with pytest.raises(ValueError):  # InvalidDocumentError is a ValueError
        store.save({"id": "x"})
    nan = make_doc("doc-nan")
    nan["events"][0]["confidence"] = float("nan")
    with pytest.raises(InvalidDocumentError):
        store.save(nan)
    assert store.counts() == before
    assert store.ids() == [good["id"]]
    assert store.get(good["id"]) == good


def test_failed_save_is_rolled_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(plain_doc("doc-0"))
    before = store.counts()

    def boom(conn: Any, doc: dict[str, Any]) -> None:
        raise RuntimeError("disk on fire")

    # Fail after the document row and the entities are written: the whole save must vanish.
    monkeypatch.setattr(store_write, "_insert_facts", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save(make_doc())
    assert store.counts() == before
    assert store.get("doc-1") is None
    assert store.get("doc-0") == plain_doc("doc-0")


def test_counts(store: Store) -> None:
    empty = store.counts()
    assert set(empty) >= {"documents", "entities", "mentions", "quotes", "events", "episodes", "places"}
    assert all(v == 0 for v in empty.values())
    store.save(make_doc())
    store.save(plain_doc("doc-2"))
    c = store.counts()
    assert c["documents"] == 2
    assert c["entities"] == 4  # peskov, bakhmut, goya, kharkiv
    assert c["mentions"] == 5
    assert c["roles"] == 1
    assert (c["quotes"], c["events"], c["episodes"]) == (1, 1, 1)
    assert c["places"] == 1  # Kharkiv has no coordinates


def test_facts_rows_point_into_text(store: Store) -> None:
    doc = make_doc()
    store.save(doc)
    with store.connect() as conn:
        mentions = conn.execute(store_write.MENTIONS.select()).mappings().all()
        quote = conn.execute(store_write.QUOTES.select()).mappings().one()
        event = conn.execute(store_write.EVENTS.select()).mappings().one()
        episode = conn.execute(store_write.EPISODES.select()).mappings().one()
        role = conn.execute(store_write.ROLES.select()).mappings().one()
        doc_row = conn.execute(store_write.DOCUMENTS.select()).mappings().one()
    for m in mentions:
        assert doc["text"][m["start"]:m["end"]] == m["text"]
    assert (quote["speaker"], quote["kind"], quote["idx"]) == ("kb:peskov", "direct", 0)
    assert doc["text"][quote["content_start"]:quote["content_end"]] == quote["content"]
    assert (event["acled_type"], event["acled_subtype"], event["plover_event"]) == ("Battles", "Armed clash", "FIGHT")
    assert event["place"] == "wd:Q183176" and event["date"] == "2023-05-22"
    assert (episode["show"], episode["number"]) == ("Le Débat", "12")
    assert dict(role) == {"entity_id": "kb:peskov", "document_id": "doc-1", "role": "porte-parole du Kremlin"}
    assert doc_row["day_of_war"] == 454 and doc_row["content_hash"].startswith("sha256:")
    assert doc_row["analyzed_at"] and doc_row["pipeline_version"]


def test_entities_are_global_first_name_wins_geo_filled(store: Store) -> None:
    first = make_doc("doc-a", geo=False)
    first["entities"][1]["name"] = "Bakhmout"
    store.save(first)
    assert store.counts()["places"] == 0
    second = make_doc("doc-b")
    store.save(second)
    [place] = store.find_entities("Bakhmut", type="PLACE")
    assert place["name"] == "Bakhmout"  # the first name stays
    assert (place["lat"], place["lon"], place["country"]) == (48.5956, 38.0003, "UA")  # geo filled in
    assert place["mentions"] == 4
    assert store.counts()["entities"] == 3
    # Each document keeps its own view of the entity.
    assert store.get("doc-a")["entities"][1]["geo"] is None


def test_aliases_searchable_by_normalised_form(store: Store) -> None:
    store.save(make_doc())
    ru = "Обстрелы Бахмута продолжаются. Бахмут держится."
    doc_ru = contract.empty_document("doc-ru", ru, language="ru")
    doc_ru["entities"] = [{"id": "wd:Q183176", "type": "PLACE", "name": "Бахмут", "wikidata": "Q183176",
                           "roles": [], "geo": None, "mentions": [span(ru, "Бахмут", 1)]}]
    store.save(doc_ru)
    for query in ("Bakhmut", "BAKHMOUT", "bakhmout", "Artemivsk", "бахмут", "БАХМУТ"):
        found = store.find_entities(query, prefix=False)
        assert [e["id"] for e in found] == ["wd:Q183176"], query
    [place] = store.find_entities("bakh")
    assert {"Bakhmut", "Bakhmout", "Artemivsk", "Бахмут"} <= set(place["aliases"])
    assert store.find_entities("bakh", prefix=False) == []
    assert store.find_entities("peskov", type="PLACE") == []
    assert [e["id"] for e in store.find_entities("Dmitri Peskov")] == ["kb:peskov"]
    assert store.find_entities("  ") == []
    assert store.find_entities("50%_") == []  # LIKE wildcards are taken literally
    with store.connect() as conn:
        norms = set(conn.scalars(store_write.ALIASES.select().with_only_columns(store_write.ALIASES.c.alias_norm)))
    assert "bakhmout" in norms and "бахмут" in norms


def test_replace_updates_facts(store: Store) -> None:
    doc = make_doc()
    store.save(doc)
    store.save(plain_doc("doc-2"))
    new = copy.deepcopy(doc)
    new["quotes"] = []
    new["events"][0]["acled"] = {"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"}
    new["entities"] = [e for e in new["entities"] if e["id"] != "kb:goya"]
    new["episodes"][0]["guests"][0]["entity"] = None
    assert store.replace(new) is True
    assert store.get(doc["id"]) == new
    c = store.counts()
    assert (c["documents"], c["quotes"], c["events"], c["entities"], c["mentions"]) == (2, 0, 1, 3, 4)
    assert store.find_entities("Michel Goya") == []  # mentioned nowhere now: gone with its aliases
    with store.connect() as conn:
        assert conn.scalar(store_write.EVENTS.select().with_only_columns(store_write.EVENTS.c.acled_type)) \
            == "Explosions/Remote violence"
    assert store.replace(plain_doc("doc-3")) is False  # not stored before: simply added
    assert store.ids() == ["doc-1", "doc-2", "doc-3"]
    bad = copy.deepcopy(new)
    bad["text"] = "short"
    with pytest.raises(InvalidDocumentError):
        store.replace(bad)
    assert store.get(doc["id"]) == new


def test_delete(store: Store) -> None:
    store.save(make_doc())
    store.save(plain_doc("doc-2"))
    assert store.delete("doc-1") is True
    assert store.get("doc-1") is None
    assert store.delete("doc-1") is False
    c = store.counts()
    assert (c["documents"], c["entities"], c["mentions"], c["quotes"], c["events"], c["episodes"], c["roles"]) \
        == (1, 1, 1, 0, 0, 0, 0)
    assert store.get("doc-2") == plain_doc("doc-2")


def test_iter_documents_stable_order(store: Store) -> None:
    ids = [f"doc-{i:02d}" for i in (5, 1, 4, 2, 3)]
    for i in ids:
        store.save(plain_doc(i))
    assert store.ids() == sorted(ids)
    for batch in (1, 2, 5, 200):
        assert [d["id"] for d in store.iter_documents(batch=batch)] == sorted(ids)
    assert list(store.iter_documents()) == [plain_doc(i) for i in sorted(ids)]
    with pytest.raises(ValueError):
        list(store.iter_documents(batch=0))


def test_unusual_text_round_trips(store: Store) -> None:
    text = "Zéro\x00 — «Київ» 🇺🇦 Kharkiv\ttab"
    doc = plain_doc("doc-odd", text)
    assert store.save(doc)
    assert store.get("doc-odd") == doc


def test_concurrent_writers(db_url: str) -> None:
    """Several stores on one database saving overlapping documents at once: all succeed."""
    errors: list[BaseException] = []
    results: list[bool] = []

    def work(n: int) -> None:
        try:
            with Store(db_url) as s:
                for i in range(5):
                    results.append(s.save(plain_doc(f"doc-{(n * 3 + i) % 12:02d}")))
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)

    Store(db_url).close()  # create the tables once, as `khronika ingest` would
    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with Store(db_url) as s:
        assert s.ids() == [f"doc-{i:02d}" for i in range(12)]
        assert results.count(True) == 12  # 20 saves of 12 distinct ids: each stored exactly once
        assert s.counts()["entities"] == 1


def test_sqlite_wal_and_foreign_keys(tmp_path: Path) -> None:
    with Store(str(tmp_path / "k.db")) as s:
        s.save(plain_doc("doc-1"))
        with s.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    assert (tmp_path / "k.db").exists()


def test_memory_sqlite() -> None:
    with Store(":memory:") as s:
        s.save(make_doc())
        assert s.get("doc-1") == make_doc()


def test_reopen_keeps_data(db_url: str) -> None:
    with Store(db_url) as s:
        s.save(make_doc())
    with Store(db_url) as s:
        assert s.get("doc-1") == make_doc()
        assert s.counts()["documents"] == 1
