"""pymorphy3 lemmas for uk/ru, one dictionary look-up per distinct word form.

spaCy's pymorphy3 lemmatizer parses every token anew, with a MorphAnalyzer of its own. The uk/ru
pipelines have no tagger, so spaCy takes its look-up path: the one normal form all readings share,
else the word as written. A token's lemma thus depends on its text alone, and the readings come
from `nlp.morph`'s cache, which the name and place steps read too: each form is parsed once per
process, not once per step (the parse is most of the uk/ru analysis cost on cold text).
"""
from __future__ import annotations

from typing import cast

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

from khronika.nlp.morph import parses

MAX_CACHE = 200_000


def lookup_lemma(word: str, lang: str) -> str:
    """spaCy's pymorphy3 look-up lemma: the single normal form of every reading, else the word."""
    forms = {p.normal_form for p in parses(word, lang)}
    return next(iter(forms)) if len(forms) == 1 else word


class CachedLemmatizer:
    def __init__(self, nlp: Language, mode: str):
        self.lang: str = nlp.lang or ""
        # The look-up path shares readings with nlp.morph; any other mode keeps spaCy's lemmatizer.
        self.inner: Lemmatizer | None = None if mode.startswith("pymorphy") and nlp.lang in ("uk", "ru") \
            else cast(Lemmatizer, nlp.create_pipe("lemmatizer", config={"mode": mode}))
        self.cache: dict[int, str] = {}

    def _lemma(self, token: Token) -> str:
        if self.inner is None:
            return lookup_lemma(token.text, self.lang)
        return self.inner.lemmatize(token)[0]

    def __call__(self, doc: Doc) -> Doc:
        cache = self.cache
        for token in doc:
            lemma = cache.get(token.orth)
            if lemma is None:
                lemma = self._lemma(token)
                if len(cache) < MAX_CACHE:
                    cache[token.orth] = lemma
            token.lemma_ = lemma
        return doc


@Language.factory("khronika_lemmatizer", default_config={"mode": "pymorphy3"}, assigns=["token.lemma"])
def make_cached_lemmatizer(nlp: Language, name: str, mode: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp, mode)
