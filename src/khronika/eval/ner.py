"""`khronika eval ner`: PER/ORG/LOC scores on the IOB, brat and BSNLP gold formats.

Measures (issue 13):
- IOB (NER-UK) and brat (NEREL): exact spans. A prediction counts when its start, end and
  label equal a gold span's; micro precision/recall/F1 over every (document, span). NEREL's
  nested gold spans all count (a flat system cannot find both «МВД Киргизии» and «Киргизии»).
- BSNLP: document level. Per document, the set of (normalized form, type) predicted against
  the gold set; micro over documents. Forms are compared case-folded (gold.ner.normalize_form).

Predictions come from the path users get: the full `analyze` pipeline, every mention of every
PERSON/ORG/PLACE entity as emitted (labels PER/ORG/LOC), except a mention that is one of its
entity's roles ("le porte-parole du Kremlin", «міністр»): a name's coreference, not a name. The bare figure is the base
pipeline's doc.ents alone (languages.load_base: tokenizer, lemmas and the recogniser).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from khronika.gold.ner import LABELS, GoldDoc, normalize_form, read_bsnlp, read_brat, read_iob

Span = tuple[int, int, str]
Predictor = Callable[[list[GoldDoc], str], list[list[Span]]]
CONTRACT_LABELS = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC"}


def detect_format(path: Path) -> str:
    if path.is_file():
        return "iob"
    if any(path.glob("*.ann")):
        return "brat"
    if (path / "raw").is_dir() or any((p / "raw").is_dir() for p in path.iterdir() if p.is_dir()):
        return "bsnlp"
    raise FileNotFoundError(f"{path}: not an IOB file, a brat folder (.txt/.ann) or a BSNLP folder")


def read_gold(path: Path, fmt: str, lang: str, limit: int | None = None,
              topics: Iterable[str] | None = None) -> list[GoldDoc]:
    if fmt == "iob":
        docs = read_iob(path)[:limit]
    elif fmt == "brat":
        docs = read_brat(path, limit)
    else:
        docs = read_bsnlp(path, lang, topics=topics, limit=limit)
    for d in docs:
        d.lang = lang
    return docs


# -- predictors -------------------------------------------------------------------------
def pipeline_predict(docs: list[GoldDoc], lang: str) -> list[list[Span]]:
    """Mentions of the entities `khronika analyze` emits, in document order."""
    from khronika.ingest import SourceDocument
    from khronika.nlp.analyze import Analyzer

    analyzer = Analyzer()
    srcs = [SourceDocument(text=d.text, origin=d.name, language=lang) for d in docs]
    out = []
    for result in analyzer.analyze_many(srcs):
        spans: set[Span] = set()
        for ent in result.get("entities", []):
            label = CONTRACT_LABELS.get(ent["type"])
            if label:
                roles = {normalize_form(r) for r in ent.get("roles") or []}
                spans.update((m["start"], m["end"], label) for m in ent["mentions"]
                             if normalize_form(m["text"]) not in roles)
        out.append(sorted(spans))
    return out


def bare_predict(docs: list[GoldDoc], lang: str) -> list[list[Span]]:
    """doc.ents of the base pipeline alone."""
    from khronika.nlp.languages import load_base

    nlp = load_base(lang)
    out = []
    for doc in nlp.pipe(d.text for d in docs):
        out.append(sorted({(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS}))
    return out


# -- scores -----------------------------------------------------------------------------
def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def _score_sets(pairs: Iterable[tuple[set, set]]) -> dict:
    counts: Counter = Counter()
    for gold, pred in pairs:
        for label in LABELS:
            g = {x for x in gold if x[-1] == label}
            p = {x for x in pred if x[-1] == label}
            counts[label, "tp"] += len(g & p)
            counts[label, "fp"] += len(p - g)
            counts[label, "fn"] += len(g - p)
    total = {k: sum(counts[label, k] for label in LABELS) for k in ("tp", "fp", "fn")}
    out: dict[str, Any] = _prf(**total)
    out["by_label"] = {label: _prf(counts[label, "tp"], counts[label, "fp"], counts[label, "fn"]) for label in LABELS}
    return out


def score(docs: list[GoldDoc], preds: list[list[Span]], fmt: str) -> dict:
    pairs: list[tuple[set, set]]     # (gold, predicted): (form, label) for bsnlp, (start, end, label) else
    if fmt == "bsnlp":
        pairs = [(d.forms, {(normalize_form(d.text[s:e]), label) for s, e, label in p}) for d, p in zip(docs, preds)]
    else:
        pairs = [(set(d.spans), set(p)) for d, p in zip(docs, preds)]
    out = _score_sets(pairs)
    out["documents"] = len(docs)
    return out


def evaluate(docs: list[GoldDoc], fmt: str, lang: str, predictors: dict[str, Predictor]) -> dict[str, dict]:
    return {name: score(docs, predict(docs, lang), fmt) for name, predict in predictors.items()}


def format_table(results: dict[str, dict], title: str) -> str:
    lines = [title, f"{'':10} {'P':>6} {'R':>6} {'F1':>6}   " + "   ".join(f"{label} F1" for label in LABELS)]
    for name, s in results.items():
        per = "   ".join(f"{s['by_label'][label]['f1']:6.3f}" for label in LABELS)
        lines.append(f"{name:10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}   {per}")
    return "\n".join(lines)
