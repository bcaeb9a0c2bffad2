"""`khronika eval quotes FILE.jsonl`: who-said-what on our hand-annotated Ukrainian and Russian news.

The gold (tests/data/quotes_ukru/{dev,heldout}.jsonl) holds offsets only, one document a line:

    {"path": "bsnlp/brexit/raw/uk/...txt", "sha256": "12 hex", "lang": "uk",
     "quotes": [{"content": [s, e], "speaker": "Тереза Мей", "speaker_spans": [[s, e], ...]}],
     "ignore": [[s, e], ...]}

The texts stay in ../shared/data (``path`` is relative to it); the checksum (first 12 hex of the
SHA-256 of the UTF-8 text) makes sure the offsets still point where they did. ``speaker_spans``
are the names the speaker goes by in the document (every occurrence of them): a quote said by
"він" is right only when the pronoun was resolved to that person. ``ignore`` marks claims whose
speaker is nobody nameable ("ЗМІ писали, що ..."): a prediction there is neither right nor wrong.

Measure (the one of issue 13): a gold quote is found when a predicted quote's content overlaps
at least half of the gold content and the predicted speaker (the quote's speaker span or any
mention of its speaker entity) overlaps one of the gold speaker spans; one to one, best overlap
first. Precision, recall and F1 per language and overall; "content only" drops the speaker test.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khronika.eval.quotes import Counts, GoldAttribution, Span, _length, _match, _overlap

DEFAULT_DATA = Path("..") / "shared" / "data"


@dataclass
class GoldQuoteDoc:
    path: str
    lang: str
    text: str
    attributions: list[GoldAttribution]
    ignore: list[Span] = field(default_factory=list)


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_gold(file: str | Path, data_root: str | Path = DEFAULT_DATA, langs: Iterable[str] | None = None
              ) -> list[GoldQuoteDoc]:
    """The documents of one gold file, their texts read from `data_root`.

    Raises FileNotFoundError when a text is missing, ValueError when it changed."""
    root = Path(data_root)
    wanted = set(langs) if langs else None
    out = []
    for n, line in enumerate(Path(file).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        if wanted and rec["lang"] not in wanted:
            continue
        path = root / rec["path"]
        if not path.is_file():
            raise FileNotFoundError(f"{file}:{n}: text not found: {path}")
        text = path.read_text(encoding="utf-8")
        if checksum(text) != rec["sha256"]:
            raise ValueError(f"{file}:{n}: {path} changed (checksum {checksum(text)} != {rec['sha256']})")
        atts = [GoldAttribution(id=f"{rec['path']}#{i}", content=[tuple(q["content"])],
                                source=[tuple(s) for s in q["speaker_spans"]])
                for i, q in enumerate(rec["quotes"])]
        out.append(GoldQuoteDoc(rec["path"], rec["lang"], text, atts, [tuple(s) for s in rec.get("ignore", [])]))
    return out


def _ignored(quote: dict, ignore: list[Span]) -> bool:
    span = [(quote["content_start"], quote["content_end"])]
    return any(_overlap([s], span) >= _length([s]) / 2 for s in ignore)


def score_gold_document(gold: GoldQuoteDoc, analysed: dict) -> Counts:
    quotes = analysed.get("quotes") or []
    entities = {e["id"]: e for e in analysed.get("entities") or []}
    found = _match(gold.attributions, quotes, entities, True)
    content_found = _match(gold.attributions, quotes, entities, False)
    # a prediction on an ignored claim counts only if it also found a gold quote (it cannot)
    counted = [q for q in quotes if not _ignored(q, gold.ignore)]
    return Counts(gold=len(gold.attributions), predicted=len(counted), found=found, content_found=content_found)


def evaluate_gold(docs: list[GoldQuoteDoc], analyse: Callable[[list[GoldQuoteDoc]], Iterable[dict]]
                  ) -> dict[str, Any]:
    """Scores per language and overall; `analyse` maps the documents to contract objects, in order."""
    per: dict[str, Counts] = {}
    total = Counts()
    for gold, analysed in zip(docs, analyse(docs), strict=True):
        c = score_gold_document(gold, analysed)
        per.setdefault(gold.lang, Counts()).add(c)
        total.add(c)
    out = total.scores()
    out["documents"] = len(docs)
    out["languages"] = {}
    for lang, c in sorted(per.items()):
        s = c.scores()
        s["documents"] = sum(d.lang == lang for d in docs)
        out["languages"][lang] = s
    return out


def khronika_analyse_gold(docs: list[GoldQuoteDoc], analyzer: Any = None) -> Iterable[dict]:
    """The full pipeline of each document's language on its raw text."""
    from khronika.ingest import SourceDocument
    from khronika.nlp.analyze import Analyzer

    analyzer = analyzer or Analyzer()
    return analyzer.analyze_many(SourceDocument(text=d.text, origin=d.path, language=d.lang) for d in docs)


def format_gold_table(scores: dict[str, Any], title: str = "") -> str:
    lines = [f"quotes: {title}".rstrip(": "),
             f"{'':<6}{'docs':>5}{'gold':>6}{'pred':>6}   {'content + speaker':<24}{'content only':<24}",
             f"{'':<6}{'':>5}{'':>6}{'':>6}   {'P':>6}{'R':>6}{'F1':>6}      {'P':>6}{'R':>6}{'F1':>6}"]
    rows = list(scores["languages"].items()) + [("all", scores)]
    for name, s in rows:
        f, c = s["full"], s["content"]
        lines.append(f"{name:<6}{s['documents']:>5}{s['gold']:>6}{s['predicted']:>6}   "
                     f"{f['precision']:>6.3f}{f['recall']:>6.3f}{f['f1']:>6.3f}      "
                     f"{c['precision']:>6.3f}{c['recall']:>6.3f}{c['f1']:>6.3f}")
    return "\n".join(lines)
