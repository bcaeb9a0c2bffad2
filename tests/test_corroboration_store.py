"""Corroboration counts distinct sources: one outlet, or one text under several ids, is one source.

Hand-built contract documents (no NLP), stored in SQLite and PostgreSQL (when reachable)."""
from __future__ import annotations

import pytest
from sqlalchemy import delete

from khronika.contract import empty_document
from khronika.store import Store
from khronika.store.events import iter_clusters
from khronika.store.sources import FINGERPRINTS, near_copies, normalized_text, fingerprint_row, _from_row

STRIKE = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
KREM = {"lat": 49.0625, "lon": 33.4102, "country": "UA", "admin1": "Poltava Oblast", "feature": "city",
        "precision": "settlement", "geonames_id": None, "confidence": 0.9}
ZAP = {**KREM, "lat": 47.8517, "lon": 35.1171, "admin1": "Zaporizhzhia Oblast"}

BODY = ("Two cruise missiles struck a bus depot and private houses near the river port of Kremenchuk in the "
        "morning, the regional administration said; three people were killed and eleven injured, and "
        "firefighters fought the blaze at the depot for most of the day while the council opened shelters.")


def _doc(doc_id: str, text: str, *, source: str | None = None, url: str | None = None, date: str | None = "2023-06-20",
         precision: str = "day", acled: tuple[str, str] | None = STRIKE, place: str | None = "ua:krem",
         geo: dict | None = KREM, actors: tuple[str, ...] = (), figures: dict | None = None,
         published: str | None = None) -> dict:
    doc = empty_document(doc_id, text, language="en", source=source, url=url, date=date, published=published or date)
    doc["entities"] = [{"id": place, "type": "PLACE", "name": place.split(":")[1].title(), "wikidata": None, "roles": [],
                        "geo": geo, "mentions": [{"start": 0, "end": 3, "text": text[:3]}]}] if place else []
    doc["entities"] += [{"id": a, "type": "ORG", "name": a, "wikidata": None, "roles": [], "geo": None,
                         "mentions": [{"start": 0, "end": 3, "text": text[:3]}]} for a in actors]
    ev = {"acled": {"event_type": acled[0], "sub_event_type": acled[1]} if acled else None,
          "plover": None if acled else {"event": "CONSULT", "mode": "visit"},
          "actors": list(actors), "place": place, "date": date, "date_precision": precision if date else None,
          "evidence": {"start": 0, "end": len(text), "text": text}, "confidence": 0.8}
    if figures:
        ev["figures"] = figures
    doc["events"] = [ev]
    return doc


@pytest.fixture
def store(db_url):
    with Store(db_url) as s:
        yield s


def _clusters(store: Store) -> list[dict]:
    with store.connect() as conn:
        return list(iter_clusters(conn))


def _snapshot(store: Store) -> list[tuple]:
    return [(c["id"], c["date"], c["corroboration"], c["n_reports"], tuple(r["document_id"] for r in c["reports"]))
            for c in _clusters(store)]


def test_a_copy_under_another_id_and_label_adds_no_source(store):
    store.save(_doc("wire", BODY, source="Dnipro Wire", figures={"killed": 3, "injured": 11}))
    store.save(_doc("paper", "Deux missiles ont frappé Krementchouk mardi matin: trois morts et douze blessés.",
                    source="Courrier", figures={"killed": 3, "injured": 12}))
    assert [c["corroboration"] for c in _clusters(store)] == [2]
    # the wire text republished by a press review, another id, another outlet label, other quote marks
    copy = BODY.replace("'", "’").replace(" ", "  ")
    assert store.save(_doc("review-7", copy, source="Press Review", url="https://review.example.org/7",
                           published="2023-06-21", figures={"killed": 3, "injured": 11}))
    (c,) = _clusters(store)
    assert (c["corroboration"], c["n_reports"]) == (2, 3)
    assert sorted((f["source"], f["injured"]) for f in c["figures"]) == [("Courrier", 12), ("Dnipro Wire", 11)]


def test_a_near_copy_with_a_line_added_adds_no_source(store):
    store.save(_doc("wire", BODY, source="Dnipro Wire"))
    store.save(_doc("aggregator-1", BODY + "\n\nRead more on our site. Subscribe to our newsletter.",
                    source="Aggregator"))
    (c,) = _clusters(store)
    assert (c["corroboration"], c["n_reports"]) == (1, 2)


def test_the_same_outlet_twice_is_one_source_and_so_is_one_host(store):
    store.save(_doc("a", BODY, source="Dnipro Wire"))
    store.save(_doc("b", "Update: the toll of the Kremenchuk strike rose to four dead.", source="DNIPRO  wire"))
    store.save(_doc("c", "Kremenchuk: firefighters still at the depot.", url="https://www.poltava.example.org/1"))
    store.save(_doc("d", "Kremenchuk depot strike, more details.", url="https://poltava.example.org/2"))
    (c,) = _clusters(store)
    assert (c["corroboration"], c["n_reports"]) == (2, 4)


def test_saving_the_same_document_twice_changes_nothing(store):
    store.save(_doc("a", BODY, source="Dnipro Wire"))
    store.save(_doc("b", "Missiles hit Kremenchuk depot.", source="Courrier"))
    before = _snapshot(store)
    assert store.save(_doc("a", BODY, source="Dnipro Wire")) is False
    assert _snapshot(store) == before and store.counts()["documents"] == 2


def test_an_undated_event_of_a_copy_joins_its_original(store):
    store.save(_doc("a", BODY, source="Dnipro Wire", date=None))
    store.save(_doc("b", BODY, source="Elsewhere", date=None))
    (c,) = _clusters(store)
    assert (c["corroboration"], c["n_reports"]) == (1, 2)


def test_deleting_the_original_leaves_the_copy_as_the_one_source(store):
    store.save(_doc("a", BODY, source="Dnipro Wire"))
    store.save(_doc("b", BODY, source="Review"))
    store.save(_doc("c", "Missiles hit Kremenchuk depot.", source="Courrier"))
    assert [c["corroboration"] for c in _clusters(store)] == [2]
    store.delete("a")
    (c,) = _clusters(store)
    assert (c["corroboration"], c["n_reports"]) == (2, 2)
    store.delete("c")
    assert [(c["corroboration"], c["n_reports"]) for c in _clusters(store)] == [(1, 1)]


def test_a_store_without_fingerprints_computes_them(store):
    store.save(_doc("a", BODY, source="Dnipro Wire"))
    with store._writer.begin() as conn:      # as a store written before the table existed
        conn.execute(delete(FINGERPRINTS))
    store.save(_doc("b", BODY, source="Review"))
    (c,) = _clusters(store)
    assert (c["corroboration"], c["n_reports"]) == (1, 2)


def test_a_different_strike_the_same_day_in_another_city_stays_apart(store):
    store.save(_doc("a", BODY, source="Dnipro Wire"))
    store.save(_doc("b", "Three missiles hit an industrial site in Zaporizhzhia.", source="Dnipro Wire",
                    place="ua:zap", geo=ZAP))
    assert sorted((c["place"], c["corroboration"]) for c in _clusters(store)) == [("ua:krem", 1), ("ua:zap", 1)]


def test_an_attack_on_civilians_and_a_strike_at_one_place_are_one_happening(store):
    store.save(_doc("a", BODY, source="Dnipro Wire"))
    store.save(_doc("b", "Three civilians were killed in Kremenchuk.", source="Courrier",
                    acled=("Violence against civilians", "Attack")))
    store.save(_doc("c", "Kremenchuk: a man abducted.", source="Other",
                    acled=("Violence against civilians", "Abduction/forced disappearance")))
    sizes = sorted((c["acled_type"], c["corroboration"]) for c in _clusters(store))
    assert sizes == [("Explosions/Remote violence", 2), ("Violence against civilians", 1)]


def test_strategic_developments_need_the_same_sub_type(store):
    store.save(_doc("a", "The council opened shelters in Kremenchuk.", source="A",
                    acled=("Strategic developments", "Change to group/activity")))
    store.save(_doc("b", "Looters took goods in Kremenchuk.", source="B",
                    acled=("Strategic developments", "Looting/property destruction")))
    assert len(_clusters(store)) == 2


def test_a_week_cannot_corroborate_a_day(store):
    store.save(_doc("a", BODY, source="Dnipro Wire"))
    store.save(_doc("b", "This week missiles hit Kremenchuk.", source="Weekly", date="2023-06-19", precision="week"))
    assert len(_clusters(store)) == 2


def test_clusters_do_not_chain_from_day_to_day(store):
    for i, day in enumerate(("2023-06-19", "2023-06-20", "2023-06-21")):
        store.save(_doc(f"d{i}", f"Missiles hit Kremenchuk, day {i}.", source=f"S{i}", date=day))
    spans = sorted((c["date"], c["date_end"]) for c in _clusters(store))
    assert len(spans) == 2 and all(a != "2023-06-19" or b != "2023-06-21" for a, b in spans)


def test_one_sided_violence_by_two_different_states_stays_apart(store):
    store.save(_doc("a", "Russia struck Kremenchuk.", source="A", actors=("iso:RU",)))
    store.save(_doc("b", "Ukraine struck Kremenchuk.", source="B", actors=("iso:UA",)))
    store.save(_doc("c", "Missiles hit Kremenchuk, said the governor.", source="C", actors=("person:bogus",)))
    assert sorted(c["n_reports"] for c in _clusters(store)) == [1, 2]


def test_near_copies_by_sketch():
    a = _from_row(fingerprint_row("a", BODY, None, None))
    b = _from_row(fingerprint_row("b", BODY.upper().replace(",", " ;"), "x", None))
    lead = _from_row(fingerprint_row("c", BODY[:200], None, None))
    other = _from_row(fingerprint_row("d", "Missiles struck a warehouse and a power substation in the industrial "
                                      "district of Zaporizhzhia in the afternoon, the governor said; one worker "
                                      "was injured and parts of the city lost power for hours.", None, None))
    assert normalized_text("L’Ukraine,  «frappe»") == "l ukraine frappe"
    assert a.norm_hash == b.norm_hash and near_copies(a, b)
    assert near_copies(a, lead) and not near_copies(a, other)


def test_a_region_report_joins_the_strike_on_a_town_in_it(store):
    region = {**KREM, "lat": 49.59, "lon": 34.55, "precision": "region", "feature": "region"}
    other_region = {**region, "lat": 47.5, "lon": 35.5, "admin1": "Zaporizhzhia Oblast"}
    store.save(_doc("a", BODY, source="Dnipro Wire"))
    store.save(_doc("b", "Missiles hit the Poltava region.", source="Courrier", place="iso:UA-53", geo=region))
    store.save(_doc("c", "Missiles hit the Zaporizhzhia region.", source="Other", place="iso:UA-23", geo=other_region))
    clusters = sorted(_clusters(store), key=lambda c: -c["corroboration"])
    assert [(c["corroboration"], c["place"]) for c in clusters] == [(2, "ua:krem"), (1, "iso:UA-23")]


def test_strikes_placed_only_in_a_country_or_nowhere_are_not_merged(store):
    country = {**KREM, "lat": 49.0, "lon": 32.0, "admin1": None, "precision": "country", "feature": "country"}
    store.save(_doc("a", "Russian forces shelled villages, the General Staff said.", source="A",
                    place="iso:UA", geo=country))
    store.save(_doc("b", "Aviation struck nine areas where troops gathered.", source="B", place="iso:UA", geo=country))
    store.save(_doc("c", "Missiles were fired overnight.", source="C", place=None))
    store.save(_doc("d", "Missiles were launched overnight.", source="D", place=None))
    assert sorted(c["n_reports"] for c in _clusters(store)) == [1, 1, 1, 1]


def test_telegram_channels_are_outlets_not_one_host():
    from khronika.store.sources import host_key

    assert host_key("https://t.me/poltava_ova/1234") == "t.me/poltava_ova" == host_key("https://t.me/s/Poltava_OVA/99")
    assert host_key("https://t.me/other_channel/5") != host_key("https://t.me/poltava_ova/1")
    assert host_key("https://www.example.org/a") == "example.org" == host_key("http://example.org/b?c=1")
    assert host_key("not a url") is None and host_key(None) is None


def test_one_sources_figures_once_revised_tolls_side_by_side(store):
    store.save(_doc("a", BODY, source="Dnipro Wire", figures={"killed": 3}))
    store.save(_doc("b", "Kremenchuk strike: three killed, eleven injured.", source="Dnipro Wire",
                    figures={"killed": 3, "injured": 11}))
    store.save(_doc("c", "Kremenchuk strike: the toll rose to four.", source="Courrier", figures={"killed": 3}))
    store.save(_doc("d", "Kremenchuk strike toll now four dead.", source="Courrier", figures={"killed": 4}))
    (c,) = _clusters(store)
    assert sorted((f["source"], f["killed"], f.get("injured")) for f in c["figures"]) == [
        ("Courrier", 3, None), ("Courrier", 4, None), ("Dnipro Wire", 3, 11)]


def test_figures_a_claim_attributes_are_kept_with_who_gave_them(store):
    doc = _doc("a", BODY, source="Courrier", figures={"killed": 3})
    doc["events"][0]["claims"] = [{"by": "org:prosecutor", "kind": "indirect", "start": 0, "end": 3, "text": BODY[:3],
                                   "figures": {"killed": 3, "injured": 12}},
                                  {"by": None, "kind": "direct", "start": 0, "end": 3, "text": BODY[:3]}]
    store.save(doc)
    (c,) = _clusters(store)
    assert [(f["killed"], f.get("injured"), f.get("by")) for f in c["figures"]] == [(3, 12, "org:prosecutor")]


def test_two_districts_of_one_oblast_are_two_places(store):
    district = {**KREM, "precision": "region", "feature": "district"}
    store.save(_doc("a", "Shelling in Kremenchutskyi district.", source="A", place="ua:d1", geo={**district, "lat": 49.06}))
    store.save(_doc("b", "Shelling in Lubenskyi district.", source="B", place="ua:d2",
                    geo={**district, "lat": 50.01, "lon": 33.0}))
    oblast = {**KREM, "lat": 49.59, "lon": 34.55, "precision": "region", "feature": "region"}
    store.save(_doc("c", "Shelling in the Poltava region.", source="C", place="iso:UA-53", geo=oblast))
    assert sorted(c["n_reports"] for c in _clusters(store)) == [1, 2]
