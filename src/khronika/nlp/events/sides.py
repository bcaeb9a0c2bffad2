"""Who takes the ground: a territorial trigger relabelled by the side of its grammatical subject.

ACLED tells "Government regains territory" from "Non-state actor overtakes territory" by who
acts, not by the verb: rebels who "retook" a town overtake it, an army that "captured" it
regains it. The trigger's own label is only the verb's usual reading, so when the parse gives
the clause's subject (or the agent of a passive, or the actor after "fell to") and the actor
lexicon says which side it is, the match is relabelled. A foreign army taking ground in a
war like Russia's in Ukraine is coded as the non-state side, as the ACLED codebook does for
foreign state forces capturing territory.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from khronika.nlp.events.lexicon import Match

GOV, NSA = "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"
TERRITORIAL = frozenset({GOV, NSA})
FOREIGN_PREFIXES = ("russ", "росі", "русс", "росс", "рф", "wagner", "вагнер")
FALL_TO = ("fall to", "fell to", "tomber aux mains", "tomber entre")
WINDOW = 8    # tokens before the trigger read as its subject when there is no parse


def _subject_span(tok: Token) -> tuple[int, int] | None:
    """Token range of the acting side of the clause of `tok`: its subject, the agent of a
    passive, or the subject of the verb it is coordinated with."""
    verb = tok
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX"):
            break
        if verb.head is verb:
            return None
        verb = verb.head
    for _ in range(3):
        for child in verb.children:
            # an active subject acts; a passive's subject is the ground taken, its agent acts
            if child.dep_ in ("nsubj", "agent", "obl:agent"):
                return child.left_edge.i, child.right_edge.i + 1
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            verb = verb.head
            continue
        break
    return None


def _side(actors: Sequence[Match], lo: int, hi: int, doc: Doc) -> str | None:
    state = any(lo <= a.start < hi for a in actors if a.label == "A:STATE")
    nonstate = any(lo <= a.start < hi for a in actors if a.label == "A:NONSTATE")
    if state and not nonstate:
        foreign = any(t.lower_.startswith(FOREIGN_PREFIXES) for t in doc[lo:hi])
        return NSA if foreign else GOV
    if nonstate and not state:
        return NSA
    return None


def relabel_territorial(doc: Doc, matches: list[Match]) -> list[Match]:
    """`matches` with each territorial trigger labelled by the side that acts, where known."""
    if not any(m.label in TERRITORIAL for m in matches):
        return matches
    actors = [m for m in matches if m.label in ("A:STATE", "A:NONSTATE")]
    parsed = doc.has_annotation("DEP")
    out: list[Match] = []
    for m in matches:
        if m.label not in TERRITORIAL or not m.strong:
            out.append(m)
            continue
        if m.pattern in FALL_TO:
            span: tuple[int, int] | None = (m.end, min(len(doc), m.end + WINDOW))
        elif parsed:
            span = _subject_span(doc[m.start])
        else:
            span = (max(0, m.start - WINDOW), m.start)
        side = _side(actors, *span, doc) if span else None
        out.append(m if side in (None, m.label) else Match(side, m.start, m.end, m.strong, m.pattern))
    return out


SUBJECT_ROLES = {"A:POLICE": "S:FORCES_ACT", "A:STATE": "S:FORCES_ACT", "A:PROTESTER": "S:PROTESTERS_ACT",
                 "A:NONSTATE": "S:ARMED_ACT", "A:CIVILIAN": "S:CIVILIANS_ACT"}
SUBJECT_DEPS = frozenset({"nsubj", "agent", "obl:agent"})


def subject_roles(doc: Doc, matches: list[Match]) -> list[Match]:
    """`matches` plus one role match per verb whose subject is a known kind of actor: police
    who disperse a march and marchers who burn cars share every word but who does what."""
    if not doc.has_annotation("DEP"):
        return matches
    actors = [m for m in matches if m.label in SUBJECT_ROLES]
    if not actors:
        return matches
    roles: dict[tuple[str, int], Match] = {}
    for a in actors:
        # Walk up from the actor word: the subject whose subtree holds it is a few heads up.
        tok = doc[a.start]
        for _ in range(5):
            if tok.dep_ in SUBJECT_DEPS:
                key = (SUBJECT_ROLES[a.label], tok.head.i)
                roles.setdefault(key, Match(key[0], tok.head.i, tok.head.i + 1, True, "subject"))
                break
            if tok.head is tok:
                break
            tok = tok.head
    return sorted(matches + list(roles.values()), key=lambda m: (m.start, m.end)) if roles else matches


def with_sides(doc: Doc, matches: list[Match]) -> list[Match]:
    """What the lexicon found, read with who acts: territorial triggers relabelled, subject roles
    added. Training (snippets.py) and extraction (extract.py) both see matches through this."""
    return subject_roles(doc, relabel_territorial(doc, matches))
