"""The shipped event-type classifier: multinomial logistic regression over CASE labels.

Stored as plain arrays (model/events.npz: weights, biases, label names) plus a JSON card
(model/card.json: data, features, cross-validated scores), so loading runs no pickled code.
Two heads: `full` (sentence vector + cheap features) and `lexical` (the cheap features only:
static word vectors and lexicon). They run as a cascade: the cheap head types a text when it
is sure (CHEAP_SURE), the encoder and the full head the rest; cross-validated, the cascade
scores as the full head alone while embedding under a third of the texts.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from khronika.nlp.events.paths import MODEL_DIR  # noqa: E402  (re-exported: callers use classifier.MODEL_DIR)
WEIGHTS = "events.npz"
CARD = "card.json"
CHEAP_SURE = 0.6   # cheap-head probability that settles a type without the encoder (cascade)


@dataclass(frozen=True)
class Head:
    labels: tuple[str, ...]
    coef: np.ndarray        # (n_labels, n_features)
    intercept: np.ndarray   # (n_labels,)

    def proba(self, X: np.ndarray) -> np.ndarray:
        z = X @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class EventClassifier:
    full: Head
    lexical: Head

    def proba(self, embeddings: np.ndarray | None, lexical: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
        from khronika.nlp.events.features import design_matrix

        head = self.lexical if embeddings is None else self.full
        return head.labels, head.proba(design_matrix(embeddings, lexical))


def unsure(cheap_proba: np.ndarray) -> np.ndarray:
    """Rows whose cheap-head probabilities leave the type open: the ones worth the encoder."""
    return cheap_proba.max(axis=1) < CHEAP_SURE


def save(path: Path, full: Head, lexical: Head, card: dict) -> None:
    path.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path / WEIGHTS, labels=np.array(full.labels), full_coef=full.coef.astype(np.float32),
                        full_intercept=full.intercept.astype(np.float32),
                        lexical_coef=lexical.coef.astype(np.float32),
                        lexical_intercept=lexical.intercept.astype(np.float32))
    (path / CARD).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load(path: Path = MODEL_DIR) -> EventClassifier | None:
    """The classifier in `path`, None when no model was trained there."""
    f = path / WEIGHTS
    if not f.exists():
        return None
    with np.load(f, allow_pickle=False) as z:
        labels = tuple(str(x) for x in z["labels"])
        return EventClassifier(Head(labels, z["full_coef"], z["full_intercept"]),
                               Head(labels, z["lexical_coef"], z["lexical_intercept"]))


@lru_cache(maxsize=1)
def shipped() -> EventClassifier | None:
    return load(MODEL_DIR)


def card(path: Path = MODEL_DIR) -> dict:
    f = path / CARD
    return json.loads(f.read_text(encoding="utf-8")) if f.exists() else {}
