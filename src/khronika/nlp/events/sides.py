"""Who takes the ground: a territorial trigger relabelled by the side of its grammatical subject.

ACLED tells "Government regains territory" from "Non-state actor overtakes territory" by who
acts, not by the verb: rebels who "retook" a town overtake it, an army that "captured" it
regains it. The trigger's own label is only the verb's usual reading, so when the parse gives
the clause's subject (or the agent of a passive, or the actor after "fell to") and the actor
lexicon says which side it is, the match is relabelled. A foreign army taking ground in a
war like Russia's in Ukraine is coded as the non-state side, as the ACLED codebook does for
foreign state forces capturing territory. A participle that describes the ground ("the
occupied south") tells no taking of it.

Who is attacked decides between "Attack" and "Armed clash" alike (attack_or_clash): ACLED's
attacks are on civilians, an attack on soldiers, police or a base is a battle.
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


def _attributive(tok: Token) -> bool:
    """A participle that describes a noun ("occupied", "liberated towns", "territoires occupés")
    rather than tells what someone did; a participle with its own words ("la ville prise par les
    rebelles") still tells an event."""
    return tok.dep_ == "amod" or (tok.dep_ == "acl" and not any(True for _ in tok.children))


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
        if parsed and _attributive(doc[m.start]):
            continue    # "the Russian-occupied south", "les territoires occupés": a state of the ground
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


ASSAULT_LEMMAS = frozenset({"attack", "kill", "wound", "injure", "target", "ambush", "shoot", "storm", "hit",
                            "assault", "raid", "attaquer", "attaque", "tuer", "blesser", "cibler", "viser",
                            "abattre", "frapper"})
VICTIM_DEPS = frozenset({"dobj", "obj", "nsubjpass", "nsubj:pass"})
ON_DEPS = frozenset({"pobj", "obl", "nmod"})              # ... after one of ON_WORDS
ON_WORDS = frozenset({"on", "upon", "against", "at", "contre", "sur"})
ARMED_TARGETS = ("A:STATE", "A:POLICE", "A:NONSTATE", "HQ_ESTABLISHED")   # soldiers, police, militants, a base


def attack_or_clash(doc: Doc | None, matches: Sequence[Match], label: str) -> str:
    """An attack on armed men is a battle: ACLED's "Attack" is violence against civilians, so
    gunmen who kill soldiers or police, an army that attacks militants, fighters who storm a
    base, no civilian named, fight an armed clash. The armed side must be what the attack is done to (its object, the subject
    of a passive "were killed", "an attack on"), not the police who report it."""
    if label != "ATTACK" or doc is None or not doc.has_annotation("DEP"):
        return label
    if any(m.label == "A:CIVILIAN" for m in matches):
        return label
    for m in matches:
        if m.label in ARMED_TARGETS and _assaulted(doc[m.end - 1]):
            return "ARMED_CLASH"
    return label


def _assaulted(tok: Token) -> bool:
    """The noun phrase of `tok` is what an attack, a killing or a wounding is done to."""
    for _ in range(3):   # "military" in "a marketplace and military base" -> base -> marketplace
        if tok.dep_ in ("compound", "amod", "conj", "appos", "flat", "nmod:poss") and tok.head is not tok:
            tok = tok.head
        else:
            break
    if tok.dep_ in VICTIM_DEPS:
        gov = tok.head
    elif tok.dep_ in ON_DEPS and tok.head.pos_ == "ADP" and tok.head.lower_ in ON_WORDS:
        gov = tok.head.head                      # "an attack on the base"
    elif tok.dep_ in ON_DEPS and any(c.dep_ == "case" and c.lower_ in ON_WORDS for c in tok.children):
        gov = tok.head                           # "l'attaque contre les soldats"
    else:
        return False
    return gov.lemma_.casefold() in ASSAULT_LEMMAS
