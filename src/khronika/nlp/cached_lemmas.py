"""pymorphy3 lemmas for uk/ru, one dictionary look-up per distinct word form.

spaCy's pymorphy3 lemmatizer parses every token anew. The uk/ru pipelines have no tagger,
so a token's lemma depends on its text alone (the lemmatizer sees no POS and no morphology),
and a cache by form gives the same lemmas at a fraction of the cost: news repeats its words.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

MAX_CACHE = 200_000


class CachedLemmatizer:
    def __init__(self, nlp: Language, mode: str):
        self.inner = nlp.create_pipe("lemmatizer", config={"mode": mode})
        self.cache: dict[int, str] = {}

    def __call__(self, doc: Doc) -> Doc:
        cache = self.cache
        for token in doc:
            lemma = cache.get(token.orth)
            if lemma is None:
                lemma = self.inner.lemmatize(token)[0]
                if len(cache) < MAX_CACHE:
                    cache[token.orth] = lemma
            token.lemma_ = lemma
        return doc


@Language.factory("khronika_lemmatizer", default_config={"mode": "pymorphy3"})
def make_cached_lemmatizer(nlp: Language, name: str, mode: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp, mode)
