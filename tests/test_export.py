"""Export tests: jsonl, csv and geojson writers over a Store (SQLite, and PostgreSQL when reachable)."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from khronika import contract
from khronika.export import FORMATS, export, write_csv, write_geojson, write_jsonl
from khronika.export.mentions_csv import COLUMNS
from khronika.store import Store


GEO = {"lat": 48.5956, "lon": 38.0003, "country": "UA", "admin1": "Donetsk Oblast", "feature": "city",
       "precision": "settlement", "geonames_id": 712451, "confidence": 0.9}


def span(text: str, words: str) -> dict[str, Any]:
    start = text.index(words)
    return {"start": start, "end": start + len(words), "text": words}


def make_doc(doc_id: str, text: str, date: str | None = "2023-05-22") -> dict[str, Any]:
    """Bakhmut (located) and Zelensky, plus a quote, an event and an episode, offsets into `text`."""
    doc = contract.empty_document(doc_id, text, language="fr", date=date, published="2023-05-23")
    zel = span(text, "Zelensky")
    doc["entities"] = [
        {"id": "wd:Q183176", "type": "PLACE", "name": "Bakhmut", "wikidata": "Q183176", "roles": [],
         "geo": GEO, "mentions": [span(text, "Bakhmout")]},
        {"id": "kb:zelensky", "type": "PERSON", "name": "Volodymyr Zelensky", "wikidata": "Q3874799",
         "roles": ["président"], "geo": None, "mentions": [zel]},
    ]
    content = span(text, "Bakhmout tient")
    doc["quotes"] = [{"kind": "indirect", "content": content["text"], "content_start": content["start"],
                      "content_end": content["end"], "speaker": "kb:zelensky", "speaker_text": zel["text"],
                      "speaker_start": zel["start"], "speaker_end": zel["end"], "cue": "affirme", "date": date}]
    doc["events"] = [{"acled": {"event_type": "Battles", "sub_event_type": "Armed clash"}, "plover": None,
                      "actors": ["kb:zelensky"], "place": "wd:Q183176", "date": date, "date_precision": "day",
                      "evidence": span(text, "Bakhmout tient"), "confidence": 0.7}]
    doc["episodes"] = [{"show": "Le Débat", "number": "3", "title": "Bakhmout", "guests": []}]
    contract.validate(doc)
    return doc


DOC_A = ("doc-a", "Zelensky affirme que Bakhmout tient, « malgré tout ».")
DOC_B = ("doc-b", "Selon Zelensky, Bakhmout tient encore.")


@pytest.fixture
def empty_store(db_url: str) -> Iterator[Store]:
    """A Store on a database nobody else uses (new SQLite file / new PostgreSQL schema)."""
    with Store(db_url) as s:
        yield s


@pytest.fixture
def store(empty_store: Store) -> Store:
    # Saved out of id order: exports must still come out sorted.
    empty_store.save(make_doc(*DOC_B, date=None))
    empty_store.save(make_doc(*DOC_A))
    return empty_store


def test_jsonl_lines_validate_and_equal_stored(store: Store) -> None:
    buf = io.StringIO()
    assert write_jsonl(store, buf) == 2
    lines = buf.getvalue().splitlines()
    docs = [json.loads(line) for line in lines]
    for doc in docs:
        contract.validate(doc)
        assert doc == store.get(doc["id"])
    assert [d["id"] for d in docs] == ["doc-a", "doc-b"]
    assert docs[0] == make_doc(*DOC_A)
    assert buf.getvalue().endswith("\n")


def test_csv_header_and_rows(store: Store) -> None:
    buf = io.StringIO()
    assert write_csv(store, buf) == 4
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == COLUMNS
    assert rows[0] == ["document_id", "document_date", "entity_id", "type", "name", "wikidata", "mention_text",
                       "start", "end", "lat", "lon", "country", "admin1"]
    records = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert [(r["document_id"], r["mention_text"]) for r in records] == [
        ("doc-a", "Zelensky"), ("doc-a", "Bakhmout"), ("doc-b", "Zelensky"), ("doc-b", "Bakhmout")]
    bakhmout = records[1]
    start = DOC_A[1].index("Bakhmout")
    assert bakhmout == {
        "document_id": "doc-a", "document_date": "2023-05-22", "entity_id": "wd:Q183176", "type": "PLACE",
        "name": "Bakhmut", "wikidata": "Q183176", "mention_text": "Bakhmout", "start": str(start),
        "end": str(start + 8), "lat": "48.5956", "lon": "38.0003", "country": "UA", "admin1": "Donetsk Oblast",
    }
    zel = records[0]
    assert (zel["lat"], zel["lon"], zel["country"]) == ("", "", "")  # no coordinates: empty fields
    assert records[2]["document_date"] == "2023-05-23"  # no report date: the published date


def test_geojson_places(store: Store) -> None:
    buf = io.StringIO()
    assert write_geojson(store, buf) == 1
    fc = json.loads(buf.getvalue())
    assert fc["type"] == "FeatureCollection"
    [feature] = fc["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [38.0003, 48.5956]}  # [lon, lat]
    assert feature["properties"] == {
        "id": "wd:Q183176", "name": "Bakhmut", "country": "UA", "admin1": "Donetsk Oblast",
        "precision": "settlement", "feature": "city", "mention_count": 2, "documents": ["doc-a", "doc-b"],
    }


def test_empty_store_exports(empty_store: Store) -> None:
    for fmt, expected in (("jsonl", ""), ("csv", ",".join(COLUMNS) + "\n")):
        buf = io.StringIO()
        assert export(empty_store, fmt, buf) == 0
        assert buf.getvalue() == expected
    buf = io.StringIO()
    export(empty_store, "geojson", buf)
    assert json.loads(buf.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_dispatcher(store: Store) -> None:
    assert {"jsonl", "csv", "geojson"} <= FORMATS
    a, b = io.StringIO(), io.StringIO()
    export(store, "jsonl", a)
    write_jsonl(store, b)
    assert a.getvalue() == b.getvalue()
    with pytest.raises(ValueError, match="supported: acled-csv, csv, geojson, jsonl, plover-jsonl"):
        export(store, "xml", io.StringIO())


def test_csv_to_file_round_trips_unicode(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        export(store, "csv", fh)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4 and rows[0]["name"] == "Volodymyr Zelensky"
