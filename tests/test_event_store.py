"""One event, many reports: event clusters in the store, and the ACLED / PLOVER exports."""
from __future__ import annotations

import csv
import io
import json
from importlib import resources

import pytest

from khronika.contract import empty_document
from khronika.export import FORMATS, export
from khronika.store import Store
from khronika.store.events import iter_clusters, place_key


def _doc(doc_id, *, source=None, date="2023-05-24", place="place:kupiansk", place_name="Kupiansk", geo=None,
         acled=("Explosions/Remote violence", "Shelling/artillery/missile attack"), plover=None, actors=(),
         figures=None, text=None):
    text = text or f"Missiles hit Kupiansk, report {doc_id}."   # a text of its own: one text is one source
    doc = empty_document(doc_id, text, language="en", source=source, date=date)
    doc["entities"] = [{"id": place, "type": "PLACE", "name": place_name, "wikidata": None, "roles": [], "geo": geo,
                        "mentions": [{"start": 13, "end": 21, "text": text[13:21]}]}] if place else []
    for a in actors:
        doc["entities"].append({"id": a, "type": "ORG", "name": a.split(":")[1].title(), "wikidata": None, "roles": [],
                                "geo": None, "mentions": [{"start": 0, "end": 8, "text": text[:8]}]})
    ev = {"acled": {"event_type": acled[0], "sub_event_type": acled[1]} if acled else None,
          "plover": {"event": plover[0], "mode": plover[1]} if plover else None,
          "actors": list(actors), "place": place, "date": date, "date_precision": "day",
          "evidence": {"start": 0, "end": len(text), "text": text}, "confidence": 0.8}
    if figures:
        ev["figures"] = figures
    doc["events"] = [ev]
    return doc


def _geo(lat, lon):
    return {"lat": lat, "lon": lon, "country": "UA", "admin1": "Kharkiv Oblast", "feature": "city",
            "precision": "settlement", "geonames_id": None, "confidence": 0.9}


@pytest.fixture
def store(tmp_path):
    with Store(str(tmp_path / "events.db")) as s:
        yield s


def _clusters(store):
    with store.connect() as conn:
        return list(iter_clusters(conn))


def test_place_names_fold_across_transliterations():
    assert place_key("Koupiansk") == place_key("Kupiansk") == place_key("Kup’iansk")
    assert place_key("Bakhmout") == place_key("Bakhmut")


def test_reports_of_one_strike_become_one_event_with_figures_side_by_side(store):
    store.save(_doc("a", source="Wire", figures={"killed": 2, "injured": 6}))
    store.save(_doc("b", source="Journal", date="2023-05-25", place="place:koupiansk", place_name="Koupiansk",
                    figures={"killed": 2, "injured": 8}))
    (c,) = _clusters(store)
    assert c["corroboration"] == 2 and c["n_reports"] == 2
    assert c["date"] == "2023-05-24" and c["date_end"] == "2023-05-25"
    assert sorted((f["source"], f["injured"]) for f in c["figures"]) == [("Journal", 8), ("Wire", 6)]


def test_corroboration_counts_sources_not_documents(store):
    store.save(_doc("a", source="Wire"))
    store.save(_doc("b", source="Wire", text="Missiles hit Kupiansk again."))
    (c,) = _clusters(store)
    assert c["n_reports"] == 2 and c["corroboration"] == 1


@pytest.mark.parametrize("other", [
    {"date": "2023-05-27"},                                                       # days apart
    {"acled": ("Battles", "Armed clash")},                                         # another type
    {"place": "place:kharkiv", "place_name": "Kharkiv"},                           # another town
])
def test_different_events_stay_apart(store, other):
    store.save(_doc("a"))
    store.save(_doc("b", **other))
    assert len(_clusters(store)) == 2


def test_coordinates_decide_when_both_reports_have_them(store):
    store.save(_doc("a", geo=_geo(49.71, 37.61)))
    store.save(_doc("b", place="gn:1", place_name="Kupjansk-Vuzlovyi", geo=_geo(49.75, 37.65)))   # ~5 km
    store.save(_doc("c", place="place:kupiansk-far", place_name="Kupiansk", geo=_geo(50.5, 37.6)))  # ~90 km
    sizes = sorted(c["n_reports"] for c in _clusters(store))
    assert sizes == [1, 2]


def test_plover_events_need_a_shared_actor(store):
    call = dict(acled=None, plover=("CONSULT", "phone"), place=None)
    store.save(_doc("a", actors=("org:xi", "org:zelensky"), **call))
    store.save(_doc("b", actors=("org:zelensky",), **call))
    store.save(_doc("c", actors=("org:macron",), **call))
    assert sorted(c["n_reports"] for c in _clusters(store)) == [1, 2]


def test_delete_and_replace_rebuild_the_clusters(store):
    store.save(_doc("a", source="Wire"))
    store.save(_doc("b", source="Journal"))
    assert _clusters(store)[0]["corroboration"] == 2
    store.delete("b")
    (c,) = _clusters(store)
    assert c["corroboration"] == 1
    store.replace(_doc("a", source="Wire", date="2023-06-10"))
    (c,) = _clusters(store)
    assert c["date"] == "2023-06-10"
    store.delete("a")
    assert _clusters(store) == []


def test_samples_in_two_languages_make_one_corroborated_strike(store, analyzer):
    from khronika.ingest import read_inputs

    root = resources.files("khronika.samples")
    items = list(read_inputs([str(root / "en_strike_kupiansk.txt"), str(root / "fr_frappe_koupiansk.txt")]))
    docs = list(analyzer.analyze_many(items))
    for doc in docs:
        store.save(doc)
    strikes = [c for c in _clusters(store) if c["acled_subtype"] == "Shelling/artillery/missile attack"
               and {r["document_id"] for r in c["reports"]} == {d["id"] for d in docs}]
    assert strikes
    (strike,) = strikes
    assert strike["corroboration"] == 2 and strike["date"] == "2023-05-24"
    injured = {f["injured"] for f in strike["figures"] if "injured" in f}
    assert injured == {6, 8}                       # never averaged into 7
    # ingesting the same documents again changes nothing
    for doc in docs:
        assert store.save(doc) is False
    assert len([c for c in _clusters(store) if c["corroboration"] == 2 and c["id"] == strike["id"]]) == 1


def test_acled_csv_and_plover_jsonl_exports(store):
    assert {"acled-csv", "plover-jsonl"} <= FORMATS
    store.save(_doc("a", source="Wire", geo=_geo(49.71, 37.61), figures={"killed": 2}, actors=("org:rus",)))
    store.save(_doc("b", source="Journal", geo=_geo(49.71, 37.61), figures={"killed": 3}))
    store.save(_doc("c", acled=None, plover=("CONSULT", "phone"), place=None, actors=("org:xi",)))
    out = io.StringIO()
    assert export(store, "acled-csv", out) == 1
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    for col in ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "location", "latitude",
                "longitude", "geo_precision", "time_precision", "source", "notes"):
        assert col in row
    assert row["event_date"] == "2023-05-24" and row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["location"] == "Kupiansk" and float(row["latitude"]) == 49.71 and row["geo_precision"] == "1"
    assert row["time_precision"] == "1" and row["source"] == "Journal; Wire" and row["corroboration"] == "2"
    assert row["actor1"] == "Rus" and row["fatalities"] == "2"
    assert {f["killed"] for f in json.loads(row["figures"])} == {2, 3}
    out = io.StringIO()
    assert export(store, "plover-jsonl", out) == 2
    recs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {(r["event_type"], r["mode"]) for r in recs} == {("ASSAULT", "heavy-weapons"), ("CONSULT", "phone")}
    assert all(r["reports"] and r["date"] == "2023-05-24" for r in recs)
