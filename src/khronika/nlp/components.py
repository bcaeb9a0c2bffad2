"""Thin spaCy components over khronika's pure text functions (dates, structure).

Each reads the text (and the ingest metadata in doc._.khr_meta) and writes plain data
to a doc._.khr_* attribute (shapes in payloads.py); the work itself lives in dates/ and
structure.py, which tests call without spaCy.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc

from khronika.nlp.dates import WAR_DAY_ONE, find_dates, find_day_of_war, report_date
from khronika.nlp.extensions import doc_text
from khronika.nlp.payloads import DatePayload, DayPayload, EpisodePayload, Meta, SectionPayload, TitlePayload
from khronika.nlp.structure import find_episodes, find_sections, find_title


def meta(doc: Doc) -> Meta | dict:
    """The ingest metadata; an empty dict for a Doc made outside the Analyzer (tests, eval)."""
    return doc._.khr_meta or {}


class DatesComponent:
    def __init__(self, day_one: date):
        self.day_one = day_one

    def __call__(self, doc: Doc) -> Doc:
        info = meta(doc)
        lang = info.get("language") or doc.lang_
        text = doc_text(doc)
        day = find_day_of_war(text)
        doc._.khr_day = cast(DayPayload, asdict(day)) if day else None
        when, _ = report_date(text, lang, info.get("published"), self.day_one)
        doc._.khr_date = when
        ref = date.fromisoformat(when) if when else None
        dates: list[DatePayload] = [cast(DatePayload, asdict(d)) for d in find_dates(text, lang, ref)]
        doc._.khr_dates = dates
        return doc


class StructureComponent:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        title = find_title(text)
        doc._.khr_title = cast(TitlePayload, asdict(title)) if title else None
        sections: list[SectionPayload] = [cast(SectionPayload, asdict(s))
                                          for s in find_sections(text, meta(doc).get("headings") or None)]
        doc._.khr_sections = sections
        episodes: list[EpisodePayload] = [cast(EpisodePayload, asdict(e)) for e in find_episodes(text)]
        doc._.khr_episodes = episodes
        return doc


@Language.factory("khronika_dates", default_config={"day_one": WAR_DAY_ONE.isoformat()},
                  requires=["doc._.khr_meta"], assigns=["doc._.khr_day", "doc._.khr_date", "doc._.khr_dates"])
def make_dates(nlp: Language, name: str, day_one: str) -> DatesComponent:
    return DatesComponent(date.fromisoformat(day_one))


@Language.factory("khronika_structure", requires=["doc._.khr_meta"],
                  assigns=["doc._.khr_title", "doc._.khr_sections", "doc._.khr_episodes"])
def make_structure(nlp: Language, name: str) -> StructureComponent:
    return StructureComponent()
