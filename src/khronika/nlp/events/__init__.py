"""Event detection and typing, ACLED and PLOVER (issue 5). Writes contract events to doc._.khr_events.

The component is a thin shell over extract.EventExtractor; see that module for the method and
taxonomy.py for the codebooks. Events carry the contract's keys plus `trigger` (the words that
typed it), `figures` (casualty counts the sentence states) and, for quoted claims, `claimed`
and `claimed_by`.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from khronika.nlp import extensions  # noqa: F401
from khronika.nlp.extensions import pipeline_lang


class EventFinder:
    def __init__(self, nlp: Language, model_dir: str = ""):
        from khronika.nlp.events import classifier
        from khronika.nlp.events.extract import EventExtractor

        self.lang = pipeline_lang(nlp)
        self.extractor = EventExtractor(self.lang)
        if model_dir:   # a model of `khronika train events --out DIR` instead of the shipped one
            model = classifier.load(Path(model_dir))
            if model is None:
                raise ValueError(f"events: no model in {model_dir} (make one with `khronika train events --out DIR`)")
            self.extractor.model = model

    def __call__(self, doc: Doc) -> Doc:
        doc._.khr_events = self.extractor(doc)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """nlp.pipe calls this: a batch's sentences are embedded together (much cheaper)."""
        for batch in minibatch(stream, size=batch_size):
            for doc, events in zip(batch, self.extractor.batch(batch)):
                doc._.khr_events = events
                yield doc


@Language.factory("khronika_events", default_config={"model_dir": ""}, requires=["doc.ents", "doc._.khr_meta", "doc._.khr_entities", "doc._.khr_date",
                                               "doc._.khr_dates", "doc._.khr_sections", "doc._.khr_quotes"],
                  assigns=["doc._.khr_events"])
def make_events(nlp: Language, name: str, model_dir: str) -> EventFinder:
    return EventFinder(nlp, model_dir)
