"""`khronika eval links`: does khronika group BSNLP mentions into entities the way the gold ids do?

BSNLP's annotated files give every (form, type) of a document a cross-lingual entity id
(GPE-Ukraine for «Україна», «України», «Украины» in any document). khronika's entity ids are
meant to be the same across documents and languages too: knowledge-base ids, and linker /
gazetteer ids derived from the folded, transliterated name.

Items: every gold (document, normalized form) of type PER/ORG/LOC that has an id. An item's
predicted cluster is the entity id `analyze` gave the mentions of that form in that document
(the most frequent one if several); a form khronika did not find is a cluster of its own,
so misses cost recall. The score is B-cubed (Bagga & Baldwin 1998) over items, across all
documents of both languages at once: for each item, precision is the share of its predicted
cluster that shares its gold id, recall the share of its gold cluster that shares its
predicted id; both averaged over items, F1 their harmonic mean. B-cubed rather than pairwise
because pairwise counts are dominated by the few entities with hundreds of mentions (the EU,
Ukraine); B-cubed weighs every mention equally.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from khronika.gold.ner import LABELS, GoldDoc, normalize_form, read_bsnlp

Item = tuple[str, str, str]        # (document, normalized form, type)


def read_docs(root: Path, langs: Iterable[str], topics: Iterable[str] | None) -> list[GoldDoc]:
    return [d for lang in langs for d in read_bsnlp(root, lang, topics=list(topics) if topics else None)]


def predicted_ids(docs: list[GoldDoc]) -> list[dict[str, str]]:
    """Per document, normalized mention form -> entity id, from the full `analyze` pipeline."""
    from khronika.ingest import SourceDocument
    from khronika.nlp.analyze import Analyzer

    analyzer = Analyzer()
    srcs = [SourceDocument(text=d.text, origin=d.name, language=d.lang) for d in docs]
    out = []
    for result in analyzer.analyze_many(srcs):
        votes: dict[str, Counter] = {}
        for ent in result.get("entities", []):
            for m in ent["mentions"]:
                votes.setdefault(normalize_form(m["text"]), Counter())[ent["id"]] += 1
        out.append({form: c.most_common(1)[0][0] for form, c in votes.items()})
    return out


def clusters(docs: list[GoldDoc], preds: list[dict[str, str]]) -> tuple[dict[Item, str], dict[Item, str]]:
    """Gold and predicted cluster of every item (a missed form is a singleton)."""
    gold: dict[Item, str] = {}
    pred: dict[Item, str] = {}
    for doc, ids in zip(docs, preds):
        for (form, label), gid in doc.ids.items():
            if label not in LABELS or not gid:
                continue
            item = (doc.name + "/" + doc.lang, form, label)
            gold[item] = gid
            pred[item] = ids.get(form) or "missed:" + "|".join(item)
    return gold, pred


def bcubed(gold: dict[Item, str], pred: dict[Item, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of `pred` against `gold` (same items); linear in the items."""
    n = len(gold)
    if not n:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "items": 0}
    both = Counter((gold[i], pred[i]) for i in gold)
    gsize = Counter(gold.values())
    psize = Counter(pred[i] for i in gold)
    p = sum(k * k / psize[pid] for (_, pid), k in both.items()) / n
    r = sum(k * k / gsize[gid] for (gid, _), k in both.items()) / n
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "items": n,
            "gold_entities": len(gsize), "predicted_clusters": len(psize)}


def evaluate(root: Path, langs: Iterable[str], topics: Iterable[str] | None) -> dict:
    docs = read_docs(root, langs, topics)
    gold, pred = clusters(docs, predicted_ids(docs))
    out = bcubed(gold, pred)
    out["documents"] = len(docs)
    out["missed"] = sum(1 for v in pred.values() if v.startswith("missed:"))
    return out
