"""Readers of the three NER gold formats in ../shared/data, for `eval ner` and `train ner`.

- IOB (NER-UK): one ``token TAG`` a line, blank lines between sentences, 5+ blank lines
  between paragraphs. The tokens are joined back into text (no space before closing
  punctuation) and paragraphs grouped into documents of about `DOC_TOKENS` tokens.
- brat (NEREL): ``NAME.txt`` beside ``NAME.ann``; nested ``T`` spans of PER/ORG/LOC-like types.
- BSNLP: ``TOPIC/raw/LANG/*.txt`` (4 header lines: id, language, date, url; then the text) and
  ``TOPIC/annotated/LANG/*.out`` (first line the id; then ``form<TAB>lemma<TAB>TYPE<TAB>id``):
  document-level gold, no offsets.

Every reader returns `GoldDoc`s with the labels PER/ORG/LOC only.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("PER", "ORG", "LOC")
IOB_LABELS = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
# NEREL's fine types that name persons, organisations and places.
BRAT_LABELS = {
    "PERSON": "PER", "ORGANIZATION": "ORG",
    "COUNTRY": "LOC", "CITY": "LOC", "STATE_OR_PROVINCE": "LOC", "DISTRICT": "LOC", "LOCATION": "LOC",
}
DOC_TOKENS = 600
_NO_SPACE_BEFORE = set(",.:;!?)]}»”%…") | {"...", "'s"}
_NO_SPACE_AFTER = set("([{«„“")

Span = tuple[int, int, str]


@dataclass
class GoldDoc:
    name: str
    text: str
    spans: list[Span] = field(default_factory=list)          # exact spans (IOB, brat)
    forms: set[tuple[str, str]] = field(default_factory=set)  # document-level (BSNLP)
    ids: dict[tuple[str, str], str] = field(default_factory=dict)  # BSNLP: (form, type) -> cross-lingual id
    lang: str = ""


def normalize_form(text: str) -> str:
    """BSNLP compares mention forms case-, accent-mark- and apostrophe-insensitively."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("\u0301", "").replace("’", "'").replace("ʼ", "'").replace("`", "'")
    text = re.sub(r"[«»“”„\"]", "", text)
    return " ".join(text.split())


# -- IOB --------------------------------------------------------------------------------
def _iob_paragraphs(lines: Iterable[str]) -> Iterator[list[list[tuple[str, str]]]]:
    """Paragraphs (lists of sentences of (token, tag)) separated by 5+ blank lines."""
    sentences: list[list[tuple[str, str]]] = []
    sent: list[tuple[str, str]] = []
    blanks = 0
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip():
            blanks += 1
            continue
        if blanks:
            if sent:
                sentences.append(sent)
                sent = []
            if blanks >= 5 and sentences:
                yield sentences
                sentences = []
            blanks = 0
        token, _, tag = line.rpartition(" ")
        if not token:
            token, tag = tag, "O"
        sent.append((token, tag))
    if sent:
        sentences.append(sent)
    if sentences:
        yield sentences


def _join_paragraph(sentences: list[list[tuple[str, str]]], parts: list[str], spans: list[Span], pos: int) -> int:
    for sent in sentences:
        open_at: tuple[int, str] | None = None
        open_end = pos  # set again on every token while a span is open
        prev = ""
        for i, (token, tag) in enumerate(sent):
            if i and token not in _NO_SPACE_BEFORE and prev not in _NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            kind, _, label = tag.partition("-")
            label = IOB_LABELS.get(label, "")
            if open_at and (kind != "I" or label != open_at[1]):
                spans.append((open_at[0], open_end, open_at[1]))
                open_at = None
            if label and (kind == "B" or (kind == "I" and open_at is None)):
                open_at = (pos, label)
            parts.append(token)
            pos += len(token)
            if open_at:
                open_end = pos
            prev = token
        if open_at:
            spans.append((open_at[0], open_end, open_at[1]))
        parts.append(" ")
        pos += 1
    return pos


def read_iob(path: Path, doc_tokens: int = DOC_TOKENS) -> list[GoldDoc]:
    """Documents of consecutive paragraphs (about `doc_tokens` tokens each), in file order."""
    docs: list[GoldDoc] = []
    parts: list[str] = []
    spans: list[Span] = []
    pos = tokens = 0

    def flush() -> None:
        nonlocal parts, spans, pos, tokens
        if parts:
            docs.append(GoldDoc(f"{path.name}#{len(docs)}", "".join(parts).rstrip(), spans))
        parts, spans, pos, tokens = [], [], 0, 0

    with path.open(encoding="utf-8") as fh:
        for paragraph in _iob_paragraphs(fh):
            if parts:
                parts[-1] = "\n\n"
                pos += 1
            pos = _join_paragraph(paragraph, parts, spans, pos)
            tokens += sum(len(s) for s in paragraph)
            if tokens >= doc_tokens:
                flush()
    flush()
    return docs


# -- brat -------------------------------------------------------------------------------
def parse_brat(ann: str, outermost: bool = False) -> list[Span]:
    """PER/ORG/LOC spans of a standoff file; discontinuous spans are skipped."""
    spans = set()
    for line in ann.splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        etype, _, offsets = parts[1].partition(" ")
        label = BRAT_LABELS.get(etype)
        if label is None or ";" in offsets:
            continue
        start, end = (int(x) for x in offsets.split())
        spans.add((start, end, label))
    out = sorted(spans)
    if outermost:
        out = [s for s in out if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in out)]
    return out


def read_brat(folder: Path, limit: int | None = None, outermost: bool = False) -> list[GoldDoc]:
    docs = []
    for txt in sorted(folder.glob("*.txt"))[:limit]:
        ann = txt.with_suffix(".ann")
        if not ann.exists():
            continue
        docs.append(GoldDoc(txt.stem, txt.read_text(encoding="utf-8"),
                            parse_brat(ann.read_text(encoding="utf-8"), outermost), lang="ru"))
    return docs


# -- BSNLP ------------------------------------------------------------------------------
def bsnlp_text(raw: str) -> str:
    """The document text after the 4 header lines."""
    lines = raw.split("\n")
    return "\n".join(lines[4:]).strip("\n") if len(lines) > 4 else raw


def _bsnlp_gold(path: Path) -> tuple[str, dict[tuple[str, str], str]]:
    """The document id and its (normalized form, type) -> the entity's cross-lingual id ('' if none)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    doc_id = lines[0].strip() if lines else ""
    forms: dict[tuple[str, str], str] = {}
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) >= 3 and parts[2].strip() in LABELS:
            forms[normalize_form(parts[0]), parts[2].strip()] = parts[3].strip() if len(parts) > 3 else ""
    return doc_id, forms


def bsnlp_topics(root: Path) -> list[Path]:
    """`root` itself when it is a topic folder, else its topic folders."""
    if (root / "raw").is_dir():
        return [root]
    return sorted(p for p in root.iterdir() if (p / "raw").is_dir())


def read_bsnlp(root: Path, lang: str, topics: Iterable[str] | None = None,
               exclude: Iterable[str] = (), limit: int | None = None) -> list[GoldDoc]:
    """Annotated documents of `lang` (uk, ru) in the chosen topics, with their raw text."""
    wanted = set(topics) if topics else None
    docs = []
    for topic in bsnlp_topics(root):
        if (wanted is not None and topic.name not in wanted) or topic.name in set(exclude):
            continue
        raws = {}
        for raw in sorted((topic / "raw" / lang).glob("*")):
            text = raw.read_text(encoding="utf-8-sig")
            raws[text.split("\n", 1)[0].strip()] = text
        for out in sorted((topic / "annotated" / lang).glob("*")):
            doc_id, ids = _bsnlp_gold(out)
            if doc_id in raws:
                docs.append(GoldDoc(f"{topic.name}/{doc_id}", bsnlp_text(raws[doc_id]), forms=set(ids),
                                    ids=ids, lang=lang))
    return docs[:limit]


def project_forms(text: str, forms: set[tuple[str, str]], capitalised: bool = True) -> list[Span]:
    """Every whole-word, case-insensitive occurrence of a gold form, longest forms first.

    With `capitalised`, an occurrence must not start in lower case: BSNLP lists the form
    «комісія» for «Комісією», and the common noun elsewhere is no name."""
    folded = text.casefold()
    taken = [False] * len(text)
    spans = []
    for form, label in sorted(forms, key=lambda f: -len(f[0])):
        if not form:
            continue
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in form.split()) + r"(?!\w)")
        for m in pattern.finditer(folded):
            if len(folded) != len(text) or any(taken[m.start():m.end()]):
                continue
            if capitalised and text[m.start()].islower():
                continue
            spans.append((m.start(), m.end(), label))
            for i in range(m.start(), m.end()):
                taken[i] = True
    return sorted(spans)
