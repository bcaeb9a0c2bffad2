"""Quote attribution: who said what (issue 4). Writes contract quotes to doc._.khr_quotes."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from khronika.nlp import extensions  # noqa: F401


class QuoteFinder:
    def __init__(self, nlp: Language):
        self.lang = nlp.lang

    def __call__(self, doc: Doc) -> Doc:
        doc._.khr_quotes = []
        return doc


@Language.factory("khronika_quotes")
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp)
