"""What a date mention is for: when something happened, or a limit or plan it is held to.

"would hand the city over by June 1", "d'ici le 1er juin", "до 1 червня", "к 1 июня": the date
is a deadline, "scheduled for June 10" a plan. Neither says when anything happened, so no event
may take its date from them (`can_date_event`). The cue words are data in `lexicons.py`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal

from khronika.nlp.dates.lexicons import LEXICONS

Kind = Literal["deadline", "plan"]
KINDS: tuple[str, ...] = ("deadline", "plan")
EVENT_PRECISIONS = ("day", "week", "month")
CUE_WINDOW = 48          # characters before a mention searched for its cue
# A report tells what happened up to its date; a date after it is a forecast or a plan. One day
# of slack: a digest dated by its counter may already tell of the following night.
FUTURE_SLACK = timedelta(days=1)

_APOS = "['’ʼ]"
_HY = r"[-‑–]"
_POSSESSIVE = re.compile(r"['’]s\b")
_ARTICLE = r"(?:(?:le|la|les|l['’ʼ]|the|du|au|a|an)\s*)?"


def _phrase(p: str) -> str:
    return p.replace("'", _APOS).replace("-", _HY).replace(" ", r"\s+")


def _alt(phrases: list[str]) -> str:
    return "(?:" + "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


@cache
def _cues(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None,
                              re.Pattern[str] | None, re.Pattern[str] | None]:
    """(deadline cue ending right before a mention, deadline cue opening the mention itself,
    cue right after it, plan cue before it)."""
    lex = LEXICONS[lang]
    flags = re.IGNORECASE
    before = opening = after = plan = None
    if lex.deadline:
        cues = _alt(lex.deadline)
        before = re.compile(rf"(?<![\w-]){cues}\s*{_ARTICLE}$", flags)
        # uk/ru templates take the preposition into the match: "до 1 червня" is one mention.
        opening = re.compile(rf"^{cues}\s", flags)
    if lex.deadline_after:
        after = re.compile(lex.deadline_after, flags)
    if lex.plan:
        plan = re.compile(rf"(?<![\w-]){_alt(lex.plan)}\s*{_ARTICLE}(?:on\s+|le\s+)?$", flags)
    return before, opening, after, plan


def _langs(lang: str | None) -> list[str]:
    code = (lang or "").lower()[:2]
    return [code] if code in LEXICONS else list(LEXICONS)


def kind_of(text: str, start: int, end: int, lang: str | None) -> Kind | None:
    """"deadline", "plan" or None (a date something happened on) for the mention text[start:end]."""
    head = text[max(0, start - CUE_WINDOW):start]
    mention = text[start:end]
    possessive = _POSSESSIVE.match(text, end) is not None
    for code in _langs(lang):
        before, opening, after, plan = _cues(code)
        if after and after.match(text, end):
            return "deadline"
        # "hit by Tuesday's strike": a possessive date names a happening, whatever precedes it.
        if not possessive and ((before and before.search(head)) or (opening and opening.match(mention))):
            return "deadline"
        if plan and plan.search(head):
            return "plan"
    return None


def _get(m: Any, key: str) -> Any:
    return m.get(key) if isinstance(m, Mapping) else getattr(m, key, None)


def is_deadline(m: Any) -> bool:
    """Whether a date mention (a DateMention or its dict in doc._.khr_dates) is a deadline."""
    return _get(m, "kind") == "deadline"


def can_date_event(m: Any, ref: date | str | None = None) -> bool:
    """Whether an event may take its date from this mention (DateMention or dict): not a deadline
    or plan, not a duration ("depuis deux jours"), a day/week/month, and not after the report
    date `ref` (beyond a day's slack) — a later date is what is expected, not what happened."""
    if _get(m, "kind") in KINDS or _get(m, "duration") or _get(m, "precision") not in EVENT_PRECISIONS:
        return False
    value, ref_day = _get(m, "value"), _as_date(ref)
    if value and ref_day is not None:
        when = _as_date(value)
        if when is not None and when > ref_day + FUTURE_SLACK:
            return False
    return True


def _as_date(value: date | str | None) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
