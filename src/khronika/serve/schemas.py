"""Pydantic models describing the API's bodies, for OpenAPI (/openapi.json and /docs).

Endpoints return ready-made JSON Responses (no per-item validation on the hot path); these
models document the shapes and validate what clients send.
"""
from __future__ import annotations

from typing import Any, Generic, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: Optional[str] = Field(None, description="Cursor of the next page (pass as ?cursor=), null on the last page")


class Geo(BaseModel):
    lat: float
    lon: float
    country: Optional[str] = None
    admin1: Optional[str] = None
    precision: Optional[str] = None
    feature: Optional[str] = None


class EntityRef(BaseModel):
    id: str
    type: Optional[str] = None
    name: str
    wikidata: Optional[str] = None
    geo: Optional[Geo] = None


class EntityItem(EntityRef):
    aliases: list[str] = Field(description="Spellings seen in documents (up to 30)")
    matched: Optional[str] = Field(None, description="The spelling that matched ?q=")


class DocumentRef(BaseModel):
    id: str
    title: Optional[str] = None
    language: Optional[str] = None
    date: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None


class DocumentItem(DocumentRef):
    day_of_war: Optional[int] = None
    snippet: str


class QuoteItem(BaseModel):
    id: str
    document_id: str
    idx: int = Field(description="Position in the document's quotes")
    kind: str
    content: str
    content_start: int
    content_end: int
    speaker: Optional[str] = None
    speaker_entity: Optional[EntityRef] = None
    speaker_text: Optional[str] = None
    speaker_start: Optional[int] = None
    speaker_end: Optional[int] = None
    cue: Optional[str] = None
    date: Optional[str] = None
    day_of_war: Optional[int] = None
    document: DocumentRef


class Span(BaseModel):
    start: int
    end: int
    text: str


class EventItem(BaseModel):
    id: str
    document_id: str
    idx: int
    acled: Optional[dict[str, Optional[str]]] = None
    plover: Optional[dict[str, Optional[str]]] = None
    actors: list[EntityRef]
    place: Optional[EntityRef] = None
    date: Optional[str] = None
    date_precision: Optional[str] = None
    day_of_war: Optional[int] = None
    evidence: Span
    confidence: float
    document: DocumentRef


class DocumentInput(BaseModel):
    """A CONTRACT input object, as one line of a .jsonl file."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [
        {"text": "Jour 454. Dmitri Peskov, porte-parole du Kremlin, a déclaré ...", "title": "Jour 454",
         "language": "fr", "published": "2023-05-23", "source": "Example"}]})
    id: Optional[str] = Field(None, max_length=500, description="Any printable text (no control characters); "
                              "the content hash when absent")
    text: str = Field(min_length=1)
    title: Optional[str] = Field(None, description="Cut to 500 characters")
    url: Optional[str] = Field(None, description="Dropped when over 2,048 characters")
    published: Optional[str] = Field(None, description="YYYY-MM-DD (a value that is no date is dropped)")
    language: Optional[str] = Field(None, description="fr, en, uk, ru; detected when absent")
    source: Optional[str] = Field(None, description="Cut to 200 characters")


class Health(BaseModel):
    status: str
    version: str
    store: str
    documents: int
    writable: bool


class Config(BaseModel):
    tiles: Optional[str] = Field(None, description="Tile URL template for the map, or null")
    max_native_zoom: Optional[int] = None
    attribution: Optional[str] = None
    writable: bool


ContractDocument = dict[str, Any]
