"""Arguments of an event: actors, place, date (with precision), and whether it is a quoted claim.

Looked for from the narrowest scope outwards: the trigger's clause, then its sentence unit,
then (place and date only) the report — its focus place, its report date.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date

from spacy.attrs import IDX
from spacy.tokens import Doc

from khronika.nlp.dates import WAR_DAY_ONE
from khronika.nlp.dates import lexicons as date_lex
from khronika.nlp.dates.kinds import can_date_event
from khronika.nlp.events.units import Paragraphs, Unit
from khronika.nlp.extensions import doc_text

ACTOR_TYPES = ("PERSON", "ORG", "UNIT")
PRECISIONS = ("day", "week", "month")
# Words that introduce the source of a report, not a participant: "selon X", "according to X".
SOURCE_CUES = re.compile(r"\b(?:selon|d['’]après|according to|citing|said|a déclaré|a indiqué|по словам|"
                         r"за словами|повідомляє|сообщает|заявил|заявив)\b", re.I)
# "les Russes", "des Marines": plural demonyms a model tagged as places.
_PLURAL_ARTICLE = re.compile(r"(?:\b(?:les|des|aux|the)\s+)$", re.I)
LEDE_CHARS = 800
# Nouns a country name qualifies without placing anything there: the war as a whole, an office.
QUALIFIED_NOUNS = frozenset({"invasion", "agression", "aggression", "guerre", "war", "occupation", "annexion",
                             "annexation", "président", "president", "ministre", "minister", "ambassadeur",
                             "ambassador", "gouvernement", "government", "homologue", "counterpart", "dirigeant",
                             "leader", "régime", "regime"})
QUOTE_PAIRS = {"«": "»", "“": "”", "\"": "\"", "„": "“"}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: dict
    token: int      # index of its first token


class Arguments:
    """Per-document lookups, built once and shared by all events of the document."""

    def __init__(self, doc: Doc, text: str | None = None):
        self.doc = doc
        self.text = doc_text(doc) if text is None else text
        ents = doc._.khr_entities or []
        # to_array reads the offsets without building a Token object per token (the step's largest cost)
        starts = doc.to_array(IDX).tolist() if len(doc) else []
        self.mentions = sorted((Mention(m["start"], m["end"], e, max(0, bisect_right(starts, m["start"]) - 1))
                                for e in ents for m in e["mentions"]), key=lambda m: m.start)
        self.geo_known = any(e["type"] == "PLACE" and e.get("geo") for e in ents)
        self._mention_starts = [m.start for m in self.mentions]
        self._mention_tokens = [m.token for m in self.mentions]
        self.dates = sorted((d for d in doc._.khr_dates or [] if not d.get("duration")), key=lambda d: d["start"])
        self._date_starts = [d["start"] for d in self.dates]
        self.report_date = doc._.khr_date or (doc._.khr_meta or {}).get("published") or self._lede_date()
        self.sections = doc._.khr_sections or []
        self.quotes = doc._.khr_quotes or []
        # quotes by start, with the furthest end so far: the quotes holding a position are found
        # by walking back from it only while one could still reach it
        self._q_order = sorted(range(len(self.quotes)), key=lambda i: self.quotes[i]["content_start"])
        self._q_starts = [self.quotes[i]["content_start"] for i in self._q_order]
        self._q_reach: list[int] = []
        for i in self._q_order:
            self._q_reach.append(max(self.quotes[i]["content_end"], self._q_reach[-1] if self._q_reach else 0))
        self._focus: dict[tuple[int, int], str | None] = {}
        self.paras = Paragraphs(self.text)
        self._lede_end: int | None = None

    def _lede_date(self) -> str | None:
        """Without a report date: the first day-precise date of the lede ("mercredi 24 mai" is
        2023-05-24 by its weekday), the day news reports are about."""
        for d in self.dates:
            if d["start"] > LEDE_CHARS:
                break
            if d.get("kind"):
                continue     # a deadline or a plan ("d'ici le 1er juin") is not the day reported on
            value = d.get("value") or weekday_date(d["text"], self.doc.lang_)
            if value and d.get("precision") == "day" and not d.get("relative"):
                return value
        return None

    # -- entities ---------------------------------------------------------------------------
    def _in(self, lo: int, hi: int, types: tuple[str, ...]) -> list[Mention]:
        """Mentions of `types` within characters [lo, hi) (found by bisection: a long text has
        thousands of mentions and every event asks)."""
        i, j = bisect_left(self._mention_starts, lo), bisect_left(self._mention_starts, hi)
        return [m for m in self.mentions[i:j] if m.end <= hi and m.entity["type"] in types]

    def is_place(self, m: Mention) -> bool:
        """A PLACE mention worth placing an event at (geocoded ones once the geocoder ran)."""
        if self.geo_known:
            return bool(m.entity.get("geo"))
        return not _PLURAL_ARTICLE.search(self.text[max(0, m.start - 5):m.start])

    def _source_spans(self, unit: Unit) -> list[tuple[int, int]]:
        """Attributions in the unit ("selon le parquet régional de Kharkiv,", "..., said X"): from
        the cue to the next comma or the end. What they name is the source, not the event's."""
        out = []
        for cue in SOURCE_CUES.finditer(self.text, unit.start_char, unit.end_char):
            end = _end(self.text.find(",", cue.end(), unit.end_char), unit.end_char)
            out.append((cue.start(), end))
        return out

    def _in_tokens(self, toks: set[int], types: tuple[str, ...],
                   skip: list[tuple[int, int]] | None = None) -> list[Mention]:
        if not toks:
            return []
        # mentions are sorted by start, hence by token: only those within the tokens' range can match
        i = bisect_left(self._mention_tokens, min(toks))
        j = bisect_right(self._mention_tokens, max(toks))
        return [m for m in self.mentions[i:j] if m.token in toks and m.entity["type"] in types
                and not any(a <= m.start < b for a, b in skip or ())]

    def actors(self, trigger: int, clause: set[int], unit: Unit, subject: tuple[set[int], set[int]],
               exclude: set[str], clause_only: bool = False) -> list[str]:
        """PERSON/ORG/UNIT entities of the clause (else of the unit), plus a place that is the
        clause's subject ("La Chine a soutenu ...": a country acting). Entities named as the
        source of the report ("selon X") are not actors. `clause_only`: no fallback to the unit
        (PLOVER events, whose participants must be the clause's own)."""
        out: list[str] = []
        skip = self._source_spans(unit)
        opening, parsed = subject
        subj_places = self._in_tokens(opening, ("PLACE",)) or self._in_tokens(parsed, ("PLACE",))
        scopes = (clause,) if clause_only else (clause, set(range(unit.start, unit.end)))
        for toks in scopes:
            for m in self._in_tokens(toks, ACTOR_TYPES, skip):
                if m.entity["id"] not in exclude and m.entity["id"] not in out:
                    out.append(m.entity["id"])
            for m in subj_places:
                if m.entity["id"] not in out and m.entity["id"] not in exclude:
                    out.append(m.entity["id"])
            if out:
                break
        return out

    def place(self, trigger: int, clause: set[int], unit: Unit, actors: list[str]) -> str | None:
        return self.place_from(trigger, clause, unit, actors)[0]

    def place_from(self, trigger: int, clause: set[int], unit: Unit, actors: list[str],
                   focus_ok: bool = True) -> tuple[str | None, str | None]:
        """(place, where it was found): the place named in the clause ("clause"), else in the unit
        (the one named after the trigger first: "frappe sur X", "raid in X"; "unit"), else the
        focus of the paragraph / section / report ("focus"; not when `focus_ok` is False)."""
        # A place inside a name ("Légion de la liberté de Russie") is not where it happened.
        skip = self._source_spans(unit) + [(m.start, m.end) for m in self._in(unit.start_char, unit.end_char,
                                                                              ACTOR_TYPES)]
        for source, toks in (("clause", clause), ("unit", set(range(unit.start, unit.end)))):
            cands = [m for m in self._in_tokens(toks, ("PLACE",), skip)
                     if self.is_place(m) and m.entity["id"] not in actors and not self._qualifies(m, trigger)]
            if cands:
                return min(cands, key=lambda m: (m.start < trigger, abs(m.start - trigger))).entity["id"], source
        focus = self.focus(trigger) if focus_ok else None
        return focus, "focus" if focus else None

    def _qualifies(self, m: Mention, trigger: int) -> bool:
        """A place that only qualifies a noun of the war as a whole or of an office ("depuis le début
        de l'invasion de la Russie", "the Russian president's counterpart"): who wages it or whose
        office it is, not where this event happened."""
        if not self.doc.has_annotation("DEP"):
            return False
        head = self.doc[m.token].head
        return (head.i != self.doc[m.token].i and head.idx != trigger and head.pos_ == "NOUN"
                and head.lemma_.casefold() in QUALIFIED_NOUNS)

    def section_of(self, pos: int) -> int:
        """Index of the report section holding `pos` (-1 outside every section)."""
        return next((i for i, s in enumerate(self.sections) if s["start"] <= pos < s["end"]), -1)

    def in_lede(self, pos: int) -> bool:
        """`pos` lies in the report's title or its first paragraph, which sum up the sections after
        them (only when there are such sections)."""
        if self._lede_end is None:
            end = 0
            if len(self.sections) > 1 and self.sections[0]["start"] == 0:
                lines = [m.end() for m in re.finditer(r"[^\n]*\S[^\n]*", self.text[:self.sections[0]["end"]])]
                end = lines[1] if len(lines) > 1 else (lines[0] if lines else 0)
            self._lede_end = end
        return pos < self._lede_end

    def focus(self, pos: int) -> str | None:
        """The report's focus around `pos`: the most mentioned place of its paragraph, else of its
        section, else of the whole text."""
        para = (self.paras.start(pos), self.paras.end(pos))
        sec = next(((s["start"], s["end"]) for s in self.sections if s["start"] <= pos < s["end"]), (0, len(self.text)))
        for lo, hi in (para, sec, (0, len(self.text))):
            if (lo, hi) not in self._focus:
                self._focus[(lo, hi)] = self._most_mentioned(lo, hi)
            if self._focus[(lo, hi)]:
                return self._focus[(lo, hi)]
        return None

    def _most_mentioned(self, lo: int, hi: int) -> str | None:
        places = [m for m in self._in(lo, hi, ("PLACE",)) if self.is_place(m)]
        if not places:
            return None
        counts = Counter(m.entity["id"] for m in places)
        first: dict[str, int] = {}     # entity id -> its first mention's start
        for m in places:
            first.setdefault(m.entity["id"], m.start)
        return max(counts, key=lambda eid: (counts[eid], -first[eid]))

    # -- date -------------------------------------------------------------------------------
    def date(self, trigger: int, unit: Unit) -> tuple[str | None, str | None]:
        """(YYYY-MM-DD, precision): the date mention of the unit nearest the trigger, else the
        report date."""
        cands = []
        lo, hi = bisect_left(self._date_starts, unit.start_char), bisect_left(self._date_starts, unit.end_char)
        for d in self.dates[lo:hi]:
            if d["end"] <= unit.end_char and can_date_event(d, self.report_date):
                value = d.get("value") or weekday_date(d["text"], self.doc.lang_)
                if value and d.get("precision") in PRECISIONS:
                    # a date the text states outright before one resolved against another
                    cands.append((bool(d.get("relative")), abs(d["start"] - trigger), value, d["precision"]))
        if cands:
            *_, value, precision = min(cands)
            return value, precision
        if self.report_date:
            return self.report_date, "day"
        return None, None

    # -- quotes -----------------------------------------------------------------------------
    def claim(self, trigger: int, unit: Unit) -> tuple[str | None, str | None]:
        """(quote kind or None, speaker id) for a trigger at `trigger`: "direct" words in quotation
        marks, "indirect" reported speech ("selon lui, ...")."""
        return self.claim_span(trigger, unit)[:2]

    def _quote_at(self, pos: int) -> dict | None:
        """The first quote (in the quotes step's order) whose words hold `pos`."""
        j = bisect_right(self._q_starts, pos) - 1
        best = None
        while j >= 0 and self._q_reach[j] > pos:
            i = self._q_order[j]
            if self.quotes[i]["content_end"] > pos and (best is None or i < best):
                best = i
            j -= 1
        return self.quotes[best] if best is not None else None

    def claim_span(self, trigger: int, unit: Unit) -> tuple[str | None, str | None, tuple[int, int] | None]:
        """claim() plus the quoted words' character span when the quotes step found them."""
        q = self._quote_at(trigger)
        if q is not None:
            return q.get("kind") or "direct", q.get("speaker"), (q["content_start"], q["content_end"])
        # Without the quotes component's help: an opening quote mark before the trigger in the
        # paragraph that is not closed before it.
        para_start = self.paras.start(trigger)
        before = self.text[max(para_start, unit.start_char - 400):trigger]
        for open_, close in QUOTE_PAIRS.items():
            if open_ == close:
                if before.count(open_) % 2 == 1:
                    return "direct", None, None
            elif before.rfind(open_) > before.rfind(close):
                return "direct", None, None
        return None, None, None


def _end(i: int, n: int) -> int:
    return n if i < 0 else i


def weekday_date(text: str, lang: str) -> str | None:
    """A year-less date with its weekday ("mercredi 24 mai", "Wednesday, May 24") has one year in
    the war's span where that day fell on that weekday; None when there is no such single year."""
    lex = {"fr": date_lex.FR, "en": date_lex.EN, "uk": date_lex.UK, "ru": date_lex.RU}.get(lang)
    if lex is None:
        return None
    words = re.findall(r"[\w’']+", text)
    low = [w.casefold() for w in words]
    wd = next((lex.weekdays[w] for w in low if w in lex.weekdays), None)
    month = next((lex.months[w] for w in words if w in lex.months), None) \
        or next((lex.months[w] for w in low if w in lex.months), None)
    day = next((int(w) for w in low if w.isdigit() and 1 <= int(w) <= 31), None)
    if wd is None or month is None or day is None:
        return None
    hits = []
    for year in range(WAR_DAY_ONE.year, date.today().year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if WAR_DAY_ONE <= d <= date.today() and d.weekday() == wd:
            hits.append(d)
    return hits[0].isoformat() if len(hits) == 1 else None
