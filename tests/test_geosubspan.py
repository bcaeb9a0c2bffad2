"""Places inside longer names, legislators' home towns, datelines, qualified towns, county points."""
from __future__ import annotations

from khronika.kb.gazetteer import get_gazetteer, haversine_km
from khronika.nlp.geocode import PlaceMention, geocode_text
from khronika.nlp.geosubspan import dateline_mentions, inner_place_mentions, party_home_mentions


def _texts(ms):
    return [m.text for m in ms]


def test_place_inside_institution_and_same_name_elsewhere():
    gaz = get_gazetteer()
    t = "A Paris man was arrested at Paris City Hall. The Berea Police Department and the Bank of Canada said."
    spans = [(t.index("Paris City Hall"), t.index("Paris City Hall") + 15),
             (t.index("Berea Police"), t.index(" said")), ]
    got = inner_place_mentions(t, spans, {"paris"}, gaz, [(2, 7)] + spans)
    assert _texts(got) == ["Paris", "Berea"]
    s = t.index("Bank of Canada")
    assert _texts(inner_place_mentions(t, [(s, s + 14)], set(), gaz, [])) == ["Canada"]


def test_party_home_towns_and_datelines():
    t = "Sen. Robert Ford, D-Charleston, and Rep. Earl Pomeroy (D-N.D.) spoke. CROMWELL — The third Democrat ran."
    assert _texts(party_home_mentions(t, [])) == ["Charleston", "N.D."]
    assert _texts(dateline_mentions(t, get_gazetteer(), [])) == ["CROMWELL"]


def test_qualified_town_stays_in_its_state():
    t = "He was held in Greenwood, W. Va., on a parole violation."
    s, q = t.index("Greenwood"), t.index("W. Va.")
    res = dict((m.text, r) for m, r in geocode_text(t, "en", mentions=[PlaceMention(s, s + 9, "Greenwood"),
                                                                       PlaceMention(q, q + 6, "W. Va.")]))
    # no Greenwood in West Virginia in the gazetteer: the state, not Greenwood, Indiana
    assert res["Greenwood"].geo["admin1"] == "West Virginia"


def test_us_counties_have_points_of_their_own():
    gaz = get_gazetteer()
    riley = [p for p, _ in gaz.lookup("Riley County") if gaz.admin1(p) == "Kansas"]
    assert riley and not int(gaz.flags[riley[0]]) & 4
    # Riley County, Kansas: around Manhattan, not at the middle of the state
    assert haversine_km(float(gaz.lat[riley[0]]), float(gaz.lon[riley[0]]), 39.29, -96.73) < 40
