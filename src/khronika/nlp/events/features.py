"""The classifier's input: a sentence vector (multilingual USE), a static word vector (e5 words,
wordvectors.py) and lexicon features. The last two cost no encoder ("cheap" features).

Lexicon features are built from trigger matches whose labels are the same in every language,
so a model trained on English CASE snippets reads French, Ukrainian and Russian sentences
through the same features. Besides "which triggers occur", they say which trigger comes
first and which occur in the first sentence, because CASE labels the *first* event of a
snippet; and which kind of actor stands just before a territorial or protest trigger,
because ACLED tells "Government regains territory" from "Non-state actor overtakes
territory" (and a peaceful protest from a repressed one) by who acts.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from khronika.nlp.events import wordvectors
from khronika.nlp.events.lexicon import Match
from khronika.nlp.events.taxonomy import CASE_LABELS

ACTOR_LABELS = ("A:STATE", "A:NONSTATE", "A:POLICE", "A:PROTESTER", "A:CIVILIAN", "A:VIOLENT", "A:DAMAGE",
                "S:FORCES_ACT", "S:PROTESTERS_ACT", "S:ARMED_ACT", "S:CIVILIANS_ACT")
TERRITORIAL = frozenset({"GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER",
                         "ARMED_CLASH"})
PROTEST = frozenset({"PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "MOB_VIOL"})
EMBED_SCALE = 3.0   # USE vectors are unit-length: scaled so their weights and the 0/1 features regularise alike
STATIC_SCALE = 6.0  # the static word vector, likewise (chosen by cross-validation: 4, 5, 6, 7)
_L = {label: i for i, label in enumerate(CASE_LABELS)}
_A = {label: i for i, label in enumerate(ACTOR_LABELS)}
K, NA = len(CASE_LABELS), len(ACTOR_LABELS)
N_LEXICAL = 4 * K + 4 * NA
N_CHEAP = wordvectors.DIMS + N_LEXICAL


def cheap_features(matches: Sequence[Match], first_sentence_end: int,
                   forms: Sequence[tuple[str, str]]) -> np.ndarray:
    """[scaled static word vector | lexicon features] of one text; `forms` are its (lemma, word) pairs."""
    return np.concatenate([STATIC_SCALE * wordvectors.text_vector(forms),
                           lexical_features(matches, first_sentence_end)]).astype(np.float32)


def lexical_features(matches: Sequence[Match], first_sentence_end: int) -> np.ndarray:
    """Features of one text from its trigger matches (token offsets relative to the text)."""
    f = np.zeros(N_LEXICAL, dtype=np.float32)
    earliest: int | None = None
    earliest_weak: int | None = None
    for m in matches:
        i = _L.get(m.label)
        if i is None:
            continue
        w = 1.0 if m.strong else 0.5
        f[i] = max(f[i], w)
        f[K + i] += w
        if m.strong and m.start < first_sentence_end:
            f[2 * K + i] = 1.0
        if m.strong and earliest is None:
            earliest = i
        if earliest_weak is None:
            earliest_weak = i
    first = earliest if earliest is not None else earliest_weak
    if first is not None:
        f[3 * K + first] = 1.0
    f[K:2 * K] = np.log1p(f[K:2 * K])
    actors = [m for m in matches if m.label in _A]
    base = 4 * K
    for m in actors:
        f[base + _A[m.label]] = 1.0
        if m.start < first_sentence_end:
            f[base + NA + _A[m.label]] = 1.0
    for group, off in ((TERRITORIAL, base + 2 * NA), (PROTEST, base + 3 * NA)):
        trig = next((m for m in matches if m.label in group and m.strong), None)
        if trig is None:
            continue
        for m in actors:
            near = trig.start - 10 <= m.start < trig.start if group is TERRITORIAL else abs(m.start - trig.start) < 25
            if near:
                f[off + _A[m.label]] = 1.0
    return f


def design_matrix(embeddings: np.ndarray | None, cheap: np.ndarray) -> np.ndarray:
    """[scaled sentence vectors | cheap features]; without an encoder, the cheap part only."""
    if embeddings is None:
        return cheap.astype(np.float32)
    return np.hstack([EMBED_SCALE * embeddings.astype(np.float32), cheap.astype(np.float32)])
