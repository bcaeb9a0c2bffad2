"""Training and held-out corpora of the uk/ru NER models, from ../shared/data.

Splits (the same ones `khronika eval ner` reports on as held out):
- NER-UK (`ner-uk/train.iob`, read in documents of ~600 tokens): every 10th document
  (index % 10 == 9) is held out, index % 10 == 4 is spaCy's dev set, the rest trains.
- BSNLP: the topic `HELD_OUT_TOPIC` is held out; the other annotated topics train, their
  document-level forms projected onto every capitalised occurrence in the text.
- NEREL: `train/` trains (every 10th document is spaCy's dev set); `dev/` is held out.
  Nested spans are flattened to names: the outermost span that starts with a capital
  («МВД Киргизии», not «столицы США» but its «США»); lower-case descriptions are not names.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from khronika.gold.ner import GoldDoc, parse_brat, project_forms, read_bsnlp, read_iob

HELD_OUT_TOPIC = "ec"
Span = tuple[int, int, str]


def nerukr_split(docs: list[GoldDoc], part: str) -> list[GoldDoc]:
    """`part` is "train", "dev" (spaCy's model selection) or "heldout"."""
    want = {"heldout": {9}, "dev": {4}, "train": set(range(10)) - {4, 9}}[part]
    return [d for i, d in enumerate(docs) if i % 10 in want]


def name_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping name spans: outermost first, lower-case-initial spans dropped."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if not text[s[0]:s[0] + 1].strip() or text[s[0]].islower():
            continue
        if not any(o[0] < s[1] and s[0] < o[1] for o in out):
            out.append(s)
    return sorted(out)


def nerel_docs(folder: Path) -> list[GoldDoc]:
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        ann = txt.with_suffix(".ann")
        if ann.exists():
            text = txt.read_text(encoding="utf-8")
            docs.append(GoldDoc(txt.stem, text, name_spans(text, parse_brat(ann.read_text(encoding="utf-8"))), lang="ru"))
    return docs


def bsnlp_train_docs(root: Path, lang: str) -> list[GoldDoc]:
    docs = read_bsnlp(root, lang, exclude=[HELD_OUT_TOPIC])
    for d in docs:
        d.spans = project_forms(d.text, d.forms)
    return docs


def sources(data: Path, lang: str, also: tuple[str, ...] = ()) -> tuple[list[GoldDoc], list[GoldDoc]]:
    """(train, dev) documents of `lang` from the shared data folder; the training documents of
    the languages in `also` join the training set (their dev documents stay out)."""
    train: list[GoldDoc] = []
    dev: list[GoldDoc] = []
    if lang == "uk":
        iob = read_iob(data / "ner-uk" / "train.iob")
        train += nerukr_split(iob, "train")
        dev += nerukr_split(iob, "dev")
    else:
        nerel = nerel_docs(data / "nerel" / "train")
        train += [d for i, d in enumerate(nerel) if i % 10]
        dev += [d for i, d in enumerate(nerel) if not i % 10]
    train += bsnlp_train_docs(data / "bsnlp", lang)
    for other in also:
        if other != lang:
            train += sources(data, other)[0]
    return train, dev


def to_doc(nlp: Language, gold: GoldDoc) -> Doc:
    """The text tokenised as the pipeline will, gold spans snapped to token bounds."""
    doc = nlp.make_doc(gold.text)
    spans = []
    for start, end, label in gold.spans:
        span = doc.char_span(start, end, label=label, alignment_mode="contract") or \
            doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    doc.ents = filter_spans(spans)
    return doc


def write_corpora(data: Path, lang: str, work: Path, log: Callable[[str], None] = print,
                  also: tuple[str, ...] = ()) -> tuple[Path, Path]:
    """train.spacy and dev.spacy in `work`."""
    import spacy

    nlp = spacy.blank(lang)
    work.mkdir(parents=True, exist_ok=True)
    train, dev = sources(data, lang, also)
    paths = []
    for name, docs in (("train", train), ("dev", dev)):
        path = work / f"{name}.spacy"
        DocBin(docs=(to_doc(nlp, d) for d in docs)).to_disk(path)
        n_ents = sum(len(d.spans) for d in docs)
        log(f"{name}: {len(docs)} documents, {n_ents} names -> {path}")
        paths.append(path)
    return paths[0], paths[1]
