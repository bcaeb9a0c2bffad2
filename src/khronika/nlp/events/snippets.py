"""Classifier features of whole texts (CASE snippets), shared by training and evaluation.

Runtime extraction (component.py) builds the same features per sentence from the analysed Doc;
here a text goes through the language's base spaCy pipeline only (tokens, lemmas, sentences).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from khronika.nlp.events import encoder
from khronika.nlp.events.features import N_CHEAP, cheap_features
from khronika.nlp.events.lexicon import norm_form
from khronika.nlp.events.lexicons import lexicon
from khronika.nlp.events.sides import with_sides


def token_forms(tokens) -> list[tuple[str, str]]:
    """(lemma, word) per token, both normalised, for Lexicon.find."""
    return [(norm_form(t.lemma_ or t.text), norm_form(t.text)) for t in tokens]


def first_sentence_end(doc: Doc) -> int:
    for sent in doc.sents:
        return sent.end
    return len(doc)


def snippet_features(texts: Sequence[str], lang: str = "en", nlp: Language | None = None,
                     use_encoder: bool = True) -> tuple[np.ndarray | None, np.ndarray]:
    """(sentence vectors or None, cheap features: static word vector and lexicon) of each text."""
    from khronika.nlp.languages import load_base

    nlp = nlp or load_base(lang)
    lex = lexicon(lang)
    cheap = np.zeros((len(texts), N_CHEAP), dtype=np.float32)
    disable = [p for p in ("ner", "khronika_natasha_ner") if p in nlp.pipe_names]
    for i, doc in enumerate(nlp.pipe(texts, disable=disable, batch_size=64)):
        forms = token_forms(doc)
        cheap[i] = cheap_features(with_sides(doc, lex.find(forms)), first_sentence_end(doc), forms)
    embeddings = encoder.encode(list(texts)) if use_encoder else None
    return embeddings, cheap
