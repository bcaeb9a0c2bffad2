"""`khronika eval events FILE.tsv`: events scored on CASE 2021 task 2 snippets.

Headline: the path users get. Each snippet goes through `analyze` end to end (the same
Analyzer as `khronika analyze`); its label is the ACLED sub-type of the FIRST emitted event
that has one (CASE labels a snippet by its first event); a snippet with no such event is a
miss. Beside it, the classifier alone on each whole snippet (what `train events`
cross-validates). Reported for both: accuracy and support-weighted F1 over the 25 ACLED
sub-types (on the snippets whose gold label is one of them) and over all labels. Scores need
no scikit-learn.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from khronika.nlp.events.scoring import score
from khronika.nlp.events.taxonomy import ACLED_TO_CASE, CASE_TO_ACLED

NO_EVENT = "NONE"   # the label of a snippet analysis found no ACLED event in


def _model(model_dir: str | Path | None):
    from khronika.nlp.events import classifier

    model = classifier.load(Path(model_dir)) if model_dir else classifier.shipped()
    if model is None:
        raise RuntimeError(f"no event model in {model_dir or classifier.MODEL_DIR}: run `khronika train events`")
    return model


def predict(texts: Sequence[str], lang: str = "en", model_dir: str | Path | None = None) -> list[str]:
    """The classifier's label for each whole snippet, as analysis types a sentence: the cheap
    head where it is sure, the sentence encoder and the full head for the rest."""
    from khronika.nlp.events import classifier, encoder
    from khronika.nlp.events.snippets import snippet_features

    model = _model(model_dir)
    _, cheap = snippet_features(texts, lang, use_encoder=False)
    labels, proba = model.proba(None, cheap)
    rows = [int(i) for i in np.flatnonzero(classifier.unsure(proba))]
    emb = encoder.encode([texts[i] for i in rows]) if rows else None
    if emb is not None:
        proba[rows] = model.proba(emb, cheap[rows])[1]
    return [labels[i] for i in proba.argmax(axis=1)]


def first_event_label(doc: dict) -> str:
    """The CASE code of a contract document's first event with an ACLED type, else NO_EVENT."""
    for ev in doc.get("events") or []:
        if ev.get("acled"):
            return ACLED_TO_CASE[ev["acled"]["sub_event_type"]]
    return NO_EVENT


def _first_trigger(doc: dict) -> str | None:
    """The trigger words of the event first_event_label reads."""
    return next((ev["trigger"]["text"] for ev in doc.get("events") or [] if ev.get("acled")), None)


def analyze_snippets(texts: Sequence[str], lang: str = "en", model_dir: str | Path | None = None,
                     analyzer=None) -> list[dict]:
    """Contract objects of each snippet through the full analysis pipeline; `model_dir` swaps the
    events step's classifier for one trained elsewhere (held-out checks)."""
    from khronika.ingest import SourceDocument
    from khronika.nlp.analyze import Analyzer

    analyzer = analyzer or Analyzer()
    if model_dir:
        analyzer.pipeline(lang).get_pipe("khronika_events").extractor.model = _model(model_dir)
    srcs = (SourceDocument(text=t, origin=f"snippet {i}", id=f"case:{i}", language=lang) for i, t in enumerate(texts))
    return list(analyzer.analyze_many(srcs))


def evaluate(path: str | Path, lang: str = "en", model_dir: str | Path | None = None,
             classifier_only: bool = True) -> dict:
    """Scores of `analyze` end to end (the headline) and, beside it, of the classifier alone."""
    from khronika.nlp.events.train import read_case

    ids, texts, gold = read_case(path)
    if not any(gold):
        raise ValueError(f"{path}: no SubType column to score against")
    docs = analyze_snippets(texts, lang, model_dir)
    pred = [first_event_label(d) for d in docs]
    out = score(gold, pred)
    out["path"] = "analyze end to end, first event with an ACLED type per snippet (no event = a miss)"
    out["no_event"] = sum(p == NO_EVENT for g, p in zip(gold, pred) if g in CASE_TO_ACLED)
    out["confusions"] = Counter(f"{g} -> {p}" for g, p in zip(gold, pred) if g != p).most_common(10)
    # every scored miss, to read next to the snippets (`--json`): what to look at, not a score
    out["misses"] = [{"id": i, "gold": g, "analyze": p, "trigger": _first_trigger(d)}
                     for i, g, p, d in zip(ids, gold, pred, docs) if g in CASE_TO_ACLED and g != p]
    if classifier_only:
        cls = predict(texts, lang, model_dir)
        out["classifier"] = score(gold, cls)
    return out
