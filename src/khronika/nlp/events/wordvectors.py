"""Static word vectors distilled from multilingual-e5-small, for the event classifier.

Each word of a fixed vocabulary (English, French, Ukrainian and Russian news words; see
wordvectors_build.py) was embedded alone by e5-small; the table stores those vectors centred,
reduced to 256 dimensions and quantised to int8 (model/words.npz). A text's vector is the
sum of its words' vectors, each weighted by exp(-rank / DECAY) where rank counts the known
words before it, then normalised.

Why: e5's contextual vectors type CASE snippets far better than USE's, but cost about 40 ms a
sentence, as much as analysing a whole report; a table lookup costs nothing. Why the decay:
CASE labels a snippet by its *first* event, and a sentence's main event comes early, so the
first words count most.
"""
from __future__ import annotations

import threading
import warnings
from collections.abc import Sequence

import numpy as np

from khronika.nlp.events.paths import MODEL_DIR

TABLE = MODEL_DIR / "words.npz"
DECAY = 15.0
DIMS = 256
_lock = threading.Lock()
_table: tuple[dict[str, int], np.ndarray] | None = None
_missing = False


def available() -> bool:
    return _get() is not None


def _get() -> tuple[dict[str, int], np.ndarray] | None:
    global _table, _missing
    if _table is not None or _missing:
        return _table
    with _lock:
        if _table is None and not _missing:
            if not TABLE.exists():
                _missing = True     # once per process: every later call returns None at once
                warnings.warn(f"events: no word table at {TABLE}; the classifier runs without its static word "
                              "vectors and types events worse (build it with `khronika train words`)",
                              RuntimeWarning, stacklevel=2)
                return None
            with np.load(TABLE, allow_pickle=False) as z:
                words = [str(w) for w in z["words"]]
                vectors = z["vectors"].astype(np.float32) * z["scales"][:, None]
            _table = ({w: i for i, w in enumerate(words)}, vectors)
    return _table


def text_vector(forms: Sequence[tuple[str, str]]) -> np.ndarray:
    """Unit vector of a text from its (lemma, word) forms in reading order; zeros when no word is known.
    A word is looked up as written, else by its lemma (inflected Ukrainian and Russian forms)."""
    t = _get()
    if t is None:
        return np.zeros(DIMS, dtype=np.float32)
    index, vectors = t
    rows = []
    for lemma, word in forms:
        i = index.get(word)
        if i is None:
            i = index.get(lemma)
        if i is not None:
            rows.append(i)
    if not rows:
        return np.zeros(vectors.shape[1], dtype=np.float32)
    weights = np.exp(-np.arange(len(rows), dtype=np.float32) / DECAY)
    out = weights @ vectors[rows]
    norm = float(np.linalg.norm(out))
    return out / norm if norm > 0 else out
