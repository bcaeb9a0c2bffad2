"""Geocoding place mentions: the seed's places, spellings, context, inflection, sites; the
gazetteer matcher; the geoparsing scorer on small corpora written here."""
from __future__ import annotations

import re

import pytest

from khronika.kb.gazetteer import get_gazetteer, haversine_km
from khronika.nlp.geocode import PlaceMention, find_place_candidates, geocode_entities, geocode_text

BAKHMUT = (48.595, 38.000)
VUHLEDAR = (47.780, 37.250)
MARINKA = (47.946, 37.505)
DONETSK_OBLAST = (48.0, 37.8)
BELGOROD_OBLAST = (50.7, 37.0)
BELGOROD = (50.596, 36.588)
MOSCOW = (55.756, 37.617)
KYIV = (50.450, 30.523)
BEIJING = (39.904, 116.407)
KUPIANSK = (49.710, 37.615)


@pytest.fixture(scope="session")
def gaz():
    return get_gazetteer()


def km(res, point) -> float:
    return haversine_km(res.geo["lat"], res.geo["lon"], *point)


def mentions_of(text: str, surface: str) -> list[PlaceMention]:
    return [PlaceMention(m.start(), m.end(), surface)
            for m in re.finditer(re.escape(surface) + r"(?!\w|-\d)", text)]


# -- the founding example ---------------------------------------------------------------------
SEED_SURFACES = ["région de Belgorod", "Belgorod-22", "Kremlin", "Bakhmout", "Vouhledar", "Maryinka",
                 "région de Donetsk", "Lytak", "Moscou", "Kyiv", "Pékin", "Chine", "Russie", "Volodymyr",
                 "Natalia"]


@pytest.fixture(scope="module")
def seed_geo(seed_text, gaz):
    groups = [g for g in (mentions_of(seed_text, s) for s in SEED_SURFACES) if g]
    # "Belgorod" alone (not inside "région de Belgorod" or "Belgorod-22")
    groups.append([m for m in mentions_of(seed_text, "Belgorod")
                   if not seed_text[max(0, m.start - 10):m.start].endswith("région de ")])
    res = geocode_entities(groups, seed_text, "fr", gazetteer=gaz)
    return {g[0].text: r for g, r in zip(groups, res)}


@pytest.mark.parametrize("surface,point,limit", [
    ("Bakhmout", BAKHMUT, 25), ("Vouhledar", VUHLEDAR, 25), ("Maryinka", MARINKA, 25),
    ("Moscou", MOSCOW, 60), ("Kyiv", KYIV, 60), ("Pékin", BEIJING, 60),
])
def test_seed_places_within_limit(seed_geo, surface, point, limit):
    res = seed_geo[surface]
    assert res is not None, surface
    assert km(res, point) <= limit, (surface, res)


@pytest.mark.parametrize("surface,point,name", [
    ("région de Donetsk", DONETSK_OBLAST, "Donetsk Oblast"),
    ("région de Belgorod", BELGOROD_OBLAST, "Belgorod Oblast"),
])
def test_seed_regions_are_regions(seed_geo, surface, point, name):
    res = seed_geo[surface]
    assert res.name == name
    assert res.geo["feature"] == "region" and res.geo["precision"] == "region"
    assert km(res, point) <= 120


def test_lytak_is_never_far_from_bakhmut(seed_geo):
    res = seed_geo["Lytak"]
    assert res is None or km(res, BAKHMUT) <= 25
    if res is not None:
        assert res.kind == "enclosing" and res.geo["precision"] != "point"


def test_belgorod_22_is_a_site_near_belgorod(seed_geo):
    res = seed_geo["Belgorod-22"]
    assert res is None or (km(res, BELGOROD) <= 150 and res.geo["feature"] == "site"
                           and res.geo["precision"] in ("settlement", "region"))


def test_first_names_are_not_places(seed_geo):
    assert seed_geo["Volodymyr"] is None
    assert seed_geo["Natalia"] is None


def test_seed_metonymy(seed_geo):
    assert seed_geo["Kremlin"].metonymy            # "porte-parole du Kremlin"
    assert seed_geo["Pékin"].metonymy              # "les efforts de Pékin"
    assert not seed_geo["Bakhmout"].metonymy
    assert seed_geo["Chine"].geo["feature"] == "country" and seed_geo["Chine"].geo["country"] == "CN"


def test_seed_geo_objects_follow_the_contract(seed_geo):
    for _surface, res in seed_geo.items():
        if res is None:
            continue
        g = res.geo
        assert set(g) == {"lat", "lon", "country", "admin1", "feature", "precision", "geonames_id", "confidence"}
        assert -90 <= g["lat"] <= 90 and -180 <= g["lon"] <= 180
        assert g["precision"] in ("point", "settlement", "region", "country")
        assert 0 <= g["confidence"] <= 1


def test_matcher_finds_the_seed_places(seed_text, gaz):
    found = {m.text for m in find_place_candidates(seed_text, "fr", gazetteer=gaz)}
    for surface in ("région de Belgorod", "région de Donetsk", "Bakhmout", "Vouhledar", "Maryinka", "Moscou",
                    "Kyiv", "Pékin", "Kremlin"):
        assert surface in found, surface
    assert "Volodymyr" not in found and "Natalia" not in found


# -- spellings, context, inflection ----------------------------------------------------------------
@pytest.mark.parametrize("spelling", ["Kupiansk", "Kup'yans'k", "Kupyansk", "Koupiansk", "Купянськ", "Купянск",
                                      "Kupʼyansʼk"])
def test_kupiansk_spellings(gaz, spelling):
    text = f"Shelling of residential buildings in {spelling}"
    start = text.index(spelling)
    res = geocode_entities([[PlaceMention(start, len(text), spelling)]], text, "en", gazetteer=gaz)[0]
    assert res is not None and km(res, KUPIANSK) <= 25


def test_avdiivka_follows_the_document(gaz):
    text = "Russian forces attacked Avdiivka again, north of Donetsk, in Donetsk Oblast."
    groups = [mentions_of(text, "Avdiivka"), mentions_of(text, "Donetsk Oblast")]
    res = geocode_entities(groups, text, "en", gazetteer=gaz)
    assert res[0].geo["admin1"] == "Donetsk Oblast"
    assert km(res[0], (48.14, 37.75)) <= 25
    text = "The village of Avdiivka near Mena, in Chernihiv Oblast, lost power."
    res = geocode_entities([mentions_of(text, "Avdiivka"), mentions_of(text, "Mena"),
                            mentions_of(text, "Chernihiv Oblast")], text, "en", gazetteer=gaz)
    assert res[0].geo["admin1"] == "Chernihiv Oblast"


def test_donetsk_alone_is_the_city(gaz):
    text = "Shelling continued in Donetsk."
    res = geocode_entities([mentions_of(text, "Donetsk")], text, "en", gazetteer=gaz)[0]
    assert res.geo["feature"] == "city" and km(res, (48.023, 37.802)) <= 10


def test_inflected_ukrainian_name_through_lemma(gaz):
    text = "Запеклі бої тривають на околицях Бахмута."
    res = geocode_entities([mentions_of(text, "Бахмута")], text, "uk", gazetteer=gaz)[0]
    assert res is not None and km(res, BAKHMUT) <= 25
    given = PlaceMention(text.index("Бахмута"), text.index("Бахмута") + 7, "Бахмута", lemma="Бахмут")
    assert km(geocode_entities([[given]], text, "uk", gazetteer=gaz)[0], BAKHMUT) <= 25


@pytest.mark.parametrize("text,surface,name", [
    ("Обстріл Белгородской области продолжается.", "Белгородской области", "Belgorod Oblast"),
    ("Ситуація в Донецькій області складна.", "Донецькій області", "Donetsk Oblast"),
    ("Fighting in the Kharkiv region went on.", "Kharkiv region", "Kharkiv Oblast"),
    ("Strikes hit Zaporizhzhia Oblast overnight.", "Zaporizhzhia Oblast", "Zaporizhzhia Oblast"),
    ("Les frappes sur l’oblast de Louhansk.", "oblast de Louhansk", "Luhansk Oblast"),
])
def test_region_forms_resolve_to_the_region(gaz, text, surface, name):
    res = geocode_entities([mentions_of(text, surface)], text, "uk", gazetteer=gaz)[0]
    assert res is not None and res.name == name and res.geo["feature"] == "region"


def test_demonym_is_its_country(gaz):
    text = "Turkish officials met Russian diplomats."
    res = geocode_entities([mentions_of(text, "Turkish"), mentions_of(text, "Russian")], text, "en", gazetteer=gaz)
    assert [r.geo["country"] for r in res] == ["TR", "RU"]
    assert all(r.kind == "demonym" and r.geo["precision"] == "country" for r in res)


def test_unknown_site_takes_the_place_of_its_sentence(gaz):
    text = "Ukrainian troops hold the Zalizna Balka ravine near Chasiv Yar."
    res = geocode_entities([mentions_of(text, "Zalizna Balka ravine"), mentions_of(text, "Chasiv Yar")],
                           text, "en", gazetteer=gaz)
    assert res[0] is None or (res[0].kind == "enclosing" and km(res[0], (48.59, 37.84)) <= 25)


def test_geocode_text_groups_by_name(gaz):
    out = geocode_text("Kherson was shelled. Later, Kherson was shelled again.", "en", gazetteer=gaz)
    assert [m.text for m, _ in out] == ["Kherson", "Kherson"]
    assert out[0][1] is out[1][1]


# -- the scorer ------------------------------------------------------------------------------------------
LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1"><text><![CDATA[Shelling hit Kupiansk and Kharkiv. A street was damaged.]]></text>
    <toponyms>
      <toponym><start>13</start><end>21</end><phrase>Kupiansk</phrase>
        <gaztag geonameid="704147"><lat>49.71</lat><lon>37.615</lon></gaztag></toponym>
      <toponym><start>26</start><end>33</end><phrase>Kharkiv</phrase>
        <gaztag geonameid="706483"><lat>49.98</lat><lon>36.25</lon></gaztag></toponym>
      <toponym><start>37</start><end>43</end><phrase>street</phrase></toponym>
    </toponyms></article>
</articles>"""

GEOVIRUS_XML = """<articles><article><source>x</source>
  <text>Cases rose in Kenya and Nairobi.</text>
  <locations>
    <location><name>Kenya</name><start>15</start><end>20</end><lat>1.0</lat><lon>38.0</lon></location>
    <location><name>Nairobi</name><start>25</start><end>32</end><lat>-1.28</lat><lon>36.82</lon></location>
  </locations></article></articles>"""


def test_readers_and_scores(tmp_path):
    from khronika.eval.geocode import auc, evaluate, read_corpus

    lgl = tmp_path / "lgl.xml"
    lgl.write_text(LGL_XML, encoding="utf-8")
    gv = tmp_path / "gv.xml"
    gv.write_text(GEOVIRUS_XML, encoding="utf-8")
    arts = read_corpus(lgl)
    assert [t.name for t in arts[0].toponyms] == ["Kupiansk", "Kharkiv", "street"]
    assert arts[0].toponyms[2].lat is None
    text = read_corpus(gv)[0].text
    assert [text[t.start:t.end] for t in read_corpus(gv)[0].toponyms] == ["Kenya", "Nairobi"]  # re-anchored

    perfect = evaluate(lgl, lambda t: [(13, 21, 49.71, 37.615), (26, 33, 49.98, 36.25)])
    assert perfect["acc161"] == 1.0 and perfect["recall"] == 1.0 and perfect["precision"] == 1.0
    assert perfect["gold_toponyms"] == 2 and perfect["unscored_gold"] == 1 and perfect["auc"] == 0.0
    nothing = evaluate(lgl, lambda t: [])
    assert nothing["acc161"] == 0.0 and nothing["recall"] == 0.0 and nothing["auc"] == 1.0
    wrong = evaluate(gv, lambda t: [(15, 20, 1.0, 38.0), (25, 32, 48.85, 2.35)])
    assert wrong["acc161"] == 0.5 and wrong["matched"] == 2 and wrong["median_km"] > 1000
    assert 0 < auc([0.0, 20039.0]) < 1


def test_end_to_end_with_the_gazetteer_matcher(tmp_path, gaz):
    from khronika.eval.geocode import evaluate

    lgl = tmp_path / "lgl.xml"
    lgl.write_text(LGL_XML, encoding="utf-8")

    def predict(text):
        return [(m.start, m.end, r.geo["lat"], r.geo["lon"]) for m, r in geocode_text(text, "en", gazetteer=gaz)]

    res = evaluate(lgl, predict)
    assert res["acc161"] == 1.0


def test_homonyms_named_together_agree_on_their_state(gaz):
    """Local news names ambiguous places together: the state where all of them exist wins over
    each one's most populous namesake (the joint support of plausible readings)."""
    text = ("COLUMBUS - The Platte County board met Tuesday in Columbus. Officials from Norfolk "
            "and Columbus discussed the new road.")
    groups = [mentions_of(text, "Columbus") + mentions_of(text, "COLUMBUS"), mentions_of(text, "Platte County"),
              mentions_of(text, "Norfolk")]
    res = geocode_entities(groups, text, "en", gazetteer=gaz)
    assert [r.geo["admin1"] for r in res] == ["Nebraska"] * 3


def test_state_and_country_names_are_not_namesake_towns(gaz):
    """In a list of states, "Nevada" is the state, not Nevada, Ohio; "Mexico" the country, not a
    town of New York. A comma and a state after the name make it the town ("Mexico, Mo.")."""
    text = ("Cases were confirmed in Ohio, New York, Texas, California, Nevada, Oregon and Wyoming "
            "after the outbreak in Mexico.")
    names = ["Ohio", "New York", "Texas", "California", "Nevada", "Oregon", "Wyoming", "Mexico"]
    res = geocode_entities([mentions_of(text, n) for n in names], text, "en", gazetteer=gaz)
    assert [r.geo["feature"] for r in res] == ["region"] * 7 + ["country"]
    text = "The fair in Mexico, Mo., drew visitors from Columbia, Missouri."
    res = geocode_entities([mentions_of(text, "Mexico"), mentions_of(text, "Missouri")], text, "en", gazetteer=gaz)
    assert (res[0].geo["feature"], res[0].geo["admin1"]) == ("city", "Missouri")


def test_matcher_finds_a_county_named_in_full_inside_an_organisation(gaz):
    text = "Parents should contact The Madison County Health Department before Friday, officials in Edwardsville said."
    found = {m.text for m in find_place_candidates(text, "en", gazetteer=gaz)}
    assert "The Madison County" in found and "The Madison" not in found
    res = dict((m.text, r) for m, r in geocode_text(text, "en", gazetteer=gaz))
    assert res["The Madison County"].geo["admin1"] == "Illinois"     # where Edwardsville is
