"""Quote attribution: who said what (issue 4). Writes contract quotes to doc._.khr_quotes.

Steps, each in its own module:
  segment    sentences from the text (the parsers' boundaries cut "l'état-|major", join headings);
  marks      quoted spans in any convention («», “”, "", „“, ‘’, ''), over sentences and paragraphs;
  direct     a quoted span with its cue and speaker, before, after or around it, or signed "― Name";
  markers    "selon X", "according to X", «за словами X»; cataphora "C'est ce qu'a déclaré X";
             "NAME: ..." transcript and headline lines;
  indirect   fr/en: cue verb + parsed subject + complement ("X a déclaré que Y", "Y, he added"),
             claim nouns ("Trump's claim that ...");
  lexical    uk/ru: cue lemmas, «, що»/«, что», content before an incise («Y, — заявив X»), gerunds;
  agreement  uk/ru (no parser): the cue verb's subject by pymorphy3 case, number and gender;
  speakers   the speaker entity: a mention, or what a pronoun, role, relative or noun stands for;
  dating     the date the claim was made; linking: one statement given twice.
The cue lexicons (cues.py) are per language; phrases.py finds the speaker phrase by a cue.

A contract quote gets extra keys beside the required ones: "parts" (the content's pieces when
an incise splits it), "source" (a cited document: {"text", "start", "end"}) and "linked".
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from khronika.nlp import extensions  # noqa: F401
from khronika.nlp.extensions import pipeline_lang
from khronika.nlp.quotes.dating import DateIndex, quote_date
from khronika.nlp.quotes.direct import direct_frames
from khronika.nlp.quotes.frames import Frame, trim
from khronika.nlp.quotes.indirect import noun_frames, verb_frames
from khronika.nlp.quotes.lexical import lexical_frames
from khronika.nlp.quotes.linking import link_repeats
from khronika.nlp.quotes.markers import cataphora_frames, colon_frames, prep_frames
from khronika.nlp.quotes.marks import Quoted, find_quoted
from khronika.nlp.quotes.segment import doc_text, forget
from khronika.nlp.quotes.spans import KeptFrames, extent
from khronika.nlp.quotes.speakers import SpeakerResolver

# "KHARKIV, May 24, 2023 — Two civilians were killed ..., the governor said": not his words
_DATELINE = re.compile(r"[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ .'’-]{2,}(?:,[^—–\n]{0,40})?\s[—–]\s+")
MAX_SHARED = 0.5   # two claims sharing more than this share of the smaller content are one


def _token_at(doc: Doc, char: int) -> int | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0].i if span is not None and len(span) else None


def _inside(char: int, parts) -> bool:
    return any(s <= char < e for s, e in parts)


def _shared(a: Frame, b: Frame) -> float:
    ov = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a.parts for s2, e2 in b.parts)
    small = min(sum(e - s for s, e in a.parts), sum(e - s for s, e in b.parts)) or 1
    return ov / small


def select(frames: list[Frame], text: str) -> list[Frame]:
    """One frame per claim: earlier finders first (direct quotes, cataphora, prepositions, verbs),
    then longer contents; a cue inside another claim's content is a claim within a claim and
    is dropped (a quote's own "we said" is part of what was quoted). Each claim is compared with
    the kept claims near it only (quotes/spans.py), in the order they were kept."""
    kept = KeptFrames()
    for f in frames:
        near = kept.near(*extent(f))
        if any(f.cue[0] < k.cue[1] and k.cue[0] < f.cue[1] for k in near):
            continue
        holding = [k for k in near if _inside(f.cue[0], k.parts)]
        if holding:
            inner = [k for k in holding if k.origin == "prep" and f.origin == "lexical"
                     and f.speaker and not _inside(f.speaker[0], [k.speaker or (0, 0)])]
            if not inner or len(inner) < len(holding):
                continue
            # «По сообщению телеканала X, премьер заявил, что ...»: the channel reports, the premier speaks
            for k in inner:
                kept.remove(k)
            near = kept.near(*extent(f))
        confirmed = [k for k in near if f.origin == "cataphora" and _inside(k.cue[0], f.parts)]
        if confirmed:
            # "Le Kremlin a assuré que ... C'est ce qu'a affirmé Dmitri Peskov": one claim, and the
            # cataphora may name its speaker better
            confirmed[-1].confirmation = f
            continue
        for k in near:
            if _inside(k.cue[0], f.parts):
                _cut_before(f, min([k.cue[0], k.start] + ([k.speaker[0]] if k.speaker else [])), text)
        if not f.parts or any(_shared(f, k) > MAX_SHARED for k in near):
            continue
        kept.append(f)
    return list(kept)


def _cut_before(f: Frame, pos: int, text: str) -> None:
    """Cut a claim's content where another claim begins inside it: "She said X, and when pressed,
    the mother of three replied, « Y »" gives two claims, not one holding the other."""
    parts = [trim(text, s, min(e, pos)) for s, e in f.parts if s < pos]
    f.parts = [p for p in parts if p[1] > p[0] and len(text[p[0]:p[1]].split()) >= 2]


def _close_open_quotes(text: str, f: Frame, quoted: list[Quoted]) -> None:
    """A content that opens a quote runs to the quote's end, across sentences if need be."""
    s, e = f.parts[-1]
    for q in quoted:
        if s <= q.open_at < e < q.close_end:
            f.parts[-1] = (s, q.close_end)


class _Kinds:
    """Direct, mixed or indirect, by the quoted spans of the text (looked up, not scanned, per claim)."""

    def __init__(self, text: str, quoted: list[Quoted]) -> None:
        self.text = text
        self.inner = {trim(text, q.start, q.end, strip_quotes=True) for q in quoted}
        self.opens = sorted((q.open_at, q.end) for q in quoted)
        self._open_at = [o for o, _ in self.opens]

    def __call__(self, f: Frame) -> str:
        if f.direct:
            return "direct"
        if len(f.parts) == 1 and trim(self.text, *f.parts[0], strip_quotes=True) in self.inner:
            return "direct"
        for s, e in f.parts:
            # a quote opened inside this part and closed inside it too
            if any(end <= e for _, end in self.opens[bisect_left(self._open_at, s):bisect_left(self._open_at, e + 1)]):
                return "mixed"
        return "indirect"


def _confirm(f: Frame, conf: Frame, resolver: SpeakerResolver, done: list[Frame]) -> None:
    """A cataphora naming a person takes over from an organisation or an unnamed speaker."""
    resolver.resolve(conf, done)
    persons = {e["id"] for e in resolver.entities.values() if e["type"] == "PERSON"}
    if conf.entity in persons and f.entity not in persons:
        f.entity, f.speaker, f.antecedent = conf.entity, conf.speaker, None
    f.frame = f.frame + conf.frame      # "C'est ce qu'a déclaré hier X" dates the claim


class QuoteFinder:
    def __init__(self, nlp: Language):
        self.lang = pipeline_lang(nlp)

    def frames(self, doc: Doc) -> tuple[list[Frame], list[Quoted]]:
        lang = self.lang
        text = doc_text(doc)
        quoted = find_quoted(text)
        persons = {m["start"]: m["end"] for e in doc._.khr_entities or [] if e["type"] == "PERSON"
                   for m in e["mentions"]}
        mentions = [(m["start"], m["end"], e["type"]) for e in doc._.khr_entities or [] for m in e["mentions"]]
        found = direct_frames(doc, quoted, lang) + prep_frames(doc, lang, persons) + colon_frames(doc, mentions)
        cataphora = cataphora_frames(doc, lang)
        found_all = found + cataphora
        taken = {i for f in found_all for i in (_token_at(doc, f.cue[1] - 1),) if i is not None}
        if doc.has_annotation("DEP"):
            verbs = verb_frames(doc, lang, taken) + noun_frames(doc, lang, taken)
        else:
            verbs = lexical_frames(doc, lang, taken, found_all)
        verbs.sort(key=lambda f: -(f.end - f.start))
        # a cataphora whose sentence before has its own cue verb only confirms that claim
        kept = select(found + verbs + cataphora, text)
        for f in kept:
            _close_open_quotes(text, f, quoted)
            m = _DATELINE.match(text, f.parts[0][0], f.parts[0][1])
            if m and not f.direct:
                f.parts[0] = (m.end(), f.parts[0][1])
        kept.sort(key=lambda f: f.start)
        return kept, quoted

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.khr_quotes = self.quotes(doc)
        finally:
            forget(doc)     # the sentence index is scratch: the Doc must stay serialisable
        return doc

    def quotes(self, doc: Doc) -> list[dict]:
        text = doc_text(doc)
        frames, quoted = self.frames(doc)
        resolver = SpeakerResolver(doc, doc._.khr_entities or [], self.lang)
        resolver.contents = [p for f in frames for p in f.parts]
        resolver.frames = frames
        done: list[Frame] = []
        for f in sorted(frames, key=lambda f: f.speaker[0] if f.speaker else f.cue[0]):
            resolver.resolve(f, done)
            done.append(f)
        for f in frames:
            if f.confirmation is not None:
                _confirm(f, f.confirmation, resolver, done)
        quotes = []
        kind = _Kinds(text, quoted)
        dates = DateIndex(doc._.khr_dates or [])
        for f in frames:
            start, end = f.start, f.end
            q = {
                "kind": kind(f), "content": text[start:end], "content_start": start, "content_end": end,
                "speaker": f.entity,
                "speaker_text": text[f.speaker[0]:f.speaker[1]] if f.speaker else None,
                "speaker_start": f.speaker[0] if f.speaker else None,
                "speaker_end": f.speaker[1] if f.speaker else None,
                "cue": text[f.cue[0]:f.cue[1]],
                "date": quote_date(doc, f, verb_cue=f.origin in ("verb", "direct"), index=dates),
            }
            if len(f.parts) > 1:
                q["parts"] = [[s, e] for s, e in f.parts]
            if f.source:
                q["source"] = {"text": text[f.source[0]:f.source[1]], "start": f.source[0], "end": f.source[1]}
            quotes.append(q)
        link_repeats(doc, quotes)
        return quotes


@Language.factory("khronika_quotes", requires=["doc._.khr_entities", "doc._.khr_date", "doc._.khr_dates"],
                  assigns=["doc._.khr_quotes"])
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp)
