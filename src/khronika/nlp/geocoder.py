"""Geocoder component: PLACE entities get coordinates, region and precision from the gazetteer.

Runs after the linker and before quotes and events, so those see final place ids. Mentions
are regrouped by the geocoder's own rule (one sense per discourse, "région de Donetsk" apart
from "Donetsk"); spellings that resolve to one place (Bakhmout, Bakhmut, Бахмуті) become
one entity with the gazetteer's id. Non-knowledge-base persons and organisations with a
single-word name and no role ("Avdiivka" read as a person by a small model) become places
when the gazetteer resolves them confidently.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from khronika.nlp import extensions  # noqa: F401
from khronika.nlp.geocode import GeoResolution, PlaceMention, geocode_entities, group_mentions
from khronika.nlp.names import slug_id

RETYPE_CONFIDENCE = 0.6


def _retypable(e: dict) -> bool:
    """A model guess, not a knowledge-base actor, with nothing that says it is a person."""
    return (e["type"] in ("PERSON", "ORG") and not e["id"].startswith("kb:") and not e["roles"]
            and len(e["name"].split()) == 1)


class Geocoder:
    def __init__(self, nlp: Language):
        self.lang = nlp.lang

    def __call__(self, doc: Doc) -> Doc:
        entities = doc._.khr_entities or []
        text = doc.text
        places = [e for e in entities if e["type"] == "PLACE"]
        guesses = [e for e in entities if _retypable(e)]
        if not places and not guesses:
            return doc
        mentions = [PlaceMention(m["start"], m["end"], m["text"]) for e in places for m in e["mentions"]]
        groups = group_mentions(mentions, text) if mentions else []
        guess_groups = [[PlaceMention(m["start"], m["end"], m["text"]) for m in e["mentions"]] for e in guesses]
        resolved = geocode_entities(groups + guess_groups, text, self.lang)
        kept = [e for e in entities if e["type"] != "PLACE"]
        by_id: dict[str, dict] = {}
        for i, (group, res) in enumerate(zip(groups + guess_groups, resolved)):
            if i >= len(groups):
                if res is None or res.kind != "toponym" or res.geo.get("confidence", 0) < RETYPE_CONFIDENCE:
                    continue
                kept.remove(guesses[i - len(groups)])
            self._place(by_id, group, res)
        doc._.khr_entities = kept + list(by_id.values())
        return doc

    def _place(self, by_id: dict[str, dict], group: list[PlaceMention], res: GeoResolution | None) -> None:
        eid = (res.place_id if res and res.place_id else None) or slug_id("place", group[0].text)
        ent = by_id.setdefault(eid, {
            "id": eid, "type": "PLACE", "name": res.name if res else group[0].text, "wikidata": None, "roles": [],
            "geo": res.geo if res else None, "mentions": [], "gender": None,
            "metonymy": bool(res and res.metonymy),
        })
        ent["mentions"].extend({"start": m.start, "end": m.end, "text": m.text} for m in group)
        ent["mentions"].sort(key=lambda m: m["start"])


@Language.factory("khronika_geocoder")
def make_geocoder(nlp: Language, name: str) -> Geocoder:
    return Geocoder(nlp)
