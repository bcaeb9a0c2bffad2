"""The store's tables (SQLAlchemy 2 declarative), identical on SQLite and PostgreSQL.

`documents.doc_json` holds the whole contract object, so `Store.get` gives back exactly what
was saved; every other table is a denormalised index of facts for search, export and the web
app. JSON-shaped fields are plain Text (not `sqlalchemy.JSON`) so both dialects store the same
thing and a dump of one can be read into the other.

Dates are ISO `YYYY-MM-DD` strings: they sort and compare correctly as text on both dialects.
Strings are unbounded Text: a VARCHAR(n) is enforced by PostgreSQL but not by SQLite, and the
contract bounds no string, so a length limit would make the two dialects disagree.
"""
from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, MetaData, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# "2": entity_counts and entity_role_counts (store/counts.py); a "1" store gains them, filled
# from its rows, when this version first opens it (Store._create_tables).
SCHEMA_VERSION = "2"

# Named constraints make later migrations (ALTER ... DROP CONSTRAINT name) predictable.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _doc_fk() -> ForeignKey:
    return ForeignKey("documents.id", ondelete="CASCADE")


def _entity_fk() -> ForeignKey:
    return ForeignKey("entities.id", ondelete="CASCADE")


class Meta(Base):
    """Key/value facts about the store itself (schema version), for future migrations."""

    __tablename__ = "khronika_meta"
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(Text, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text, index=True)
    date: Mapped[str | None] = mapped_column(Text, index=True)
    day_of_war: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(Text, index=True)
    analyzed_at: Mapped[str] = mapped_column(Text)  # UTC ISO 8601, when it was stored
    pipeline_version: Mapped[str | None] = mapped_column(Text)
    doc_json: Mapped[str] = mapped_column(Text)


class Entity(Base):
    """One real-world entity across all documents (first name/type/wikidata seen win)."""

    __tablename__ = "entities"
    id: Mapped[str] = mapped_column(Text, primary_key=True)
    type: Mapped[str] = mapped_column(Text, index=True)
    name: Mapped[str] = mapped_column(Text)
    wikidata: Mapped[str | None] = mapped_column(Text, index=True)
    geo_json: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    precision: Mapped[str | None] = mapped_column(Text)
    feature: Mapped[str | None] = mapped_column(Text)


class EntityAlias(Base):
    """Every spelling seen for an entity; `alias_norm` (see normalize.py) is what search matches."""

    __tablename__ = "entity_aliases"
    entity_id: Mapped[str] = mapped_column(Text, _entity_fk(), primary_key=True)
    alias_norm: Mapped[str] = mapped_column(Text, primary_key=True)
    alias: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_entity_aliases_alias_norm", "alias_norm"),)


class Mention(Base):
    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(Text, _doc_fk(), index=True)
    entity_id: Mapped[str] = mapped_column(Text, _entity_fk(), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Role(Base):
    """A role or title a document gives an entity ("porte-parole du Kremlin")."""

    __tablename__ = "roles"
    entity_id: Mapped[str] = mapped_column(Text, _entity_fk(), primary_key=True)
    document_id: Mapped[str] = mapped_column(Text, _doc_fk(), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(Text, primary_key=True)


class Quote(Base):
    __tablename__ = "quotes"
    document_id: Mapped[str] = mapped_column(Text, _doc_fk(), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)  # position in doc["quotes"]
    kind: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    # An entity id, but no foreign key: the contract does not promise the speaker is listed in
    # the document's entities, and a dangling id must not make a whole document unstorable.
    speaker: Mapped[str | None] = mapped_column(Text, index=True)
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text, index=True)


class Event(Base):
    __tablename__ = "events"
    document_id: Mapped[str] = mapped_column(Text, _doc_fk(), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)  # position in doc["events"]
    acled_type: Mapped[str | None] = mapped_column(Text, index=True)
    acled_subtype: Mapped[str | None] = mapped_column(Text)
    plover_event: Mapped[str | None] = mapped_column(Text, index=True)
    plover_mode: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text, index=True)  # entity id, no FK (as speaker)
    date: Mapped[str | None] = mapped_column(Text, index=True)
    date_precision: Mapped[str | None] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    actors_json: Mapped[str] = mapped_column(Text)  # JSON list of entity ids


class EventCluster(Base):
    """One real-world event, from all the reports of it (store/events.py keeps it up to date).

    `corroboration` counts distinct sources (store/sources.py: one outlet, or one text however many
    ids it was stored under, is one source); figures the
    reports give (casualties) stay side by side in `figures_json`, one entry per source, never
    averaged."""

    __tablename__ = "event_clusters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    acled_type: Mapped[str | None] = mapped_column(Text, index=True)
    acled_subtype: Mapped[str | None] = mapped_column(Text)
    plover_event: Mapped[str | None] = mapped_column(Text, index=True)
    plover_mode: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text, index=True)      # the day most sources give (then the earliest)
    date_end: Mapped[str | None] = mapped_column(Text)              # latest report date (within a day of `date`)
    date_precision: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text, index=True)     # entity id (no FK, as Event.place)
    place_name: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    geo_precision: Mapped[str | None] = mapped_column(Text)
    actors_json: Mapped[str] = mapped_column(Text)                  # JSON list of entity ids
    corroboration: Mapped[int] = mapped_column(Integer)
    n_reports: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    figures_json: Mapped[str] = mapped_column(Text)                 # JSON list of {source, document_id, killed?, injured?}


class EventReport(Base):
    """One document's report of an event cluster: a row of `events` with what clustering needs."""

    __tablename__ = "event_reports"
    document_id: Mapped[str] = mapped_column(Text, _doc_fk(), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)    # position in doc["events"]
    cluster_id: Mapped[int] = mapped_column(Integer, ForeignKey("event_clusters.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    acled_type: Mapped[str | None] = mapped_column(Text)
    acled_subtype: Mapped[str | None] = mapped_column(Text)
    plover_event: Mapped[str | None] = mapped_column(Text)
    plover_mode: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text, index=True)
    date_precision: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    place_key: Mapped[str | None] = mapped_column(Text)
    place_json: Mapped[str | None] = mapped_column(Text)   # {name, lat, lon, country, admin1, precision}
    actors_json: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    figures_json: Mapped[str | None] = mapped_column(Text)
    evidence_text: Mapped[str] = mapped_column(Text)


class DocumentFingerprint(Base):
    """What makes a document one source with another (store/sources.py): its outlet, the host of
    its URL, and its text's normalised hash and MinHash sketch (near copies under other ids).
    A table of its own, so stores made before it gain it by `create_all` with no migration."""

    __tablename__ = "document_fingerprints"
    document_id: Mapped[str] = mapped_column(Text, _doc_fk(), primary_key=True)
    norm_hash: Mapped[str] = mapped_column(Text, index=True)   # sha256 of the normalised words
    outlet: Mapped[str | None] = mapped_column(Text)           # normalised `source`
    host: Mapped[str | None] = mapped_column(Text)             # URL host without www.
    n_shingles: Mapped[int] = mapped_column(Integer)
    sketch: Mapped[str] = mapped_column(Text)                  # hex of 64 uint32 MinHash values


class EntityCount(Base):
    """Per-entity totals of the entity page, kept by every write (store/counts.py), so a frequent
    entity's page does not count its tens of thousands of mentions on every view."""

    __tablename__ = "entity_counts"
    # No foreign key: a quote's speaker need not be a stored entity (see Quote.speaker).
    entity_id: Mapped[str] = mapped_column(Text, primary_key=True)
    mentions: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)   # documents with at least one mention
    quotes: Mapped[int] = mapped_column(Integer)      # quotes with this speaker


class EntityRoleCount(Base):
    """How many documents give an entity a role: the `roles` rows per (entity, role), kept by every
    write (store/counts.py)."""

    __tablename__ = "entity_role_counts"
    entity_id: Mapped[str] = mapped_column(Text, primary_key=True)
    role: Mapped[str] = mapped_column(Text, primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)


class Episode(Base):
    __tablename__ = "episodes"
    document_id: Mapped[str] = mapped_column(Text, _doc_fk(), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    show: Mapped[str] = mapped_column(Text, index=True)
    number: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    guests_json: Mapped[str] = mapped_column(Text)  # JSON list of {name, entity, role}


metadata = Base.metadata
