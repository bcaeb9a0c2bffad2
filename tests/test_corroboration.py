"""One strike told by three outlets in three languages is one stored event, on the right day.

tests/data/corroboration/strike_reports.jsonl (our own illustrative texts): a missile strike on
Kremenchuk on Tuesday 2023-06-20 reported in English, French and Ukrainian, each dating it only by
its weekday in a report published that Tuesday; a different missile strike the same day on
Zaporizhzhia; the French article again under another id and outlet label. Analysed end to end and
stored in SQLite and PostgreSQL (when reachable).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from khronika.ingest import SourceDocument, read_inputs
from khronika.store import Store
from khronika.store.events import _figure_dicts, iter_clusters

DATA = Path(__file__).parent / "data" / "corroboration" / "strike_reports.jsonl"
DAY = "2023-06-20"          # a Tuesday, day 482
KREMENCHUK = (49.06, 33.41)
ORIGINALS = {"corr-en-kremenchuk", "corr-fr-krementchouk", "corr-uk-kremenchuk"}
COPY = "corr-fr-krementchouk-copy"
OTHER = "corr-en-zaporizhzhia"


@pytest.fixture(scope="module")
def docs(analyzer) -> dict[str, dict]:
    items = [i for i in read_inputs([str(DATA)]) if isinstance(i, SourceDocument)]
    assert len(items) == 5
    return {d["id"]: d for d in analyzer.analyze_many(items)}


def _clusters(store: Store) -> list[dict]:
    with store.connect() as conn:
        return list(iter_clusters(conn))


def _strike_at(clusters: list[dict], lat: float, lon: float) -> list[dict]:
    return [c for c in clusters if c["acled_type"] == "Explosions/Remote violence" and c["lat"] is not None
            and abs(c["lat"] - lat) < 0.1 and abs(c["lon"] - lon) < 0.1]


def test_each_report_dates_the_strike_to_its_own_tuesday(docs):
    for doc_id in ORIGINALS | {OTHER}:
        doc = docs[doc_id]
        assert (doc["document"]["date"], doc["document"]["day_of_war"]) == (DAY, 482)
        strikes = [e for e in doc["events"] if (e["acled"] or {}).get("event_type") == "Explosions/Remote violence"]
        assert strikes and {(e["date"], e["date_precision"]) for e in strikes} == {(DAY, "day")}, doc_id


def test_three_outlets_one_event_the_copy_adds_nothing(docs, db_url):
    with Store(db_url) as store:
        for doc_id in sorted(ORIGINALS | {OTHER}):
            assert store.save(docs[doc_id])
        (strike,) = _strike_at(_clusters(store), *KREMENCHUK)
        assert {r["document_id"] for r in strike["reports"]} == ORIGINALS
        assert (strike["date"], strike["date_precision"], strike["corroboration"]) == (DAY, "day", 3)
        # the Zaporizhzhia strike the same day stays apart, with its one source
        (other,) = [c for c in _clusters(store) if OTHER in {r["document_id"] for r in c["reports"]}
                    and c["acled_type"] == "Explosions/Remote violence"]
        assert other["id"] != strike["id"] and other["corroboration"] == 1 and other["date"] == DAY
        assert {r["document_id"] for r in other["reports"]} == {OTHER}

        # the French text again under another id and outlet label: stored, but no further source
        assert store.save(docs[COPY])
        (after,) = _strike_at(_clusters(store), *KREMENCHUK)
        assert after["id"] == strike["id"] and after["corroboration"] == 3
        assert {r["document_id"] for r in after["reports"]} == ORIGINALS | {COPY}
        assert all(c["corroboration"] <= len({r["document_id"] for r in c["reports"]} - {COPY})
                   for c in _clusters(store))

        # ingesting any of them again changes nothing
        before = [(c["id"], c["corroboration"], c["n_reports"]) for c in _clusters(store)]
        for doc in docs.values():
            assert store.save(doc) is False
        assert [(c["id"], c["corroboration"], c["n_reports"]) for c in _clusters(store)] == before


def test_figures_stay_side_by_side_with_their_sources(docs, tmp_path):
    with Store(str(tmp_path / "figures.db")) as store:
        for doc in docs.values():
            store.save(doc)
        (strike,) = _strike_at(_clusters(store), *KREMENCHUK)
        told = {(f["source"], tuple(sorted((k, v) for k, v in f.items() if k not in ("source", "document_id"))))
                for f in strike["figures"]}
        # every count is one a source states, under that source's name: never averaged, never merged
        stated = {(docs[r["document_id"]]["document"]["source"], tuple(sorted(f.items())))
                  for r in strike["reports"] for e in docs[r["document_id"]]["events"]
                  for f in _figure_dicts(e.get("figures"))}
        assert told and told <= stated
        assert ("Dnipro Wire", (("injured", 11), ("killed", 3))) in told
        assert len({source for source, _ in told}) >= 2
        assert not any(source == "Revue de presse ukrainienne" for source, _ in told)   # the copy


def test_a_deadline_gives_no_event_date(analyze_text):
    text = ("Ceasefire talks stall over Kherson\n\n"
            "Under the draft agreement discussed on Tuesday, Russian forces would hand the city over to a "
            "United Nations mission by June 1. Ukrainian officials said shelling of the city continued.")
    doc = analyze_text(text, "en", published="2023-05-23")
    assert doc["document"]["date"] == "2023-05-23"
    assert doc["events"], "the shelling sentence is an event"
    assert all(e["date"] != "2023-06-01" for e in doc["events"])
