"""The geocoder's speed-ups read the same as the plain tests they replace."""
from khronika.nlp.geotheatre import _FUZZY_BEFORE, fuzzy_context


def test_fuzzy_context_tail_matches_full_search():
    cases = ["fighting near ", "shelled  ", "the village was liberated \n", "unliberated ", "x-near ", "near",
             "", " ", "a long sentence about the war, and then towards ", "counterattacked ", "ON ", "Éon ",
             "he was hit\t", "stormed\u00a0", "of", "rooftop "]
    for before in cases:
        assert fuzzy_context(before) == (_FUZZY_BEFORE.search(before) is not None), before
