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
from typing import Literal

from khronika.nlp.dates.kinds import Kind, can_date_event, is_deadline, kind_of
from khronika.nlp.dates.lexicons import LEXICONS, Lexicon

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

WAR_DAY_ONE = date(2022, 2, 24)  # day 1 of the full-scale invasion: "Jour 454" = 2023-05-23
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

def day_to_date(day: int, day_one: date = WAR_DAY_ONE) -> date:
    """Day 1 is `day_one` itself."""
    return day_one + timedelta(days=day - 1)


def date_to_day(when: date, day_one: date = WAR_DAY_ONE) -> int:
    return (when - day_one).days + 1


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

_HY = r"[-‑–]"
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

_APOS = "['’ʼ]"


def _norm(form: str) -> str:
    """Lookup key of a matched word: lower case, one apostrophe, single spaces."""
    return re.sub(r"\s+", " ", re.sub(_APOS, "'", form.lower()))


def _phrase(p: str) -> str:
    """A lexicon phrase as a regex: any whitespace, hyphen or apostrophe variant."""
    return p.replace("'", _APOS).replace("-", _HY).replace(" ", r"\s+")


def _alt(keys: list[str], *, words: bool) -> str:
    """Alternation, longest first so "avant-hier" is tried before "hier"."""
    parts = sorted(keys, key=len, reverse=True)
    if words:
        parts = [re.escape(k).replace("'", _APOS) for k in parts]
    else:
        parts = [_phrase(k) for k in parts]
    return "(?:" + "|".join(parts) + ")"


Resolver = Callable[[re.Match[str], date | None], tuple[str | None, Precision, bool, bool] | None]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver


def _lookup(table: dict[str, int], form: str) -> int | None:
    """Form -> value, whatever its case (the regex already enforced case where it matters)."""
    key = _norm(form)
    for k, v in table.items():
        if _norm(k) == key:
            return v
    return None


def _phrase_value(table: dict[str, int], matched: str) -> int:
    """Which phrase of `table` matched: the value of the first phrase that fully matches."""
    for key, value in table.items():
        if re.fullmatch(_phrase(key), matched, re.IGNORECASE):
            return value
    raise LookupError(matched)  # cannot happen: the rule was built from these keys


def _modifier(table: dict[str, str | None], matched: str | None) -> str | None:
    if not matched:
        return None
    for key, value in table.items():
        if re.fullmatch(_phrase(key), matched, re.IGNORECASE):
            return value
    return None


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


@cache
def _rules(lang: str) -> tuple[_Rule, ...]:
    lex: Lexicon = LEXICONS[lang]
    flags = re.IGNORECASE

    def months(table: dict[str, int]) -> str:
        alt = _alt(list(table), words=True)
        return f"(?-i:{alt})" if lex.month_case_sensitive else alt

    wd_alt = _alt(list(lex.weekdays), words=True)
    all_months = lex.months | lex.months_in | lex.months_year
    fill = {
        "D": r"(?P<d>[0-3]?\d)", "Y": r"(?P<y>(?:19|20)\d\d)(?!\d)", "ORD": lex.ordinal,
        # A range "22-23 mai" / "du 22 au 23 mai" is resolved to its first day.
        "R": rf"(?:(?:\s*{_HY}\s*|\s+(?:au|et|and|to|і|й|та|и|по|до)\s+)[0-3]?\d{lex.ordinal})?",
        "M": f"(?P<m>{months(lex.months)})", "MI": f"(?P<m>{months(lex.months_in)})",
        "MY": f"(?P<m>{months(lex.months_year)})", "WD": f"(?P<wdd>{wd_alt})",
    }

    def compile_(template: str) -> re.Pattern[str]:
        body = template
        for key in sorted(fill, key=len, reverse=True):  # {MY} before {M}
            body = body.replace("{" + key + "}", fill[key])
        # Whole words only: no "hier" in "hierarchie", no "mai" in "maison".
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)

    def day_of(m: re.Match[str], ref: date | None) -> tuple[str | None, Precision, bool, bool] | None:
        gd = m.groupdict()
        month = int(gd["mo"]) if gd.get("mo") else _lookup(all_months, gd["m"])
        day = int(gd["d"])
        if month is None or not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        if gd.get("y"):
            try:
                return date(int(gd["y"]), month, day).isoformat(), "day", False, False
            except ValueError:  # 31 June: not a date, so not a mention
                return None
        try:
            date(2000, month, day)  # reject 31 June even when the year is unknown
        except ValueError:
            return None
        when = _infer_year(month, day, ref)
        if when is None and gd.get("wdd"):   # "mardi 20 juin" in an undated report: its year
            when = _year_by_weekday(month, day, _lookup(lex.weekdays, gd["wdd"]))
        return (when.isoformat() if when else None), "day", False, False

    def month_of(m: re.Match[str], ref: date | None) -> tuple[str | None, Precision, bool, bool] | None:
        month = _lookup(all_months, m.group("m"))
        if month is None:
            return None
        if m.groupdict().get("y"):
            return date(int(m.group("y")), month, 1).isoformat(), "month", False, False
        when = _infer_year(month, 1, ref)
        return (when.isoformat() if when else None), "month", False, False

    def year_of(m: re.Match[str], ref: date | None) -> tuple[str | None, Precision, bool, bool]:
        return f"{m.group('y')}-01-01", "year", False, False

    def shift(table: dict[str, int], unit: Precision) -> Resolver:
        def resolve(m: re.Match[str], ref: date | None) -> tuple[str | None, Precision, bool, bool]:
            n = _phrase_value(table, m.group())
            if ref is None:
                return None, unit, True, False
            if unit == "week":
                when = _monday(ref) + timedelta(weeks=n)
            elif unit == "month":
                when = _add_months(ref, n)
            else:
                when = ref + timedelta(days=n)
            return when.isoformat(), unit, True, False
        return resolve

    def weekday_of(m: re.Match[str], ref: date | None) -> tuple[str | None, Precision, bool, bool] | None:
        wd = _lookup(lex.weekdays, m.group("wd"))
        if wd is None:
            return None
        if ref is None:
            return None, "day", True, False
        gd = m.groupdict()
        direction = _modifier(lex.weekday_pre, gd["pre"]) or _modifier(lex.weekday_post, gd.get("post"))
        if direction is None and kind_of(m.string, m.start(), m.end(), lang) == "deadline":
            direction = "by"   # "by Friday", "d'ici vendredi": a limit ahead, not last week
        if direction == "next":  # the first such day strictly after ref
            when = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        elif direction == "by":  # the first such day from ref on (today included)
            when = ref + timedelta(days=(wd - ref.weekday()) % 7)
        elif direction in ("last", "since"):  # strictly before ref: "last Tuesday" on a Tuesday
            when = ref - timedelta(days=(ref.weekday() - wd) % 7 or 7)
        else:  # reports tell the past: the most recent such day, the report's own day included
            when = ref - timedelta(days=(ref.weekday() - wd) % 7)
        return when.isoformat(), "day", True, False

    def span_of(m: re.Match[str], ref: date | None) -> tuple[str | None, Precision, bool, bool] | None:
        gd = m.groupdict()
        if gd.get("n") is not None:
            n = int(gd["n"]) if gd["n"].isdigit() else _lookup(lex.numbers, gd["n"])
            unit = _lookup(lex.units, gd["u"])
            if n is None or unit is None:
                return None
            days = n * unit
        else:
            days = _phrase_value(lex.spans, m.group())
        when = ref - timedelta(days=days) if ref else None
        return (when.isoformat() if when else None), "day", True, True

    def today_weekday(m: re.Match[str], ref: date | None) -> tuple[str | None, Precision, bool, bool]:
        # "aujourd'hui mardi": the weekday names today, not last week's Tuesday.
        return (ref.isoformat() if ref else None), "day", True, False

    pre = _alt(list(lex.weekday_pre), words=False)
    rules: list[tuple[str, Resolver]] = [
        *((t, day_of) for t in lex.day_month + lex.numeric),
        *((t, month_of) for t in lex.month),
        *((t, year_of) for t in lex.year),
        (_alt(list(lex.days), words=False), shift(lex.days, "day")),
        (_alt(list(lex.weeks), words=False), shift(lex.weeks, "week")),
        (_alt(list(lex.month_words), words=False), shift(lex.month_words, "month")),
        (rf"(?:(?P<pre>{pre})\s+)?(?P<wd>{wd_alt})"
         + (rf"(?:\s+(?P<post>{_alt(list(lex.weekday_post), words=False)}))?" if lex.weekday_post else ""),
         weekday_of),
        (rf"{_phrase(lex.today)}\s*,?\s+(?:{pre}\s+)?{wd_alt}", today_weekday),
    ]
    if lex.spans:
        rules.append((_alt(list(lex.spans), words=False), span_of))
    if lex.span_template:
        numbers = _alt(list(lex.numbers), words=True)
        units = _alt(list(lex.units), words=True)
        rules.append((lex.span_template.replace("{N}", rf"(?P<n>\d{{1,3}}|{numbers})")
                      .replace("{U}", f"(?P<u>{units})"), span_of))
    return tuple(_Rule(compile_(t), r) for t, r in rules)


# ---------------------------------------------------------------- finding dates

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
        for rule in _rules(code):
            for m in rule.pattern.finditer(text):
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
