"""Sentence units and clauses: where one event's evidence and arguments are looked for.

spaCy's parser joins a headline to the first sentence and splits inside "centre-ville", so a
unit is a spaCy sentence, cut at every line break (headings, paragraphs) and glued back where a
"sentence" starts with a lower-case word or a dash after a non-final character.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

FINAL = set(".!?…»”\"):;")
RELATIVE = {"relcl", "acl:relcl", "acl"}


@dataclass(frozen=True)
class Unit:
    start: int        # token range [start, end) in the Doc
    end: int
    start_char: int
    end_char: int


@dataclass
class Scan:
    """What event extraction reads of every token, gathered in one pass over the Doc (each
    Token access builds a Python object, so one pass instead of four matters)."""
    text: str
    forms: list[tuple[str, str]]     # (normalised lemma, normalised word) per token
    units: list[Unit]


def scan(doc: Doc) -> Scan:
    """Text, lexicon forms and sentence units of a Doc.

    Units: spaCy sentences, cut at every line break and glued back where a "sentence" starts
    with a lower-case word or a dash, or follows a non-final character."""
    from khronika.nlp.events.lexicon import norm_form

    has_sents = doc.has_annotation("SENT_START")
    pieces: list[str] = []
    forms: list[tuple[str, str]] = []
    starts: list[int] = []
    spans: list[tuple[int, int]] = []     # (first, last) non-space token char offsets per token
    pos = 0
    newline_before = True
    last_word = ""
    for tok in doc:
        word, ws = tok.text, tok.whitespace_
        forms.append((norm_form(tok.lemma_ or word), norm_form(word)))
        is_space = tok.is_space
        if newline_before:
            starts.append(tok.i)
        elif has_sents and tok.is_sent_start and not is_space:
            glued = word[:1].islower() or word[:1] in "-–,;)" or last_word[-1:] not in FINAL
            if not glued:
                starts.append(tok.i)
        spans.append((pos, pos + len(word)) if not is_space else (-1, -1))
        pieces.append(word)
        pieces.append(ws)
        pos += len(word) + len(ws)
        newline_before = "\n" in ws or (is_space and "\n" in word)
        if not is_space:
            last_word = word
    bounds = sorted(set(starts)) + [len(doc)]
    units = []
    for a, b in zip(bounds, bounds[1:]):
        inner = [spans[i] for i in range(a, b) if spans[i][0] >= 0]
        if inner:
            units.append(Unit(a, b, inner[0][0], inner[-1][1]))
    return Scan("".join(pieces), forms, units)


class Paragraphs:
    """Paragraph bounds of a text by bisection over its line breaks: searching for the nearest
    line break from every event costs the whole text each time when there is none."""

    def __init__(self, text: str):
        self.n = len(text)
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def start(self, pos: int) -> int:
        """Where the paragraph holding `pos` starts (text.rfind("\n", 0, pos) + 1)."""
        i = bisect_left(self.breaks, pos) - 1
        return self.breaks[i] + 1 if i >= 0 else 0

    def end(self, pos: int) -> int:
        """The first line break at or after `pos`, else the text's end."""
        i = bisect_left(self.breaks, pos)
        return self.breaks[i] if i < len(self.breaks) else self.n


def sentence_units(doc: Doc) -> list[Unit]:
    return scan(doc).units


def _has_parse(doc: Doc) -> bool:
    return doc.has_annotation("DEP")


def clause_head(tok: Token, unit: Unit) -> Token:
    """The verb governing `tok` inside the unit (tok itself when it is a verb)."""
    cur = tok
    for _ in range(20):
        if cur.pos_ in ("VERB", "AUX") or cur.head is cur or not (unit.start <= cur.head.i < unit.end):
            return cur
        cur = cur.head
    return cur


CLAUSAL = {"conj", "parataxis", "advcl", "ccomp", "acl:relcl", "relcl", "acl", "csubj", "dep"}


def _own_clause(tok: Token) -> bool:
    """A dependent that is a clause of its own (a verb, or anything with its own subject)."""
    return tok.dep_ in CLAUSAL and (tok.pos_ in ("VERB", "AUX") or any(c.dep_.startswith("nsubj") for c in tok.children))


def _gather(root: Token, unit: Unit, keep: set[int]) -> set[int]:
    out: set[int] = set()
    stack = [root]
    while stack:
        t = stack.pop()
        out.add(t.i)
        for c in t.children:
            if unit.start <= c.i < unit.end and (c.i in keep or not _own_clause(c)):
                stack.append(c)
    return out


def clause_tokens(tok: Token, unit: Unit) -> set[int]:
    """Token indices of the clause containing `tok`: its verb and the dependents that are not
    clauses of their own (a coordinated or subordinate clause has its own participants). A
    relative clause ("..., qui a lancé un raid") takes in the noun it describes. Without a parse,
    the whole unit."""
    doc = tok.doc
    if not _has_parse(doc):
        return set(range(unit.start, unit.end))
    head = clause_head(tok, unit)
    path = {t.i for t in [tok, *tok.ancestors]}
    out = _gather(head, unit, path)
    if head.dep_ in RELATIVE and unit.start <= head.head.i < unit.end:
        out |= _gather(head.head, unit, set())
    return out


def subject_tokens(tok: Token, unit: Unit) -> tuple[set[int], set[int]]:
    """(opening noun phrase, parsed subject) of the clause of `tok`, as token indices.

    The parsed subject is the clause verb's nsubj word with its name parts ("La Chine, qui ..."
    gives "La Chine", not the relative clause). The opening noun phrase (the unit's words up to
    the first comma or verb) is given only for the unit's main clause: news sentences put the
    subject first, and the parser, misled by a heading above, sometimes picks another."""
    if not _has_parse(tok.doc):
        return set(), set()
    doc = tok.doc
    head = clause_head(tok, unit)
    parsed: set[int] = set()
    for child in head.children:
        if child.dep_.startswith("nsubj"):
            parsed.add(child.i)
            parsed.update(c.i for c in child.children if c.dep_ in ("flat", "flat:name", "compound", "det"))
    opening: set[int] = set()
    if head.dep_ == "ROOT" or not (unit.start <= head.head.i < unit.end):
        for t in doc[unit.start:head.i]:
            if t.is_punct or t.pos_ in ("VERB", "AUX") or t.is_space:
                break
            opening.add(t.i)
    return opening, parsed
