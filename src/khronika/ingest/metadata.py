"""Checks on what a document carries besides its text: ids, titles, URLs, sources, languages.

Metadata travels with every quote and event the API lists, so an unbounded title (one test
document had 3.5 MB of it) makes every page that cites the document huge. Fields are capped
here, once, for every way in (JSON Lines, JSON, HTML, feeds, HTTP): an over-long title or
source is cut, an over-long or broken URL or language is dropped, each with a warning. Ids are
names other systems use (URLs, HTTP headers, file names): one that cannot be used safely is
refused, never silently changed.
"""
from __future__ import annotations

import re

from .model import IngestProblem

MAX_ID_CHARS = 500
MAX_TITLE_CHARS = 500
MAX_SOURCE_CHARS = 200
MAX_URL_CHARS = 2048
MAX_LANGUAGE_CHARS = 20

# C0/C1 controls (CR and LF included: an id ends up in a Location header) and surrogates.
_BAD_ID_CHAR = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# A lone surrogate cannot be encoded as UTF-8: the store, the language detector and the NLP
# pipeline would each fail on it later, far from the line that caused it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*")


def describe_char(text: str, index: int) -> str:
    return f"{text[index]!r} at character {index}".replace("'", "")


def check_id(value: str) -> str:
    """`value` if it can serve as a document id; IngestProblem otherwise."""
    if len(value) > MAX_ID_CHARS:
        raise IngestProblem(f"\"id\" is {len(value)} characters long, over the limit of {MAX_ID_CHARS}")
    bad = _BAD_ID_CHAR.search(value)
    if bad:
        raise IngestProblem(f"\"id\" holds a control character or a lone surrogate ({describe_char(value, bad.start())}); "
                            "ids must be printable text")
    return value


def check_text(text: str, id: str | None = None) -> str:
    """`text` if it is valid Unicode without NUL characters; IngestProblem otherwise."""
    bad = _SURROGATE.search(text)
    if bad:
        raise IngestProblem(f"\"text\" holds a lone surrogate ({describe_char(text, bad.start())}), "
                            "which is not valid Unicode", id=id)
    nul = text.find("\x00")
    if nul >= 0:
        raise IngestProblem(f"\"text\" holds a NUL character (at character {nul})", id=id)
    return text


def _unusable(value: str) -> str | None:
    if _SURROGATE.search(value):
        return "holds a lone surrogate"
    if "\x00" in value:
        return "holds a NUL character"
    return None


def cap_title(value: str | None, warnings: list[str], key: str = "title", limit: int = MAX_TITLE_CHARS) -> str | None:
    """A title or source as given, cut to `limit` characters (with a warning) when longer."""
    if value is None:
        return None
    problem = _unusable(value)
    if problem:
        warnings.append(f"\"{key}\" {problem}: dropped")
        return None
    if len(value) > limit:
        warnings.append(f"\"{key}\" is {len(value)} characters long: cut to {limit}")
        return value[:limit - 1].rstrip() + "…"
    return value


def cap_source(value: str | None, warnings: list[str]) -> str | None:
    return cap_title(value, warnings, "source", MAX_SOURCE_CHARS)


def cap_url(value: str | None, warnings: list[str]) -> str | None:
    """A URL as given, or None (with a warning) when it is too long or not one line of text:
    a cut URL would point somewhere else."""
    if value is None:
        return None
    problem = _unusable(value) or (
        f"is {len(value)} characters long, over the limit of {MAX_URL_CHARS}" if len(value) > MAX_URL_CHARS else None)
    if problem is None and _BAD_ID_CHAR.search(value):
        problem = "holds control characters"
    if problem:
        warnings.append(f"\"url\" {problem}: dropped")
        return None
    return value


def check_language(value: str | None, warnings: list[str]) -> str | None:
    """A language code ("fr", "en", "pt-br"), lowercased; anything else is dropped with a
    warning (the language is then detected from the text)."""
    if value is None:
        return None
    code = value.strip().lower()
    if len(code) <= MAX_LANGUAGE_CHARS and _LANGUAGE.fullmatch(code):
        return code
    shown = value if len(value) <= 40 else value[:40] + "…"
    warnings.append(f"\"language\" {shown!r} is not a language code: dropped, the language is detected instead")
    return None
