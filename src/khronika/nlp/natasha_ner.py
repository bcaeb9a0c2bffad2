"""natasha's Russian news NER as a spaCy component, for the ru and uk pipelines.

natasha is trained on Russian; on Ukrainian it still finds most person names, and the
knowledge-base ruler and gazetteer correct what it labels wrongly.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from khronika.nlp.extensions import doc_text
from khronika.nlp.ner.rules import fix_spans

LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


@lru_cache(maxsize=1)
def _natasha():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def natasha_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every name natasha finds in `text`, the way natasha's own usage
    reads a text (segment, then tag): the bare reference of bench/throughput.py."""
    from natasha import Doc as NDoc

    segmenter, tagger = _natasha()
    ndoc = NDoc(text)
    ndoc.segment(segmenter)
    ndoc.tag_ner(tagger)
    return [(s.start, s.stop, LABELS[s.type]) for s in ndoc.spans if s.type in LABELS]


def tagged_spans(text: str) -> list[tuple[int, int, str]]:
    """natasha_spans without the segmenter: natasha's NER tags the raw text with its own
    tokenizer, and the sentences and tokens the segmenter adds only nest the spans, which
    khronika never reads (a tenth of natasha's time on Russian news, a sixth on Ukrainian)."""
    if not text.strip():
        return []     # as natasha.Doc.tag_ner: no spans for a blank text
    _, tagger = _natasha()
    return [(s.start, s.stop, LABELS[s.type]) for s in tagger(text).spans if s.type in LABELS]


class NatashaNER:
    """natasha's names, corrected by the dictionary and the document (ner/rules.py)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        spans = []
        for start, end, label in fix_spans(text, tagged_spans(text), self.lang):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc


@Language.factory("khronika_natasha_ner", assigns=["doc.ents"])
def make_natasha_ner(nlp: Language, name: str) -> NatashaNER:
    return NatashaNER(str(nlp.lang))
