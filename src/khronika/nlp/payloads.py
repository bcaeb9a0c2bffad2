"""The shapes of the `doc._.khr_*` attributes the components pass to each other.

Values stay plain dicts and lists (a Doc crosses processes as msgpack under `nlp.pipe(n_process=2)`),
so the shapes are TypedDicts: documentation the type checker reads. Which component writes and
which reads each attribute is declared on its factory (`assigns=` / `requires=`) and listed in
`extensions.DOC_ATTRS`. Quotes and events are contract objects (schema/khronika.schema.json),
checked where a document leaves the pipeline.
"""
from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from khronika.nlp.dates import Precision
from khronika.nlp.dates.kinds import Kind


class Meta(TypedDict):
    """doc._.khr_meta: the ingest metadata (nlp/analyze.py `_make_doc`)."""
    id: str | None
    title: str | None
    url: str | None
    published: str | None       # YYYY-MM-DD as given
    language: str | None
    source: str | None
    headings: list[str]         # heading lines known from HTML/Markdown


class DayPayload(TypedDict):
    """doc._.khr_day: the war-day counter the text states (dates.DayOfWar)."""
    day: int
    start: int
    end: int
    text: str


class DatePayload(TypedDict):
    """One of doc._.khr_dates (dates.DateMention)."""
    start: int
    end: int
    text: str
    value: str | None
    precision: Precision
    relative: bool
    duration: bool
    kind: Kind | None


class TitlePayload(TypedDict):
    """doc._.khr_title (structure.Span)."""
    text: str
    start: int
    end: int


class SectionPayload(TypedDict):
    """One of doc._.khr_sections (structure.Section)."""
    heading: str
    start: int
    end: int
    heading_start: int
    heading_end: int


class GuestPayload(TypedDict):
    name: str
    role: str | None
    name_start: int
    name_end: int
    role_start: int | None
    role_end: int | None


class EpisodePayload(TypedDict):
    """One of doc._.khr_episodes (structure.Episode)."""
    show: str
    number: str
    title: str | None
    start: int
    end: int
    show_start: int
    show_end: int
    guests: list[GuestPayload]


class MentionPayload(TypedDict):
    start: int
    end: int
    text: str
    role_only: NotRequired[bool]    # internal: the person named by a title alone ("porte-parole du Kremlin")


class EntityPayload(TypedDict):
    """One of doc._.khr_entities: the contract entity (linker, then geocoder) plus the internal
    keys later steps read; nlp/assemble.py keeps only the contract's keys."""
    id: str
    type: str                   # PERSON, ORG, UNIT, PLACE, ...
    name: str
    wikidata: str | None
    roles: list[str]
    geo: dict[str, Any] | None  # the contract's geo object (geocoder)
    mentions: list[MentionPayload]
    gender: str | None          # internal: "m"/"f" from the KB or the name, for speaker agreement
    metonymy: NotRequired[bool]  # internal: a place standing for its government ("Kyiv said")


QuotePayload = dict[str, Any]   # one of doc._.khr_quotes: a contract quote
EventPayload = dict[str, Any]   # one of doc._.khr_events: a contract event plus trigger/figures/claims
