"""When: the war-day counter, date expressions and the date a report is about.

Pure functions over text with exact character offsets (``text[m.start:m.end] == m.text``),
testable without spaCy. Language-specific words and templates are data in `lexicons.py`;
this module compiles them once per language and resolves matches against a reference date
(the report's own date), since "hier" or "у вівторок" only mean something relative to it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal, NamedTuple

from khronika.nlp.dates.kinds import Kind, can_date_event, is_deadline, kind_of
from khronika.nlp.dates.lexicons import LEXICONS, Lexicon
from khronika.nlp.dates.locator import locator, matches
from khronika.nlp.dates.patterns import HY as _HY
from khronika.nlp.dates.patterns import alt as _alt
from khronika.nlp.dates.patterns import lookup as _lookup
from khronika.nlp.dates.patterns import modifier as _modifier
from khronika.nlp.dates.patterns import phrase as _phrase
from khronika.nlp.dates.patterns import phrase_value as _phrase_value
from khronika.warday import WAR_DAY_ONE, date_to_day, day_to_date

__all__ = [
    "WAR_DAY_ONE",
    "DateMention",
    "DayOfWar",
    "can_date_event",
    "date_to_day",
    "day_of_war",
    "day_to_date",
    "find_dates",
    "find_day_of_war",
    "is_deadline",
    "report_date",
]

HEAD_LINES = 3          # the counter is trusted bare only in the title / first lines
MAX_DAY = 9999          # "Day 12345" is a typo or an id, not a war day
FUTURE_SLACK = timedelta(days=62)  # "le 23 mai" read in March is last May, not next
BODY_COUNTER_SLACK = timedelta(days=2)

Precision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class DayOfWar:
    day: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None          # YYYY-MM-DD; the first day of the period for week/month/year
    precision: Precision
    relative: bool             # resolved from ref (deictic: "hier", "last week", "у вівторок")
    duration: bool = False     # "depuis deux jours": value is where the period began
    kind: Kind | None = None   # "deadline" ("by June 1"), "plan" ("scheduled for"): not when it happened


# ---------------------------------------------------------------- day of war

def day_of_war(when: str | None, counter: int | None = None, day_one: date = WAR_DAY_ONE) -> int | None:
    """The document's war day: the counter the text states when it agrees with the document date
    `when` (or there is no date), else the day `when` falls on; None before day 1 or undated."""
    if counter is not None and (not when or when == day_to_date(counter, day_one).isoformat()):
        return counter
    try:
        day = date_to_day(date.fromisoformat(when[:10]), day_one) if when else None
    except ValueError:
        return None
    return day if day is not None and day >= 1 else None



def _n(name: str) -> str:
    return rf"(?P<{name}>\d{{1,4}})(?!\d)"

# What the counter counts. A qualified counter ("Day 454 of the war") is trusted anywhere;
# a bare one ("Day 3") only in the title, where it cannot be "day 3 of the summit".
_QUALIFIER = (
    r"(?P<q>\s+(?:"
    r"de\s+(?:la\s+)?(?:résistance|guerre|l['’]invasion(?:\s+à\s+grande\s+échelle)?)"
    r"|of\s+(?:the\s+)?(?:russia['’]s\s+)?(?:(?:full|large)[-\s]scale\s+)?(?:russian\s+)?"
    r"(?:invasion|war)(?:\s+(?:of|in|on|against)\s+ukraine)?"
    r"|(?:повномасштабної\s+)?війни|(?:повномасштабного\s+)?вторгнення|(?:героїчного\s+)?спротиву"
    r"|(?:полномасштабной\s+)?войны|(?:полномасштабного\s+)?вторжения|спецоперации|СВО"
    r"))?"
)
_DAY_OF_WAR = re.compile(
    r"(?<![\w-])(?:"
    rf"(?:jour|day|день)\s+{_n('n')}(?:{_HY}?(?:й|ий|ый|ій))?"              # Jour 454, День 454-й
    rf"|{_n('n2')}\s*(?:e|è|ème|eme|ᵉ|st|nd|rd|th|{_HY}?(?:й|ий|ый|ій))?\s+(?:jour|day|день)"  # 454e jour
    rf"){_QUALIFIER}(?!\w)",
    re.IGNORECASE,
)


def _head_end(text: str, lines: int = HEAD_LINES) -> int:
    """Offset just past the first `lines` non-blank lines (title, standfirst)."""
    seen = 0
    for m in re.finditer(r"[^\n]*\n?", text):
        if m.group().strip():
            seen += 1
            if seen >= lines:
                return m.end()
    return len(text)


def find_day_of_war(text: str) -> DayOfWar | None:
    """The war-day counter: first in the head lines, else the first qualified one in the body."""
    head = _head_end(text)
    for m in _DAY_OF_WAR.finditer(text):
        day = int(m.group("n") or m.group("n2"))
        if not 1 <= day <= MAX_DAY:
            continue
        if m.start() < head or m.group("q"):
            return DayOfWar(day=day, start=m.start(), end=m.end(), text=m.group())
    return None


# ---------------------------------------------------------------- compiling lexicons

class Resolved(NamedTuple):
    """What a date rule's match means."""
    value: str | None      # YYYY-MM-DD, None when it needs a reference date there is not
    precision: Precision
    relative: bool         # resolved from the report date ("hier", "last week")
    duration: bool         # "depuis deux jours": value is where the period began


Resolver = Callable[[re.Match[str], date | None], Resolved | None]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver


def _infer_year(month: int, day: int, ref: date | None) -> date | None:
    """A yearless date is in ref's year, unless that puts it well after ref (then last year)."""
    if ref is None:
        return None
    for year in (ref.year, ref.year - 1):
        try:
            when = date(year, month, day)
        except ValueError:  # 29 February outside a leap year
            continue
        if when <= ref + FUTURE_SLACK:
            return when
    return None


def _today() -> date:
    return date.today()


def _year_by_weekday(month: int, day: int, weekday: int | None, day_one: date = WAR_DAY_ONE) -> date | None:
    """The one date since `day_one` (and not after today) that is `day` `month` on `weekday`; None
    when there is none or more than one (a weekday and date recur every 5 to 11 years)."""
    if weekday is None:
        return None
    hits = []
    for year in range(day_one.year, _today().year + 1):
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        if day_one <= when <= _today() and when.weekday() == weekday:
            hits.append(when)
    return hits[0] if len(hits) == 1 else None


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, 1)


class _Resolvers:
    """What a match of each kind of rule means, for one language: the match and the report date
    `ref` -> a Resolved value, or None when the match is no date after all ("31 juin")."""

    def __init__(self, lang: str, lex: Lexicon):
        self.lang = lang
        self.lex = lex
        self.all_months = lex.months | lex.months_in | lex.months_year

    def day_of(self, m: re.Match[str], ref: date | None) -> Resolved | None:
        gd = m.groupdict()
        month = int(gd["mo"]) if gd.get("mo") else _lookup(self.all_months, gd["m"])
        day = int(gd["d"])
        if month is None or not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        if gd.get("y"):
            try:
                return Resolved(date(int(gd["y"]), month, day).isoformat(), "day", False, False)
            except ValueError:  # 31 June: not a date, so not a mention
                return None
        try:
            date(2000, month, day)  # reject 31 June even when the year is unknown
        except ValueError:
            return None
        when = _infer_year(month, day, ref)
        if when is None and gd.get("wdd"):   # "mardi 20 juin" in an undated report: its year
            when = _year_by_weekday(month, day, _lookup(self.lex.weekdays, gd["wdd"]))
        return Resolved((when.isoformat() if when else None), "day", False, False)

    def month_of(self, m: re.Match[str], ref: date | None) -> Resolved | None:
        month = _lookup(self.all_months, m.group("m"))
        if month is None:
            return None
        if m.groupdict().get("y"):
            return Resolved(date(int(m.group("y")), month, 1).isoformat(), "month", False, False)
        when = _infer_year(month, 1, ref)
        return Resolved((when.isoformat() if when else None), "month", False, False)

    def year_of(self, m: re.Match[str], ref: date | None) -> Resolved:
        return Resolved(f"{m.group('y')}-01-01", "year", False, False)

    def shift(self, table: dict[str, int], unit: Precision) -> Resolver:
        """"hier", "next week", "минулого місяця": `ref` moved by the phrase's count of `unit`s."""
        def resolve(m: re.Match[str], ref: date | None) -> Resolved:
            n = _phrase_value(table, m.group())
            if ref is None:
                return Resolved(None, unit, True, False)
            if unit == "week":
                when = _monday(ref) + timedelta(weeks=n)
            elif unit == "month":
                when = _add_months(ref, n)
            else:
                when = ref + timedelta(days=n)
            return Resolved(when.isoformat(), unit, True, False)
        return resolve

    def weekday_of(self, m: re.Match[str], ref: date | None) -> Resolved | None:
        lex = self.lex
        wd = _lookup(lex.weekdays, m.group("wd"))
        if wd is None:
            return None
        if ref is None:
            return Resolved(None, "day", True, False)
        gd = m.groupdict()
        direction = _modifier(lex.weekday_pre, gd["pre"]) or _modifier(lex.weekday_post, gd.get("post"))
        if direction is None and kind_of(m.string, m.start(), m.end(), self.lang) == "deadline":
            direction = "by"   # "by Friday", "d'ici vendredi": a limit ahead, not last week
        if direction == "next":  # the first such day strictly after ref
            when = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        elif direction == "by":  # the first such day from ref on (today included)
            when = ref + timedelta(days=(wd - ref.weekday()) % 7)
        elif direction in ("last", "since"):  # strictly before ref: "last Tuesday" on a Tuesday
            when = ref - timedelta(days=(ref.weekday() - wd) % 7 or 7)
        else:  # reports tell the past: the most recent such day, the report's own day included
            when = ref - timedelta(days=(ref.weekday() - wd) % 7)
        return Resolved(when.isoformat(), "day", True, False)

    def span_of(self, m: re.Match[str], ref: date | None) -> Resolved | None:
        gd = m.groupdict()
        if gd.get("n") is not None:
            n = int(gd["n"]) if gd["n"].isdigit() else _lookup(self.lex.numbers, gd["n"])
            unit = _lookup(self.lex.units, gd["u"])
            if n is None or unit is None:
                return None
            days = n * unit
        else:
            days = _phrase_value(self.lex.spans, m.group())
        when = ref - timedelta(days=days) if ref else None
        return Resolved((when.isoformat() if when else None), "day", True, True)

    def today_weekday(self, m: re.Match[str], ref: date | None) -> Resolved:
        # "aujourd'hui mardi": the weekday names today, not last week's Tuesday.
        return Resolved((ref.isoformat() if ref else None), "day", True, False)


def _fill(lex: Lexicon) -> dict[str, str]:
    """The {KEY} pieces of the lexicon's templates as named regex groups."""
    def months(table: dict[str, int]) -> str:
        alternation = _alt(list(table), words=True)
        return f"(?-i:{alternation})" if lex.month_case_sensitive else alternation

    return {
        "D": r"(?P<d>[0-3]?\d)", "Y": r"(?P<y>(?:19|20)\d\d)(?!\d)", "ORD": lex.ordinal,
        # A range "22-23 mai" / "du 22 au 23 mai" is resolved to its first day.
        "R": rf"(?:(?:\s*{_HY}\s*|\s+(?:au|et|and|to|і|й|та|и|по|до)\s+)[0-3]?\d{lex.ordinal})?",
        "M": f"(?P<m>{months(lex.months)})", "MI": f"(?P<m>{months(lex.months_in)})",
        "MY": f"(?P<m>{months(lex.months_year)})", "WD": f"(?P<wdd>{_alt(list(lex.weekdays), words=True)})",
    }


def _compile(template: str, fill: dict[str, str]) -> re.Pattern[str]:
    body = template
    for key in sorted(fill, key=len, reverse=True):  # {MY} before {M}
        body = body.replace("{" + key + "}", fill[key])
    # Whole words only: no "hier" in "hierarchie", no "mai" in "maison".
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _templates(lex: Lexicon, r: _Resolvers) -> list[tuple[str, Resolver]]:
    """Every rule of one language: its regex template and what a match of it means."""
    wd_alt = _alt(list(lex.weekdays), words=True)
    pre = _alt(list(lex.weekday_pre), words=False)
    rules: list[tuple[str, Resolver]] = [
        *((t, r.day_of) for t in lex.day_month + lex.numeric),
        *((t, r.month_of) for t in lex.month),
        *((t, r.year_of) for t in lex.year),
        (_alt(list(lex.days), words=False), r.shift(lex.days, "day")),
        (_alt(list(lex.weeks), words=False), r.shift(lex.weeks, "week")),
        (_alt(list(lex.month_words), words=False), r.shift(lex.month_words, "month")),
        (rf"(?:(?P<pre>{pre})\s+)?(?P<wd>{wd_alt})"
         + (rf"(?:\s+(?P<post>{_alt(list(lex.weekday_post), words=False)}))?" if lex.weekday_post else ""),
         r.weekday_of),
        (rf"{_phrase(lex.today)}\s*,?\s+(?:{pre}\s+)?{wd_alt}", r.today_weekday),
    ]
    if lex.spans:
        rules.append((_alt(list(lex.spans), words=False), r.span_of))
    if lex.span_template:
        numbers = _alt(list(lex.numbers), words=True)
        units = _alt(list(lex.units), words=True)
        rules.append((lex.span_template.replace("{N}", rf"(?P<n>\d{{1,3}}|{numbers})")
                      .replace("{U}", f"(?P<u>{units})"), r.span_of))
    return rules


@cache
def _rules(lang: str) -> tuple[_Rule, ...]:
    lex: Lexicon = LEXICONS[lang]
    fill = _fill(lex)
    return tuple(_Rule(_compile(t, fill), resolve) for t, resolve in _templates(lex, _Resolvers(lang, lex)))


# ---------------------------------------------------------------- finding dates

@cache
def _locator(lang: str) -> re.Pattern[str]:
    return locator(tuple(r.pattern for r in _rules(lang)))


def _languages(lang: str | None) -> list[str]:
    """"fr-FR" -> ["fr"]; an unknown language is read with every lexicon (scripts rarely clash)."""
    code = (lang or "").lower()[:2]
    return [code] if code in LEXICONS else list(LEXICONS)


def find_dates(text: str, lang: str | None, ref: date | None = None) -> list[DateMention]:
    """Every date expression in `text`, in order, resolved against the report date `ref`.

    Overlapping candidates are settled explicit first ("mardi 23 mai" over "aujourd'hui mardi"),
    then longest first ("avant-hier" over "hier", "23 mai 2023" over "mai 2023"). Without `ref`, relative expressions and yearless dates keep value None.
    """
    found: list[DateMention] = []
    for code in _languages(lang):
        starts = [m.start() for m in _locator(code).finditer(text)]
        for rule in _rules(code):
            for m in matches(rule.pattern, text, starts):
                resolved = rule.resolve(m, ref)
                if resolved is None:
                    continue
                value, precision, relative, duration = resolved
                found.append(DateMention(m.start(), m.end(), m.group(), value, precision,
                                         relative, duration, kind_of(text, m.start(), m.end(), code)))
    kept: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(found, key=lambda d: (d.relative, d.start - d.end, d.start)):
        if all(cand.end <= s or cand.start >= e for s, e in taken):
            kept.append(cand)
            taken.append((cand.start, cand.end))
    return sorted(kept, key=lambda d: d.start)


def _parse_day(value: str | None) -> date | None:
    """'2023-05-23' or '2023-05-23T10:00:00Z' -> date; anything else -> None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


LEAD_CHARS = 400


def report_date(text: str, lang: str | None, published: str | None,
                day_one: date = WAR_DAY_ONE) -> tuple[str | None, int | None]:
    """(the date the report is about, its war-day counter) — the counter wins, then an
    explicit full date on the first line, then `published`.

    day_of_war is only ever the counter the text states (None otherwise): callers wanting a
    derived number can use `date_to_day`.
    """
    pub = _parse_day(published)
    counter = find_day_of_war(text)
    if counter is not None:
        when = day_to_date(counter.day, day_one)
        # A counter in the body ("the 100th day of the war") may be a look back: only
        # trust it over the publication date when the two agree.
        if counter.start < _head_end(text) or pub is None or abs(when - pub) <= BODY_COUNTER_SLACK:
            return when.isoformat(), counter.day
    first = next((line for line in text.splitlines() if line.strip()), "")
    for mention in find_dates(first, lang, pub):
        if mention.precision == "day" and not mention.relative and mention.value and not mention.kind:
            return mention.value, None
    if pub:
        return pub.isoformat(), None
    # No counter, no dated headline, no metadata: a dateline ("KHARKIV, May 24, 2023 —") in the
    # lead. Without a reference date only fully written dates resolve, so a bare "23 мая" can't mislead.
    for mention in find_dates(text[:LEAD_CHARS], lang, None):
        if mention.precision == "day" and not mention.relative and mention.value and not mention.kind:
            return mention.value, None
    return None, None
