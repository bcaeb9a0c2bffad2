"""Geocoder component: PLACE entities get coordinates, region and precision from the gazetteer.

Runs after the linker and before quotes and events, so those see final place ids. Mentions
are regrouped by the geocoder's own rule (one sense per discourse, "région de Donetsk" apart
from "Donetsk"); spellings that resolve to one place (Bakhmout, Bakhmut, Бахмуті) become
one entity with the gazetteer's id. Besides the model's places it reads:

- demonyms the model tags NORP ("Turkish officials"): the country, when the gazetteer knows it;
- names the gazetteer matcher finds and the model missed, including a place inside an
  organisation's name ("Texas Department of Health");
- places inside longer names ("Paris City Hall", "Berea Police Department"), legislators' home
  towns ("D-Charleston") and datelines ("CROMWELL —"): see :mod:`khronika.nlp.geosubspan`;
- non-knowledge-base persons and organisations without a role ("Avdiivka" or "Belgorod Oblast"
  read as a person by a small model), when the gazetteer resolves them confidently.

A site the gazetteer lacks ("Belgorod-22") stays its own PLACE entity with feature "site",
placed in the enclosing place its sentence names at a coarser precision.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from khronika.nlp.geocode import (GeoResolution, PlaceMention, find_place_candidates, geocode_entities,
                                  group_mentions, place_pair)
from khronika.kb.gazetteer import Q_ABBR, Gazetteer, get_gazetteer, normalize_name
from khronika.nlp import geotheatre
from khronika.nlp.georetype import retype_allowed
from khronika.nlp.geosubspan import dateline_mentions, inner_place_mentions, party_home_mentions
from khronika.nlp.morph import INFLECTED, phrase_lemma
from khronika.nlp.names import slug_id
from khronika.nlp.spanindex import SpanIndex
from khronika.nlp.extensions import doc_text, pipeline_lang

RETYPE_CONFIDENCE = 0.6
CUED_RETYPE_CONFIDENCE = 0.3   # with words around it that only a place takes ("Berea police", "in Berea")
_CUE_AFTER = re.compile(r"^(?:['’]s)?\s+(?:police|man|woman|men|women|residents?|natives?|area|city|county|mayor|"
                        r"officials?|schools?|apartment|home|homes|boy|girl|teens?|couple|family|council|fire|"
                        r"township|neighborhood|suburb|streets?|sheriff|hospital)\b|^,\s+(?:[A-Z][a-z]{1,4}\.|[A-Z]{2}\b)")
_CUE_BEFORE = re.compile(r"\b(?:in|near|outside|at|into|from)\s+(?:downtown\s+)?$")
# a multi-word model guess is retyped only as a region or country: "Belgorod Oblast" as PERSON
_MULTIWORD_RETYPE = {"region", "country", "district", "continent", "area"}


def _retypable(e: dict, text: str, lang: str, gaz: Gazetteer) -> bool:
    """A model guess, not a knowledge-base actor, with nothing that says it is a person
    (in uk/ru: no first-name, surname or common-word reading, unless a locative preposition
    governs it: nlp/georetype.py)."""
    return (e["type"] in ("PERSON", "ORG") and not e["id"].startswith("kb:") and not e["roles"]
            and len(e["name"].split()) <= 3
            and retype_allowed(e["name"], [(m["start"], m["end"]) for m in e["mentions"]], text, lang, gaz))


_ABBR_BEFORE_DOT = re.compile(r"(?:[A-Z]\.\s?){1,3}[A-Z]?[a-z]{0,3}|[A-Z][a-z]{1,4}")   # "W. Va", "N.D", "Kan"


def _mention(m: dict, text: str, gaz: Gazetteer, label: str | None = None) -> PlaceMention:
    """A place mention, with the dot the linker trimmed off an abbreviation ("Kan." not "Kan")."""
    s, e = m["start"], m["end"]
    if text[e:e + 1] == "." and _ABBR_BEFORE_DOT.fullmatch(text[s:e]) and _is_abbreviation(text[s:e + 1], gaz):
        e += 1
    return PlaceMention(s, e, text[s:e], label=label)


def _is_abbreviation(name: str, gaz: Gazetteer) -> bool:
    return any(q == Q_ABBR for _, q in gaz.lookup(name))


def _split_pair(m: PlaceMention, gaz: Gazetteer) -> list[PlaceMention]:
    """"Vouhledar-Maryinka": its two places (geocode.place_pair), else the mention itself."""
    pair = place_pair(gaz, m.text)
    if pair is None:
        return [m]
    cut = m.start + len(pair[0])
    return [PlaceMention(m.start, cut, pair[0], label=m.label), PlaceMention(cut + 1, m.end, pair[1], label=m.label)]


def _place_cue(group: list[PlaceMention], text: str) -> bool:
    return any(_CUE_AFTER.match(text[m.end:m.end + 25]) or _CUE_BEFORE.search(text[max(0, m.start - 20):m.start])
               for m in group)


def _holds(m: PlaceMention, inner: SpanIndex) -> bool:
    """Does one of the indexed spans lie inside the mention?"""
    i = bisect_left(inner.starts, m.start)
    while i < len(inner.starts) and inner.starts[i] < m.end:
        if inner.ends[i] <= m.end:
            return True
        i += 1
    return False


class Geocoder:
    def __init__(self, nlp: Language, matcher: bool = True, gazetteer_path: str = ""):
        self.lang = pipeline_lang(nlp)
        self.matcher = matcher
        # "" is the shipped index (or $KHRONIKA_GAZETTEER); loaded once per process and path
        self.gazetteer = get_gazetteer(gazetteer_path or None)
        geotheatre.prepare(self.gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        ner = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        doc._.khr_entities = place_entities(doc._.khr_entities or [], ner, doc_text(doc), self.lang,
                                            matcher=self.matcher, gazetteer=self.gazetteer)
        return doc


def place_entities(entities: list[dict], ner: list[tuple[int, int, str]], text: str, lang: str,
                   *, matcher: bool = True, gazetteer: Gazetteer | None = None) -> list[dict]:
    """The document's entities with PLACE entities regrouped and geocoded (see the module doc)."""
    gaz = gazetteer or get_gazetteer()
    places = [e for e in entities if e["type"] == "PLACE"]
    guesses = [e for e in entities if _retypable(e, text, lang, gaz)]
    mentions = [x for e in places for m in e["mentions"] for x in _split_pair(_mention(m, text, gaz), gaz)]
    pairs = [e for e in guesses if all(len(_split_pair(_mention(m, text, gaz), gaz)) == 2 for m in e["mentions"])]
    if pairs:   # "Vouhledar-Maryinka" read as an organisation: the two towns
        mentions += [x for e in pairs for m in e["mentions"] for x in _split_pair(_mention(m, text, gaz), gaz)]
        paired = {id(x) for x in pairs}
        guesses = [e for e in guesses if id(e) not in paired]
        entities = [e for e in entities if id(e) not in paired]
    # one sense per discourse: a name the model tags a place here and a person there is the place
    place_keys = {normalize_name(m.text) for m in mentions}
    same = [e for e in guesses if normalize_name(e["name"]) in place_keys]
    if same:
        mentions += [_mention(m, text, gaz) for e in same for m in e["mentions"]]
        same_ids = {id(x) for x in same}
        guesses = [e for e in guesses if id(e) not in same_ids]
        entities = [e for e in entities if id(e) not in same_ids]
    model_spans = {(m.start, m.end) for m in mentions}
    taken = [(m["start"], m["end"]) for e in entities for m in e["mentions"]]
    found = find_place_candidates(text, lang, gazetteer=gaz) if matcher else []
    found_spans = {(m.start, m.end) for m in found}
    entity_spans = SpanIndex(taken)     # the model's NORP spans never overlap one another
    for s, e, label in ner:
        if label == "NORP" and not entity_spans.overlaps(s, e):
            # a town the model calls NORP ("Chuhuiv") is a place when the matcher finds it too
            mentions.append(PlaceMention(s, e, text[s:e], label=None if (s, e) in found_spans else "NORP"))
            taken.append((s, e))
    if matcher:
        spans = {(m.start, m.end) for m in mentions}
        mentions += [m for m in _matcher_mentions(entities, found, taken) if (m.start, m.end) not in spans]
        mentions = _inner_mentions(entities, mentions, text, ner, gaz)
    if not mentions and not guesses:
        return entities
    groups = group_mentions(mentions, text) if mentions else []
    guess_groups = [[_mention(m, text, gaz) for m in e["mentions"]] for e in guesses]
    resolved = geocode_entities(groups + guess_groups, text, lang, gazetteer=gaz)
    kept = [e for e in entities if e["type"] != "PLACE"]
    retyped: set[int] = set()
    by_id: dict[str, dict] = {}
    for i, (group, res) in enumerate(zip(groups + guess_groups, resolved)):
        if i >= len(groups):
            guess = guesses[i - len(groups)]
            if res is None or res.kind != "toponym":
                continue
            conf = res.geo.get("confidence", 0)
            # the matcher finding the same name is evidence too (it weighs capitals, persons, context)
            cued = _place_cue(group, text) or any((m.start, m.end) in found_spans for m in group)
            if conf < RETYPE_CONFIDENCE and not (conf >= CUED_RETYPE_CONFIDENCE and cued):
                continue
            if len(guess["name"].split()) > 1 and res.geo["feature"] not in _MULTIWORD_RETYPE and not cued:
                continue
            retyped.add(id(guess))
        elif res is None and all(m.label == "NORP" or (m.start, m.end) not in model_spans
                                 for m in group):
            continue    # a demonym or matcher name that resolved to nothing is no entity
        _place(by_id, group, res, lang)
    return [e for e in kept if id(e) not in retyped] + [_sorted(e) for e in by_id.values()]


def _sorted(ent: dict) -> dict:
    ent["mentions"].sort(key=lambda m: m["start"])
    return ent


def _matcher_mentions(entities: list[dict], found: list[PlaceMention],
                      taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Gazetteer names no entity covers, or that lie inside an organisation's name."""
    # a model's person without a role may be a place name and more ("Alexandria Police")
    persons = SpanIndex((m["start"], m["end"]) for e in entities if e["type"] == "PERSON"
                        and (e["roles"] or e["id"].startswith("kb:") or len(e["name"].split()) < 2)
                        for m in e["mentions"])
    surnames = {w.lower() for e in entities if e["type"] == "PERSON" and len(e["name"].split()) >= 2
                for w in (e["name"].split()[0], e["name"].split()[-1])}
    orgs = SpanIndex((m["start"], m["end"]) for e in entities if e["type"] != "PLACE" for m in e["mentions"])
    taken_index = SpanIndex(taken)
    out = []
    for m in found:
        inside_org = orgs.contains(m.start, m.end, strict=True)
        if taken_index.overlaps(m.start, m.end) and not inside_org:
            continue
        if not m.strong and (persons.overlaps(m.start, m.end) or m.text.lower() in surnames):
            continue      # "Trapani" after "Andrew Trapani": the person again (not a war report's town)
        out.append(m)
    return out


def _inner_mentions(entities: list[dict], mentions: list[PlaceMention], text: str,
                    ner: list[tuple[int, int, str]], gaz: Gazetteer) -> list[PlaceMention]:
    """The mentions plus the places inside longer names and legislators' home towns
    (:mod:`khronika.nlp.geosubspan`); a model place the gazetteer does not know ("Paris City
    Hall") gives way to the place inside it."""
    spans = [(m["start"], m["end"]) for e in entities if e["type"] in ("ORG", "PERSON")
             and not e["id"].startswith("kb:") for m in e["mentions"]]
    # the model's organisations and facilities the linker dropped ("the Canaan Board of Finance")
    spans += [(s, e) for s, e, label in ner if label in ("ORG", "FAC") and (s, e) not in spans]
    unknown = [m for m in mentions if m.label != "NORP" and len(m.text.split()) > 1
               and not gaz.has_key(normalize_name(m.text.rstrip(".")))]
    # the names of the other place mentions, not of the unknown names themselves
    unknown_ids = {id(m) for m in unknown}
    keys = {normalize_name(m.text.rstrip(".")) for m in mentions if m.label != "NORP" and id(m) not in unknown_ids}
    taken = [(m.start, m.end) for m in mentions]
    inner = inner_place_mentions(text, spans + [(m.start, m.end) for m in unknown], keys, gaz, taken)
    if not inner:
        out = list(mentions)
    else:
        inside = SpanIndex((x.start, x.end) for x in inner)
        drop = {id(m) for m in unknown if _holds(m, inside)}
        out = [m for m in mentions if id(m) not in drop] + inner
    taken = [(m.start, m.end) for m in out]
    out += party_home_mentions(text, taken)
    out += dateline_mentions(text, gaz, [(m.start, m.end) for m in out])
    return out


def _unresolved_id(name: str, lang: str) -> str:
    """The id of a place the gazetteer lacks, from its nominative in uk/ru («Білого дому» and
    «Білий дім» are one place across documents)."""
    if lang in INFLECTED:
        name = phrase_lemma(name, lang)
    return slug_id("place", name)


def _place(by_id: dict[str, dict], group: list[PlaceMention], res: GeoResolution | None, lang: str) -> None:
    eid = (res.place_id if res and res.place_id else None) or _unresolved_id(group[0].text, lang)
    name = res.name if res else group[0].text
    if res is not None and res.kind == "enclosing":
        # a site placed in its enclosing place is not that place: its own entity
        eid, name = slug_id("place", res.name or group[0].text), res.name or group[0].text
    ent = by_id.setdefault(eid, {
        "id": eid, "type": "PLACE", "name": name, "wikidata": None, "roles": [],
        "geo": res.geo if res else None, "mentions": [], "gender": None,
        "metonymy": bool(res and res.metonymy),
    })
    ent["mentions"].extend({"start": m.start, "end": m.end, "text": m.text} for m in group)


@Language.factory("khronika_geocoder", default_config={"matcher": True, "gazetteer_path": ""},
                  requires=["doc.ents", "doc._.khr_entities"], assigns=["doc._.khr_entities"])
def make_geocoder(nlp: Language, name: str, matcher: bool, gazetteer_path: str) -> Geocoder:
    return Geocoder(nlp, matcher, gazetteer_path)
