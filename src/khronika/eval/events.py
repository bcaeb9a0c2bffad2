"""`khronika eval events FILE.tsv`: event typing scored on CASE 2021 task 2 snippets.

Each snippet is typed by the shipped classifier (its first event, as CASE labels it) and
compared with the gold SubType. Reported: accuracy and support-weighted F1 over the 25 ACLED
sub-types (on the snippets whose gold label is one of them; predicting a non-ACLED label
counts as a miss) and over all labels. Scores need no scikit-learn.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from khronika.nlp.events.taxonomy import CASE_TO_ACLED


def _weighted_f1(gold: Sequence[str], pred: Sequence[str], labels: set[str]) -> float:
    support = Counter(g for g in gold if g in labels)
    total = sum(support.values())
    if not total:
        return 0.0
    tp = Counter(g for g, p in zip(gold, pred) if g == p and g in labels)
    predicted = Counter(p for p in pred if p in labels)
    out = 0.0
    for label, n in support.items():
        prec = tp[label] / predicted[label] if predicted[label] else 0.0
        rec = tp[label] / n
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out += f1 * n / total
    return min(out, 1.0)   # the float sum of the weights can exceed 1 by an ulp


def score(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Accuracy and weighted F1 over the 25 ACLED sub-types and over all labels."""
    acled = set(CASE_TO_ACLED)
    pairs = [(g, p) for g, p in zip(gold, pred) if g in acled]
    ag, ap = [g for g, _ in pairs], [p for _, p in pairs]
    return {
        "acled_snippets": len(pairs),
        "acled_accuracy": sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0,
        "acled_weighted_f1": _weighted_f1(ag, ap, acled),
        "all_snippets": len(gold),
        "all_accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0,
        "all_weighted_f1": _weighted_f1(gold, pred, set(gold)),
    }


def predict(texts: Sequence[str], lang: str = "en", model_dir: str | Path | None = None) -> list[str]:
    """The shipped classifier's label for each snippet, as analysis types a sentence: the cheap
    head where it is sure, the sentence encoder and the full head for the rest."""
    from khronika.nlp.events import classifier, encoder
    from khronika.nlp.events.snippets import snippet_features

    model = classifier.load(Path(model_dir)) if model_dir else classifier.shipped()
    if model is None:
        raise RuntimeError(f"no event model in {model_dir or classifier.MODEL_DIR}: run `khronika train events`")
    _, cheap = snippet_features(texts, lang, use_encoder=False)
    labels, proba = model.proba(None, cheap)
    rows = [int(i) for i in np.flatnonzero(classifier.unsure(proba))]
    emb = encoder.encode([texts[i] for i in rows]) if rows else None
    if emb is not None:
        proba[rows] = model.proba(emb, cheap[rows])[1]
    return [labels[i] for i in proba.argmax(axis=1)]


def evaluate(path: str | Path, lang: str = "en", model_dir: str | Path | None = None) -> dict:
    from khronika.nlp.events.train import read_case

    _, texts, gold = read_case(path)
    if not any(gold):
        raise ValueError(f"{path}: no SubType column to score against")
    pred = predict(texts, lang, model_dir)
    out = score(gold, pred)
    out["confusions"] = Counter(f"{g} -> {p}" for g, p in zip(gold, pred) if g != p).most_common(10)
    return out
