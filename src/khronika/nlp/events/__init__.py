"""Event detection and typing, ACLED and PLOVER (issue 5). Writes contract events to doc._.khr_events."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from khronika.nlp import extensions  # noqa: F401


class EventFinder:
    def __init__(self, nlp: Language):
        self.lang = nlp.lang

    def __call__(self, doc: Doc) -> Doc:
        doc._.khr_events = []
        return doc


@Language.factory("khronika_events")
def make_events(nlp: Language, name: str) -> EventFinder:
    return EventFinder(nlp)
