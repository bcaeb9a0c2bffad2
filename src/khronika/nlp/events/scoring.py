"""Scores of event typing (CASE 2021 labels against gold), used by training's cross-validation
and by `khronika eval events` alike: it lives here, below both, so neither imports the other."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from khronika.nlp.events.taxonomy import CASE_TO_ACLED

__all__ = ["score"]


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
