"""Knowledge-base ruler: every alias of a curated actor becomes an entity span with its kb id.

Like spaCy's EntityRuler, but the matching key of a token is its folded form (case,
accents and apostrophes gone) and, in Ukrainian and Russian, also its lemma, so
«Пєскова» and «Peskov» both find kb:peskov. KB spans win over overlapping model entities.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
from spacy.language import Language
from spacy.attrs import LEMMA, ORTH
from spacy.strings import StringStore
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from khronika.kb.actors import KnowledgeBase, load_kb_file, normalize_name
from khronika.nlp import extensions  # noqa: F401  (registers Doc attributes)
from khronika.nlp.extensions import pipeline_lang
from khronika.nlp.morph import INFLECTED, lemma, parses

MAX_ALIAS_TOKENS = 10
MAX_FOLD_CACHE = 200_000   # distinct words whose folded key is kept


def _plain_letter(c: str) -> bool:
    """A letter or digit normalize_name only casefolds: one character, with nothing for NFKD
    to split off, no apostrophe or separator, not ё (which it writes е)."""
    d = c.casefold()
    return (c.isalnum() and len(d) == 1 and d.isalnum() and unicodedata.normalize("NFKD", d) == d
            and not unicodedata.combining(d) and normalize_name(c) == d)


# ASCII and Cyrillic words of such letters alone fold to their casefold: most words, no loop over characters
_PLAIN_WORD = re.compile("[" + "".join(c for c in map(chr, [*range(0x30, 0x7B), *range(0x400, 0x500)])
                                       if _plain_letter(c)) + "]+")


def fold_word(word: str) -> str:
    """normalize_name(word), by its casefold when that is all it would do."""
    return word.casefold() if _PLAIN_WORD.fullmatch(word) else normalize_name(word)


@lru_cache(maxsize=65536)     # asked of the same aliases in every text
def _case_sensitive(alias: str) -> bool:
    """Short and all-caps aliases (UN, ONU, FSB) must match as written: 'un' is an article."""
    letters = [c for c in alias if c.isalpha()]
    return len(alias) <= 4 or (len(letters) > 1 and all(c.isupper() for c in letters))


class KBRuler:
    def __init__(self, nlp: Language, kb: KnowledgeBase):
        self.kb = kb
        self.lang = pipeline_lang(nlp)
        self._fold_cache: dict[int, str] = {}
        # key (tuple of folded tokens) -> every (actor id, alias as written) with that key
        self.index: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for alias, actor_id in kb.aliases():
            words = [t.text for t in nlp.make_doc(alias) if not t.is_space]
            if not words or len(words) > MAX_ALIAS_TOKENS:
                continue
            self._add(words, normalize_name, actor_id, alias)
            if self.lang in INFLECTED and not _case_sensitive(alias):
                self._add(words, lambda w: normalize_name(lemma(w, self.lang)), actor_id, alias)
        # Which window lengths can match at all, by first token key: most tokens start none.
        self.lengths: dict[str, list[int]] = {}
        for key in self.index:
            self.lengths.setdefault(key[0], []).append(len(key))
        for first, lens in self.lengths.items():
            self.lengths[first] = sorted(set(lens), reverse=True)

    def _add(self, words: list[str], fold, actor_id: str, alias: str) -> None:
        # Tokens that fold to nothing ("-", "’") are skipped on both sides, so
        # "Jean-Noël" matches however the tokenizer splits the hyphen.
        key = tuple(k for k in map(fold, words) if k)
        if key:
            entries = self.index.setdefault(key, [])
            if (actor_id, alias) not in entries:
                entries.append((actor_id, alias))

    def _folded(self, key: int, strings: StringStore) -> str:
        folded = self._fold_cache.get(key)
        if folded is None:
            folded = fold_word(strings[key]) if key else ""
            if len(self._fold_cache) < MAX_FOLD_CACHE:
                self._fold_cache[key] = folded
        return folded

    def matches(self, doc: Doc) -> list[Span]:
        # Keys are read from the token arrays with one fold per distinct string (normalize_name is
        # a loop over characters), and only the tokens whose text or lemma key opens some alias
        # are visited in Python: no Token objects, no per-token tuples for the rest.
        inflected = self.lang in INFLECTED
        strings = doc.vocab.strings
        cols = [ORTH, LEMMA] if inflected else [ORTH]
        arr = doc.to_array(cols).reshape(-1, len(cols))    # one column comes back flat
        orths, orth_of = np.unique(arr[:, 0], return_inverse=True)
        texts = [self._folded(o, strings) for o in orths.tolist()]
        keep = np.array([bool(t) for t in texts], dtype=bool)[orth_of]     # tokens that fold to something
        opens = np.array([t in self.lengths for t in texts], dtype=bool)[orth_of]
        lemmas: list[str | None] = [None]
        lemma_of = np.zeros(len(arr), dtype=np.int64)
        if inflected:
            lems, lemma_of = np.unique(arr[:, 1], return_inverse=True)
            lemmas = [self._folded(x, strings) or None for x in lems.tolist()]
            opens |= np.array([x is not None and x in self.lengths for x in lemmas], dtype=bool)[lemma_of]
        kept = np.flatnonzero(keep).tolist()      # token index of each key
        rank = (np.cumsum(keep) - 1).tolist()     # a token's place among the keys
        text_at, lemma_at = orth_of.tolist(), lemma_of.tolist()

        def key(t: int) -> tuple[int, str, str | None]:
            """(token index, folded text, folded lemma) of a token that folds to something."""
            return t, texts[text_at[t]], lemmas[lemma_at[t]]

        spans: list[Span] = []
        n = len(kept)
        lengths_of = self.lengths.get
        for t in np.flatnonzero(keep & opens).tolist():
            i = rank[t]
            _, text_key, lemma_key = key(t)
            by_text = lengths_of(text_key)
            by_lemma = lengths_of(lemma_key) if lemma_key else None
            lengths = set(by_text or ()) | set(by_lemma or ())
            if not doc[t].text[:1].isalnum():
                continue
            for length in sorted((x for x in lengths if x <= n - i), reverse=True):
                window = [key(x) for x in kept[i:i + length]]
                start, end = window[0][0], window[-1][0] + 1
                found = self._lookup(doc, start, end, window)
                if found:
                    spans.append(Span(doc, start, end, label=self.kb.actor(found).type, kb_id=found))
                    break
        return spans

    def _lookup(self, doc: Doc, start: int, end: int, window) -> str | None:
        surface = None      # the span's text, read only when some alias has its key
        for variant in (1, 2):
            key = tuple(k[variant] for k in window)
            if None in key:
                continue
            entries = self.index.get(key)
            if not entries:
                continue
            if surface is None:
                surface = doc[start:end].text
            ids = {actor_id for actor_id, alias in entries
                   if _fits(surface, alias) and _lemma_fits(surface, alias)}
            if len(ids) == 1:
                return ids.pop()
            if ids:
                return None  # ambiguous alias: leave it to the model and the linker
        return None

    def __call__(self, doc: Doc) -> Doc:
        # a surname alias inside a longer person name the model found is not that actor
        # («Виктором Лукашенко» is not kb:lukashenko): the linker looks the full name up instead
        ents = doc.ents     # spaCy builds the tuple of Spans on each read: once
        persons = [(e.start, _word_end(e)) for e in ents if e.label_ in ("PER", "PERSON")]
        # ... and an organisation alias opening a longer organisation name, or a dependent of it,
        # is not that organisation: «Верховна Рада Автономної Республіки Крим» is not kb:rada,
        # «Радою ЄС» (the Council of the EU) is not kb:eu; the KB would hold the longer alias
        orgs = {e.start: _word_end(e) for e in ents if e.label_ == "ORG"}
        kb_spans = [s for s in self.matches(doc) if not _inside_person(s, persons, self.kb)
                    and not (self.kb.actor(s.kb_id_).type == "ORG" and self._inside_org(s, orgs))]
        taken: set[int] = set()
        for s in kb_spans:
            taken.update(range(s.start, s.end))
        kept = [e for e in ents if not any(i in taken for i in range(e.start, e.end))]
        doc.ents = filter_spans(kb_spans + kept)
        return doc


    def _inside_org(self, span: Span, orgs: dict[int, int]) -> bool:
        if orgs.get(span.start, span.end) > span.end:
            return True
        # an alias later in a model organisation names the longer one when it depends on its head
        # (genitive «Ради Європейського Союзу», an acronym «Суд ЄС»); a nominative or foreign alias
        # there is two names run together («Европейский союз European Union»): the alias wins
        return (_strictly_inside(span, list(orgs.items())) and self.lang in INFLECTED
                and _dependent(span[0].text, self.lang))


def _dependent(word: str, lang: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if 1 < len(letters) <= 6 and all(c.isupper() for c in letters):
        return True
    return any("gent" in p.tag.grammemes for p in parses(word, lang))


def _word_end(span: Span) -> int:
    """The span's end without the trailing whitespace tokens a model sometimes takes in
    ("Ukraine Crisis Media Center\\n  " is no longer a name than the alias)."""
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].is_space:
        end -= 1
    return end


def _inside_person(span: Span, persons: list[tuple[int, int]], kb: KnowledgeBase) -> bool:
    return kb.actor(span.kb_id_).type == "PERSON" and _strictly_inside(span, persons)


def _strictly_inside(span: Span, bounds: list[tuple[int, int]]) -> bool:
    return any(a <= span.start and span.end <= b and (a, b) != (span.start, span.end) for a, b in bounds)


def _lemma_fits(surface: str, alias: str) -> bool:
    """An inflected form is no shorter than its name less one letter (Орёл, Орла; Умєров, Умєрова):
    «Умер» (a verb whose lemma folds like the alias's lemma) is not «Умеров»."""
    return _letters(surface) >= _letters(alias) - 1


@lru_cache(maxsize=65536)
def _letters(x: str) -> int:
    return sum(c.isalnum() for c in x)


def _fits(surface: str, alias: str) -> bool:
    """Does the text's spelling respect the alias's case constraints?"""
    if _case_sensitive(alias) and not _same_case(surface, alias):
        return False
    # a proper name written in lower case is a common word ("la légion" vs "Légion")
    return not (alias[:1].isupper() and not surface[:1].isupper())


def _same_case(surface: str, alias: str) -> bool:
    return "".join(c for c in surface if c.isalpha()) == "".join(c for c in alias if c.isalpha())


@Language.factory("khronika_kb_ruler", default_config={"kb_path": ""}, requires=["token.lemma"],
                  assigns=["doc.ents"])
def make_kb_ruler(nlp: Language, name: str, kb_path: str) -> KBRuler:
    return KBRuler(nlp, load_kb_file(kb_path))
