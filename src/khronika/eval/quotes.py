"""`khronika eval quotes`: attribution scores on the PolNeAR BRAT layout.

Layout read (``read_corpus``): a compartment folder with ``text/NAME.txt`` and
``attributions/NAME_ANNOTATOR.ann`` (PolNeAR), or plain BRAT with ``NAME.txt`` beside
``NAME.ann``. An article annotated by several annotators is scored once, against the first
annotation file in name order, so agreement articles do not count six times.

Standoff read: ``T`` lines ``Source|Cue|Content|Attribution|Attribution-no-source START END[;START END]``
and ``E`` lines tying them together; ``Discuss``/``Discard`` spans are not attributions.

Measure (issue 4): a gold attribution is *found* when a predicted quote's content overlaps at
least half of the gold content and a mention of the predicted speaker overlaps the gold source.
"A mention of the predicted speaker" is the quote's own speaker span (speaker_start/end: the
pronoun, noun phrase or name the text uses there) or any mention of its speaker entity. A gold
attribution without a source can therefore never be found by the full measure (strict reading);
the content-only measure drops the speaker condition. Gold and predictions are paired one to
one, best overlap first, so one long prediction cannot find two gold attributions.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Span = tuple[int, int]
# PolNeAR names annotation files after the article plus a 4-hex annotator id.
_ANNOTATOR = re.compile(r"_[0-9a-f]{4}$")
NOT_ATTRIBUTIONS = {"Discuss", "Discard"}


@dataclass
class GoldAttribution:
    id: str
    content: list[Span]
    source: list[Span] = field(default_factory=list)   # empty: "Attribution-no-source"
    cue: list[Span] = field(default_factory=list)


@dataclass
class GoldDocument:
    name: str
    text: str
    attributions: list[GoldAttribution]


def parse_ann(ann: str) -> list[GoldAttribution]:
    """The attribution relations of one BRAT standoff file."""
    spans: dict[str, list[Span]] = {}
    out = []
    for line in ann.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            _type, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]
        elif line.startswith("E"):
            eid, _, args = line.partition("\t")
            roles = dict(a.split(":", 1) for a in args.split() if ":" in a)
            if "Content" not in roles or not any(r.startswith("Attribution") for r in roles):
                continue
            out.append(GoldAttribution(
                id=eid, content=spans.get(roles["Content"], []),
                source=spans.get(roles.get("Source", ""), []), cue=spans.get(roles.get("Cue", ""), [])))
    return [a for a in out if a.content]


def _pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) files, one annotation per article."""
    if (folder / "text").is_dir() and (folder / "attributions").is_dir():
        texts = {p.stem: p for p in (folder / "text").glob("*.txt")}
        anns = sorted((folder / "attributions").glob("*.ann"))
    else:
        texts = {p.stem: p for p in folder.glob("*.txt")}
        anns = sorted(folder.glob("*.ann"))
    chosen: dict[str, Path] = {}
    for ann in anns:
        stem = ann.stem if ann.stem in texts else _ANNOTATOR.sub("", ann.stem)
        if stem in texts:
            chosen.setdefault(stem, ann)
    return [(texts[s], chosen[s]) for s in sorted(chosen)]


def read_corpus(folder: str | Path, limit: int | None = None) -> list[GoldDocument]:
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"not a folder: {folder}")
    pairs = _pairs(folder)
    if not pairs:
        raise FileNotFoundError(f"no BRAT .txt/.ann pairs in {folder} (expected text/ and attributions/)")
    docs = []
    for txt, ann in pairs[:limit] if limit else pairs:
        docs.append(GoldDocument(txt.stem, txt.read_text(encoding="utf-8"), parse_ann(ann.read_text(encoding="utf-8"))))
    return docs


# -- scoring ---------------------------------------------------------------------------------

def _overlap(a: Iterable[Span], b: Iterable[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(spans: Iterable[Span]) -> int:
    return sum(e - s for s, e in spans)


def speaker_spans(quote: dict, entities: dict[str, dict]) -> list[Span]:
    """Where the text names the predicted speaker: the quote's own span, then its entity's mentions."""
    out = []
    if quote.get("speaker_start") is not None and quote.get("speaker_end") is not None:
        out.append((quote["speaker_start"], quote["speaker_end"]))
    ent = entities.get(quote.get("speaker") or "")
    if ent:
        out.extend((m["start"], m["end"]) for m in ent["mentions"])
    return out


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    found: int = 0          # gold found by the full measure (= true-positive predictions, 1:1)
    content_found: int = 0  # gold found by content alone

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.found += other.found
        self.content_found += other.content_found

    @staticmethod
    def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

    def scores(self) -> dict[str, Any]:
        return {"documents": None, "gold": self.gold, "predicted": self.predicted, "found": self.found,
                "content_found": self.content_found,
                "full": self._prf(self.found, self.predicted, self.gold),
                "content": self._prf(self.content_found, self.predicted, self.gold)}


def _match(golds: list[GoldAttribution], quotes: list[dict], entities: dict[str, dict], with_speaker: bool) -> int:
    """Size of a greedy one-to-one matching, best content overlap first."""
    cands = []
    for gi, g in enumerate(golds):
        need = _length(g.content) / 2
        for qi, q in enumerate(quotes):
            ov = _overlap(g.content, [(q["content_start"], q["content_end"])])
            if ov == 0 or ov < need:
                continue
            if with_speaker and not (g.source and _overlap(g.source, speaker_spans(q, entities))):
                continue
            cands.append((-ov, gi, qi))
    used_g, used_q = set(), set()
    for _, gi, qi in sorted(cands):
        if gi not in used_g and qi not in used_q:
            used_g.add(gi)
            used_q.add(qi)
    return len(used_g)


def score_document(gold: GoldDocument, analysed: dict) -> Counts:
    quotes = analysed.get("quotes") or []
    entities = {e["id"]: e for e in analysed.get("entities") or []}
    return Counts(gold=len(gold.attributions), predicted=len(quotes),
                  found=_match(gold.attributions, quotes, entities, True),
                  content_found=_match(gold.attributions, quotes, entities, False))


def evaluate(docs: list[GoldDocument], analyse: Callable[[list[GoldDocument]], Iterable[dict]]) -> dict[str, Any]:
    """Scores over the corpus; `analyse` maps the gold documents to contract objects, in order."""
    total = Counts()
    for gold, analysed in zip(docs, analyse(docs), strict=True):
        total.add(score_document(gold, analysed))
    out = total.scores()
    out["documents"] = len(docs)
    return out


def khronika_analyse(docs: list[GoldDocument], analyzer: Any = None) -> Iterable[dict]:
    """The real English pipeline on the raw text (what `khronika analyze` would do)."""
    from khronika.ingest import SourceDocument
    from khronika.nlp.analyze import Analyzer

    analyzer = analyzer or Analyzer()
    return analyzer.analyze_many(SourceDocument(text=d.text, origin=d.name, language="en") for d in docs)


def format_table(scores: dict[str, Any], title: str = "") -> str:
    lines = [f"quotes: {title}".rstrip(": "),
             f"documents {scores['documents']}  gold {scores['gold']}  predicted {scores['predicted']}",
             f"{'measure':<22}{'P':>8}{'R':>8}{'F1':>8}"]
    for key, label in (("full", "content + speaker"), ("content", "content only")):
        s = scores[key]
        lines.append(f"{label:<22}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}")
    return "\n".join(lines)
