"""Pydantic models describing the API's bodies, for OpenAPI (/openapi.json and /docs).

Endpoints return ready-made JSON Responses (no per-item validation on the hot path); these
models document the shapes and validate what clients send.
"""
from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = Field(None, description="Cursor of the next page (pass as ?cursor=), null on the last page")


class Geo(BaseModel):
    lat: float
    lon: float
    country: str | None = None
    admin1: str | None = None
    precision: str | None = None
    feature: str | None = None


class EntityRef(BaseModel):
    id: str
    type: str | None = None
    name: str
    wikidata: str | None = None
    geo: Geo | None = None


class EntityItem(EntityRef):
    aliases: list[str] = Field(description="Spellings seen in documents (up to 30)")
    matched: str | None = Field(None, description="The spelling that matched ?q=")


class DocumentRef(BaseModel):
    id: str
    title: str | None = None
    language: str | None = None
    date: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


class DocumentItem(DocumentRef):
    day_of_war: int | None = None
    snippet: str


class QuoteItem(BaseModel):
    id: str
    document_id: str
    idx: int = Field(description="Position in the document's quotes")
    kind: str
    content: str
    content_start: int
    content_end: int
    speaker: str | None = None
    speaker_entity: EntityRef | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    date: str | None = None
    day_of_war: int | None = None
    document: DocumentRef


class Span(BaseModel):
    start: int
    end: int
    text: str


class EventItem(BaseModel):
    id: str
    document_id: str
    idx: int
    acled: dict[str, str | None] | None = None
    plover: dict[str, str | None] | None = None
    actors: list[EntityRef]
    place: EntityRef | None = None
    date: str | None = None
    date_precision: str | None = None
    day_of_war: int | None = None
    evidence: Span
    confidence: float
    document: DocumentRef


class DocumentInput(BaseModel):
    """A CONTRACT input object, as one line of a .jsonl file."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [
        {"text": "Jour 454. Dmitri Peskov, porte-parole du Kremlin, a déclaré ...", "title": "Jour 454",
         "language": "fr", "published": "2023-05-23", "source": "Example"}]})
    id: str | None = Field(None, max_length=500, description="Any printable text (no control characters); "
                              "the content hash when absent")
    text: str = Field(min_length=1)
    title: str | None = Field(None, description="Cut to 500 characters")
    url: str | None = Field(None, description="Dropped when over 2,048 characters")
    published: str | None = Field(None, description="YYYY-MM-DD (a value that is no date is dropped)")
    language: str | None = Field(None, description="fr, en, uk, ru; detected when absent")
    source: str | None = Field(None, description="Cut to 200 characters")


class Health(BaseModel):
    status: str
    version: str
    store: str
    documents: int
    writable: bool


class Config(BaseModel):
    tiles: str | None = Field(None, description="Tile URL template for the map, or null")
    max_native_zoom: int | None = None
    attribution: str | None = None
    writable: bool


ContractDocument = dict[str, Any]
