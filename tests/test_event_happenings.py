"""One happening = one event within a document; speakers' statements about it are its claims
(issue 11). The seed, a sports item, a paragraph-crossing place."""
from __future__ import annotations

from khronika.contract import validate
from khronika.nlp.events.merge import merge_events


def _acled(doc: dict, sub: str) -> list[dict]:
    return [ev for ev in doc["events"] if (ev["acled"] or {}).get("sub_event_type") == sub]


def _start(text: str, phrase: str) -> int:
    i = text.find(phrase)
    assert i >= 0, phrase
    return i


def test_seed_belgorod_raid_is_one_event_with_peskovs_and_the_isws_claims(seed_doc):
    text = seed_doc["text"]
    lo, hi = _start(text, "Le Corps des volontaires russes"), _start(text, "Pour rappel")
    raids = [ev for ev in _acled(seed_doc, "Armed clash") if lo <= ev["evidence"]["start"] < hi]
    assert len(raids) == 1
    raid = raids[0]
    assert {"kb:rdk", "kb:freedom_of_russia_legion"} <= set(raid["actors"]) and "kb:peskov" not in raid["actors"]
    assert not raid.get("claimed")
    by = {c["by"] for c in raid["claims"]}
    assert {"kb:peskov", "kb:isw"} <= by
    # every sentence that tells it stays evidence, and each points into the text
    assert len(raid["evidence_spans"]) >= 3
    for span in raid["evidence_spans"] + raid["claims"]:
        assert text[span["start"]:span["end"]] == span["text"]


def test_seed_statement_sentences_give_no_event(seed_doc):
    text = seed_doc["text"]
    for phrase in ("Il a qualifié les combattants", "Ces efforts sont en cours",
                   "n’a pas été en mesure de répondre", "L’Ukraine est prête à discuter"):
        pos = _start(text, phrase)
        for ev in seed_doc["events"]:
            for span in [ev["evidence"], *ev.get("evidence_spans", [])]:
                assert not span["start"] <= pos < span["end"], phrase
            for claim in ev.get("claims", []):
                assert not claim["start"] <= pos < claim["end"], phrase


def test_seed_zelenskyi_visit_is_one_consult_visit_at_the_front(seed_doc):
    visits = [ev for ev in seed_doc["events"] if ev["plover"] and ev["plover"]["event"] == "CONSULT"
              and ev["plover"]["mode"] == "visit"]
    assert len(visits) == 1
    visit = visits[0]
    assert "kb:zelensky" in visit["actors"] and "Vouhledar" in visit["evidence"]["text"]
    assert len(visit["evidence_spans"]) >= 2      # the lede, the heading and the report


def test_a_football_transfer_gives_no_event(analyze_text):
    for text, lang in (
        ("Legia Warsaw sign Ukrainian midfielder\n\nPolish champions Legia Warsaw have signed Ukrainian midfielder "
         "Oleksandr Petrenko on a three-year contract, the club said on Tuesday.", "en"),
        ("Le club polonais du Legia Varsovie a signé mardi le milieu de terrain ukrainien Oleksandr Petrenko pour "
         "trois saisons.", "fr"),
        ("Польський клуб «Легія» підписав контракт з українським півзахисником Олександром Петренком.", "uk"),
    ):
        doc = analyze_text(text, lang)
        assert doc["events"] == [], text


def test_the_place_of_the_sentence_wins_over_the_paragraph_before(analyze_text):
    text = ("Russian forces shelled Sloviansk overnight, damaging a school and two houses, the head of the Sloviansk "
            "city military administration said. Sloviansk has been hit almost every day this week.\n\n"
            "In Odesa, air defence shot down eight drones overnight, the Southern Defence Forces said.\n")
    doc = analyze_text(text, "en")
    validate(doc)
    names = {e["id"]: e["name"] for e in doc["entities"]}
    pos = text.index("In Odesa")
    ev = next(ev for ev in doc["events"] if ev["evidence"]["start"] == pos)
    assert names.get(ev["place"]) == "Odesa"
    shelling = _acled(doc, "Shelling/artillery/missile attack")
    assert shelling and names.get(shelling[0]["place"]) == "Sloviansk"


def _ev(start: int, sub: str, place: str | None, actors=(), claimed=None, by=None, source="clause", section=1,
        day="2023-05-23") -> dict:
    span = {"start": start, "end": start + 10, "text": "x" * 10}
    return {"acled": {"event_type": "Battles", "sub_event_type": sub}, "plover": None, "actors": list(actors),
            "place": place, "date": day, "date_precision": "day", "evidence": span, "confidence": 0.7,
            "trigger": dict(span), "_place_from": source, "_section": section,
            **({"claimed": claimed, "claimed_by": by} if claimed else {})}


GEO = [{"id": "city", "type": "PLACE", "geo": {"country": "RU", "admin1": "BEL", "precision": "settlement"}},
       {"id": "oblast", "type": "PLACE", "geo": {"country": "RU", "admin1": "BEL", "precision": "region"}},
       {"id": "other", "type": "PLACE", "geo": {"country": "UA", "admin1": "14", "precision": "settlement"}}]


def test_merge_keeps_apart_what_differs_and_joins_what_agrees():
    events = [_ev(0, "Armed clash", "oblast", ["kb:rdk"]),
              _ev(100, "Armed clash", "city", claimed="mixed", by="kb:peskov", actors=["kb:kremlin"]),
              _ev(200, "Armed clash", "other", ["kb:zsu"]),                        # another place, other actors
              _ev(300, "Shelling/artillery/missile attack", "oblast", ["kb:rdk"]),  # another type
              _ev(400, "Armed clash", "oblast", ["kb:rdk"], section=2),             # another section
              _ev(500, "Armed clash", "oblast", ["kb:rdk"], day="2023-05-30")]      # a week later
    out = merge_events(events, GEO)
    assert len(out) == 5
    first = out[0]
    assert [s["start"] for s in first["evidence_spans"]] == [0, 100]
    assert first["actors"] == ["kb:rdk"] and first["claims"][0]["by"] == "kb:peskov"
    assert not any(k.startswith("_") for ev in out for k in ev)


def test_a_tally_sentence_counts_the_victims_of_the_strike_before_it(analyze_text):
    doc = analyze_text("Deux missiles de croisière russes ont frappé Krementchouk mardi matin, touchant un dépôt de bus.\n\n"
                       "Le bilan provisoire fait état de trois morts et de douze blessés, dont un garçon de neuf ans.",
                       "fr", published="2023-06-20")
    strikes = [ev for ev in doc["events"] if ev["acled"]]
    assert len(strikes) == 1 and strikes[0]["figures"] == {"killed": 3, "injured": 12}


def test_seed_china_vote_and_xi_call_are_not_placed_in_russia(seed_doc):
    evs = [ev for ev in seed_doc["events"] if (ev["plover"] or {}).get("event") in ("SUPPORT", "CONSULT")
           and "Chine" in ev["evidence"]["text"]]
    assert len(evs) == 2 and all(ev["place"] != "iso:RU" for ev in evs)


def test_seed_the_russians_on_the_defensive_is_no_event(seed_doc):
    assert not [ev for ev in seed_doc["events"] if "défensive" in ev["trigger"]["text"]]
