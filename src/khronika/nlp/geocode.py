"""Geocoding of place mentions against the offline gazetteer (:mod:`khronika.kb.gazetteer`).

Pure functions over text and character offsets (no spaCy needed); this module is the public
entry point, the work is done in one module per job:

* :mod:`~khronika.nlp.geomention` — what a mention says: :class:`PlaceMention`, its name part and
  the kind of place the words around it make it (:func:`region_marker`);
* :mod:`~khronika.nlp.geomorph` — dictionary forms of inflected Ukrainian / Russian names;
* :mod:`~khronika.nlp.geocandidates` — candidate lookup in the gazetteer;
* :mod:`~khronika.nlp.geoprior` — priors of candidates (feature, population, capital, name match)
  and the namesake penalty;
* :mod:`~khronika.nlp.geoguards` — given names and metonymic capitals;
* :mod:`~khronika.nlp.geocontext` / :mod:`~khronika.nlp.geoqualify` — document context and
  qualifiers ("Paris, Texas");
* :mod:`~khronika.nlp.georesolve` — :func:`geocode_entities`, the orchestrator: each entity (a
  group of mentions) to a :class:`GeoResolution` (or ``None``) whose ``geo`` is the contract's
  ``geo`` object, choices iterated with context until stable;
* :mod:`~khronika.nlp.geomatch` — :func:`find_place_candidates`, the gazetteer matcher for names
  the NER may miss.

:func:`geocode_text` runs the matcher and the geocoder together (one entity per name).
"""
from __future__ import annotations

from khronika.kb.gazetteer import Gazetteer, get_gazetteer
from khronika.nlp.geomatch import find_place_candidates, place_pair
from khronika.nlp.geomention import PlaceMention, region_marker
from khronika.nlp.georesolve import GeoResolution, geocode_entities, group_mentions

__all__ = ["PlaceMention", "GeoResolution", "geocode_entities", "find_place_candidates", "geocode_text",
           "group_mentions", "region_marker", "place_pair"]


def geocode_text(text: str, lang: str = "en", *, gazetteer: Gazetteer | None = None,
                 mentions: list[PlaceMention] | None = None) -> list[tuple[PlaceMention, GeoResolution]]:
    """Matcher (or the given mentions) + geocoder: ``[(mention, resolution)]`` for resolved mentions."""
    gaz = gazetteer or get_gazetteer()
    ms = mentions if mentions is not None else find_place_candidates(text, lang, gazetteer=gaz)
    groups = group_mentions(ms, text)
    res = geocode_entities(groups, text, lang, gazetteer=gaz)
    out = []
    for g, r in zip(groups, res):
        if r is None:
            continue
        for m in g:
            out.append((m, r))
    out.sort(key=lambda x: x[0].start)
    return out
