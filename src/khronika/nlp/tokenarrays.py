"""Tokens picked out of a Doc by their arrays, without making a Token object for every word.

spaCy builds a new Token on each step of `for t in doc`; a step that wants the verbs or the nouns
reads the part-of-speech column once (`Doc.to_array`) and makes only the tokens it keeps.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, ORTH, POS
from spacy.tokens import Doc, Token


def tokens_tagged(doc: Doc, pos: str) -> Iterator[Token]:
    """The tokens of `doc` whose coarse part of speech is `pos` ("VERB", "NOUN"), in order."""
    want = doc.vocab.strings[pos]
    for i, p in enumerate(doc.to_array(POS).tolist()):
        if p == want:
            yield doc[i]


def tagged_words(doc: Doc, pos: str) -> Iterator[tuple[int, str, str]]:
    """(index, lemma, text) of the tokens of `doc` whose coarse part of speech is `pos`, in order,
    read from the arrays: a step that keeps few of them makes a Token only for those."""
    strings = doc.vocab.strings
    want = strings[pos]
    for i, (p, lemma, orth) in enumerate(doc.to_array([POS, LEMMA, ORTH]).tolist()):
        if p == want:
            yield i, strings[lemma] if lemma else "", strings[orth]


def dependencies(doc: Doc) -> tuple[list[str], list[int]]:
    """The dependency label and the head index of every token, read from the arrays."""
    arr = doc.to_array([DEP, HEAD])
    strings = doc.vocab.strings
    names: dict[int, str] = {}
    labels = []
    for dep in arr[:, 0].tolist():
        label = names.get(dep)
        if label is None:
            label = names[dep] = strings[dep] if dep else ""
        labels.append(label)
    # the column is unsigned: a head before its token is a negative offset, read back as signed
    return labels, [i + rel for i, rel in enumerate(arr[:, 1].astype("int64").tolist())]


def token_words(doc: Doc, text: str) -> list[tuple[int, str]]:
    """(start, text) of every token, from the offset and length columns of `doc` over its `text`
    (the Doc's own text): no Token object per word."""
    return [(start, text[start:start + length]) for start, length in doc.to_array([IDX, LENGTH]).tolist()]
