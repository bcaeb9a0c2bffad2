"""natasha's names added to a doc's entities where the trained model found none."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from khronika.nlp.extensions import doc_text
from khronika.nlp.natasha_ner import natasha_spans


class NatashaFill:
    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        taken = {i for e in ents for i in range(e.start, e.end)}
        for start, end, label in natasha_spans(doc_text(doc)):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and len(span) and not any(i in taken for i in range(span.start, span.end)):
                ents.append(span)
                taken.update(range(span.start, span.end))
        doc.ents = sorted(ents, key=lambda s: s.start)
        return doc


@Language.factory("khronika_natasha_fill", requires=["doc.ents"], assigns=["doc.ents"])
def make_natasha_fill(nlp: Language, name: str) -> NatashaFill:
    return NatashaFill()
