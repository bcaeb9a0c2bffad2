"""Document structure as pure functions over the text: title, sections, programme episodes.

Everything carries exact character offsets into the text it was given: for a stored string
``s`` with offsets ``start``/``end``, ``text[start:end] == s``. Section spans are wider: they run
from the heading through the end of the section's last non-blank character.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "Episode",
    "Guest",
    "Section",
    "Span",
    "find_episodes",
    "find_sections",
    "find_title",
]

MAX_HEADING = 120
MAX_TITLE = 160
MAX_EPISODE_HEADING = 220
MAX_SHOW_WORDS = 8


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    heading: str
    start: int  # start of the heading line (with any markdown "#" marks)
    end: int  # end of the section's last non-blank character
    heading_start: int
    heading_end: int

    def to_contract(self) -> dict[str, Any]:
        return {"heading": self.heading, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Guest:
    name: str
    role: str | None
    name_start: int
    name_end: int
    role_start: int | None = None
    role_end: int | None = None


@dataclass(frozen=True)
class Episode:
    show: str
    number: str  # digits only
    title: str | None
    start: int  # the heading line (stripped)
    end: int
    show_start: int
    show_end: int
    guests: list[Guest] = field(default_factory=list)

    def to_contract(self, entities: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The contract's episode object; ``entities`` maps a guest name to its entity id."""
        ids = entities or {}
        return {
            "show": self.show,
            "number": self.number,
            "title": self.title,
            "guests": [{"name": g.name, "entity": ids.get(g.name), "role": g.role} for g in self.guests],
        }


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    text: str  # the line stripped of surrounding whitespace ("" when blank)
    start: int  # offsets of ``text``
    end: int


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = (raw.splitlines() or [""])[0]  # without its line break
        stripped = body.strip()
        start = pos + (len(body) - len(body.lstrip())) if stripped else pos
        out.append(_Line(stripped, start, start + len(stripped)))
        pos += len(raw)
    return out


def _blank_before(lines: list[_Line], i: int) -> bool:
    return i == 0 or not lines[i - 1].text


_MD_HEADING = re.compile(r"#{1,6}[ \t]+(?P<h>.*?)(?:[ \t]+#+)?[ \t]*$")
_BULLET = re.compile(r"[•\-*–—·▪◦‣][ \t]+(?P<item>\S.*)$")
_GUESTS = re.compile(
    r"(?:\*\*|__)?\s*(?:invité\(e\)s|invitée?s?|guests?|гості|гість|гости|гость|участники|учасники)"
    r"\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?",
    re.IGNORECASE,
)
_CLOSERS = "\"'”’»)]"


def _markdown(line: _Line) -> Span | None:
    """The text of a markdown ``#`` heading line, without the ``#`` marks."""
    m = _MD_HEADING.match(line.text)
    if not m or not m.group("h"):
        return None
    return Span(m.group("h"), line.start + m.start("h"), line.start + m.end("h"))


def _starts_upper(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            return ch.isupper() or ch.lower() == ch.upper()  # caseless scripts pass
        if ch.isdigit():
            return True
    return False


def _looks_like_heading(lines: list[_Line], i: int, max_len: int) -> bool:
    """A short stand-alone line without the final punctuation of prose."""
    t = lines[i].text
    if not t or len(t) > max_len or not _blank_before(lines, i):
        return False
    if _BULLET.match(t) or _GUESTS.fullmatch(t) or sum(ch.isalpha() for ch in t) < 2:
        return False
    if t.rstrip(_CLOSERS)[-1:] in (".", ",", ";", ":", "-", "—", "–"):
        return False
    if not _starts_upper(t):
        return False
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    if nxt and not _BULLET.match(nxt):
        # followed directly by a paragraph, not a hard-wrapped prose line continuing
        if not _starts_upper(nxt) or len(t) >= 0.7 * len(nxt):
            return False
    return True


# --------------------------------------------------------------------------- title, sections


def find_title(text: str) -> Span | None:
    """The first non-empty line when it looks like a headline."""
    lines = _lines(text)
    for i, line in enumerate(lines):
        if not line.text:
            continue
        md = _markdown(line)
        if md:
            return md
        if _looks_like_heading(lines, i, MAX_TITLE):
            return Span(line.text, line.start, line.end)
        return None
    return None


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def find_sections(text: str, known_headings: Iterable[str] | None = None) -> list[Section]:
    """Headings (title line, markdown, known, episode and plain short lines) and their spans."""
    lines = _lines(text)
    known = {_norm(h) for h in known_headings or () if h.strip()}
    title = find_title(text)
    episode_lines = {(e.start, e.end) for e in find_episodes(text)}
    heads: list[tuple[int, Span]] = []  # (line start, heading)
    for i, line in enumerate(lines):
        if not line.text:
            continue
        head: Span | None = None
        if title and line.start <= title.start <= line.end:
            head = title
        elif md := _markdown(line):
            head = md
        elif _norm(line.text) in known or (line.start, line.end) in episode_lines:
            head = Span(line.text, line.start, line.end)
        elif _looks_like_heading(lines, i, MAX_HEADING):
            head = Span(line.text, line.start, line.end)
        if head:
            heads.append((line.start, head))
    sections: list[Section] = []
    for k, (start, h) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(text)
        while end > h.end and text[end - 1].isspace():
            end -= 1
        sections.append(Section(h.text, start, end, h.start, h.end))
    return sections


# --------------------------------------------------------------------------- episodes

_WORD_MARK = r"(?:épisode|episode|випуск|выпуск|серія|серия)"
_SYMBOL_MARK = r"(?:#|№|n[°º]|no\.?(?=\s*\d))"
_EPISODE = re.compile(
    rf"(?P<prefix>.*?)\(?(?<!\w)(?:(?P<word>{_WORD_MARK})\s*{_SYMBOL_MARK}?|{_SYMBOL_MARK})\s*"
    r"(?P<number>\d{1,5})\)?(?:\s*[:–—|-]\s*(?P<after>\S.*?))?\s*\.?",
    re.IGNORECASE,
)
# what ends a leading title before the show name: "?", "!", ":", ". ", " – ", " — ", " | ", " - "
_TITLE_END = re.compile(r"[?!]|:(?=\s)|\.(?=\s)|\s[–—|-](?=\s)")
_QUOTES = "\"'«»“”„"
_TRIM = " \t,;:(–—-"


def _split_show(line: _Line, pstart: int, pend: int) -> tuple[str | None, int, int]:
    """(leading title, show start, show end) from the text before the episode number."""
    text = line.text
    junk = _TRIM + _QUOTES
    while pend > pstart and text[pend - 1] in junk + ".":  # "Show. Випуск 7", "Show: #7"
        pend -= 1
    title = None
    seps = list(_TITLE_END.finditer(text, pstart, pend))
    if seps:
        sep = seps[-1]
        keep = sep.group() in "?!"  # a question keeps its mark; other separators go
        title = text[pstart : sep.end() if keep else sep.start()].strip() or None
        pstart = sep.end()
    while pstart < pend and text[pstart] in junk:
        pstart += 1
    while pend > pstart and text[pend - 1] in junk:
        pend -= 1
    return title, pstart, pend


@dataclass(frozen=True)
class _Candidate:
    index: int
    episode: Episode
    strong: bool  # an episode word ("épisode", "випуск"), not just "#"/"№"


def _candidates(lines: list[_Line]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for i, line in enumerate(lines):
        md = _markdown(line)
        head = _Line(md.text, md.start, md.end) if md else line
        if not head.text or len(head.text) > MAX_EPISODE_HEADING or not (md or _blank_before(lines, i)):
            continue
        if _BULLET.match(head.text):
            continue
        m = _EPISODE.fullmatch(head.text)
        if not m:
            continue
        title, s, e = _split_show(head, m.start("prefix"), m.end("prefix"))
        show = head.text[s:e]
        words = show.split()
        if not words or len(words) > MAX_SHOW_WORDS or not _starts_upper(show):
            continue
        if title is None and m.group("after"):
            title = m.group("after")
        ep = Episode(
            show=show,
            number=m.group("number"),
            title=title,
            start=head.start,
            end=head.end,
            show_start=head.start + s,
            show_end=head.start + e,
        )
        out.append(_Candidate(i, ep, strong=bool(m.group("word")) or len(words) >= 2))
    return out


def _parse_guest(line: _Line) -> Guest | None:
    m = _BULLET.match(line.text)
    if not m:
        return None
    item, base = m.group("item"), line.start + m.start("item")
    cut = re.search(r",|\s[–—]\s", item)
    name_part = item[: cut.start()] if cut else item
    name = name_part.strip()
    if not name:
        return None
    name_start = base + (len(name_part) - len(name_part.lstrip()))
    role = role_start = role_end = None
    if cut:
        rest = item[cut.end() :]
        if rest.strip():
            role = rest.strip()
            role_start = base + cut.end() + (len(rest) - len(rest.lstrip()))
            role_end = role_start + len(role)
    return Guest(name, role, name_start, name_start + len(name), role_start, role_end)


def _guests(lines: list[_Line], first: int, last: int) -> list[Guest]:
    """Bullet lines after the first guests label in ``lines[first:last]``."""
    j = next((k for k in range(first, last) if _GUESTS.fullmatch(lines[k].text)), None)
    if j is None:
        return []
    guests: list[Guest] = []
    for line in lines[j + 1 : last]:
        if not line.text:
            continue
        guest = _parse_guest(line)
        if guest is None:
            break
        guests.append(guest)
    return guests


def find_episodes(text: str) -> list[Episode]:
    """Programme listings: "<title ?> <Show> #26" heading lines and their guest lists."""
    lines = _lines(text)
    cands = _candidates(lines)
    episodes: list[Episode] = []
    for k, c in enumerate(cands):
        last = cands[k + 1].index if k + 1 < len(cands) else len(lines)
        guests = _guests(lines, c.index + 1, last)
        if not c.strong and not guests:
            continue  # "Day #454", "Закон №9123": a lone "#"/"№" after one word is not a show
        episodes.append(replace(c.episode, guests=guests))
    return episodes
