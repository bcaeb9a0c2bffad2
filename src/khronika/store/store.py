"""`Store`: contract objects in, contract objects out, on SQLite or PostgreSQL."""
from __future__ import annotations

import json
from collections.abc import Iterator
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, func, select, text, update
from sqlalchemy.engine import make_url

from .. import __version__, contract
from . import counts, events, search, write
from .engine import WRITE_OPTION, make_engine
from .models import SCHEMA_VERSION, Meta, metadata
from .url import resolve_db_url
from .write import DOCUMENTS, ENTITIES

# Any constant works; it only has to be the same in every process creating the tables.
_PG_DDL_LOCK = 0x6B68726F  # "khro"


class InvalidDocumentError(ValueError):
    """A document that breaks the contract; nothing was stored."""


class StoreSchemaError(RuntimeError):
    """The database was created by an incompatible version of khronika."""


class Store:
    """Analysed documents and the facts in them.

    `db` is a SQLite file path, a `postgresql://` URL or None (`$KHRONIKA_DB`, else
    `./khronika.db`); see `resolve_db_url`. Tables are created when missing. Every write is one
    transaction: a document is stored with all its facts or not at all.
    """

    def __init__(self, db: str | None = None, *, pipeline_version: str | None = None) -> None:
        self.url = resolve_db_url(db)
        self.pipeline_version = pipeline_version or __version__
        self.engine = make_engine(self.url)
        # Writes go through this view of the engine so SQLite takes the write lock at BEGIN.
        self._writer = self.engine.execution_options(**{WRITE_OPTION: True})
        try:
            self._create_tables()
        except Exception:
            self.engine.dispose()
            raise

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    def __repr__(self) -> str:
        return f"Store({make_url(self.url).render_as_string(hide_password=True)!r})"

    def _create_tables(self) -> None:
        with self._writer.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Two processes opening a fresh database at once would both try CREATE TABLE.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_DDL_LOCK})
            metadata.create_all(conn)
            meta = Meta.__table__
            conn.execute(write.insert_ignore(conn, meta, ["key"]),  # type: ignore[arg-type]
                         {"key": "schema_version", "value": SCHEMA_VERSION})
            found = conn.scalar(select(meta.c.value).where(meta.c.key == "schema_version"))
            if found == "1":  # the per-entity totals (store/counts.py) are new in "2": count them once
                counts.rebuild(conn)
                conn.execute(update(meta).where(meta.c.key == "schema_version")  # type: ignore[arg-type]
                             .values(value=SCHEMA_VERSION))
                found = SCHEMA_VERSION
        if found != SCHEMA_VERSION:
            raise StoreSchemaError(f"{self!r} has store schema version {found}, this khronika uses "
                                   f"{SCHEMA_VERSION}; export it with the khronika that wrote it")

    # -- writing -----------------------------------------------------------------------------

    def _checked(self, doc: dict[str, Any]) -> dict[str, Any]:
        try:
            contract.validate(doc)
            write.dumps(doc)  # refuses NaN/Infinity, which the schema lets through
        except (ValueError, TypeError, KeyError) as exc:
            doc_id = doc.get("id") if isinstance(doc, dict) else None
            raise InvalidDocumentError(f"document {doc_id!r} not stored: {exc}") from exc
        return doc

    def save(self, doc: dict[str, Any]) -> bool:
        """Store `doc` (a contract object) and its facts. False, changing nothing, when a document
        with its id is already stored. Raises InvalidDocumentError for an invalid document."""
        self._checked(doc)
        with self._writer.begin() as conn:
            added = write.insert_document(conn, doc, pipeline_version=self.pipeline_version)
            if added:
                events.add_document(conn, doc)   # one event, many reports (store/events.py)
                counts.apply(conn, counts.of_document(doc))  # last: counter rows locked briefly
            return added

    def replace(self, doc: dict[str, Any]) -> bool:
        """Store `doc` in place of the stored document with its id (e.g. after reanalysis).
        True when an earlier version was replaced, False when it was simply added."""
        self._checked(doc)
        with self._writer.begin() as conn:
            removed = counts.of_stored(conn, doc["id"])
            events.remove_document(conn, doc["id"])
            existed = write.delete_document(conn, doc["id"])
            write.insert_document(conn, doc, pipeline_version=self.pipeline_version)
            events.add_document(conn, doc)
            counts.apply(conn, removed + counts.of_document(doc))
        return existed

    def delete(self, doc_id: str) -> bool:
        """Remove a document, its facts and entities nothing else mentions. False if not stored."""
        with self._writer.begin() as conn:
            removed = counts.of_stored(conn, doc_id)
            events.remove_document(conn, doc_id)
            found = write.delete_document(conn, doc_id)
            counts.apply(conn, removed)
            return found

    # -- reading -----------------------------------------------------------------------------

    def get(self, doc_id: str) -> dict[str, Any] | None:
        """The contract object stored under `doc_id`, equal to what was saved; None if absent."""
        with self.engine.connect() as conn:
            raw = conn.scalar(select(DOCUMENTS.c.doc_json).where(DOCUMENTS.c.id == doc_id))
        return None if raw is None else json.loads(raw)

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, str):
            return False
        with self.engine.connect() as conn:
            return conn.scalar(select(DOCUMENTS.c.id).where(DOCUMENTS.c.id == doc_id)) is not None

    def ids(self) -> list[str]:
        """Every stored document id, sorted."""
        with self.engine.connect() as conn:
            return list(conn.scalars(select(DOCUMENTS.c.id).order_by(DOCUMENTS.c.id)))

    def iter_documents(self, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every stored contract object, in id order, `batch` at a time.

        Keyset pagination (id > last seen) keeps memory flat and holds no connection or SQLite
        read snapshot between batches, so a long export never blocks writers.
        """
        if batch < 1:
            raise ValueError("batch must be at least 1")
        last: str | None = None
        while True:
            stmt = select(DOCUMENTS.c.id, DOCUMENTS.c.doc_json).order_by(DOCUMENTS.c.id).limit(batch)
            if last is not None:
                stmt = stmt.where(DOCUMENTS.c.id > last)
            with self.engine.connect() as conn:
                rows = conn.execute(stmt).all()
            for _id, raw in rows:
                yield json.loads(raw)
            if len(rows) < batch:
                return
            last = rows[-1][0]

    def counts(self) -> dict[str, int]:
        """How many documents, entities, aliases, mentions, roles, quotes, events, episodes and
        `places` (PLACE entities with coordinates) are stored."""
        tables = {"documents": DOCUMENTS, "entities": ENTITIES, "aliases": write.ALIASES,
                  "mentions": write.MENTIONS, "roles": write.ROLES, "quotes": write.QUOTES,
                  "events": write.EVENTS, "episodes": write.EPISODES}
        with self.engine.connect() as conn:
            out = {name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for name, t in tables.items()}
            out["places"] = int(conn.scalar(
                select(func.count()).select_from(ENTITIES)
                .where(ENTITIES.c.type == "PLACE", ENTITIES.c.lat.is_not(None))) or 0)
        return out

    def find_entities(self, query: str, *, type: str | None = None, prefix: bool = True,
                      limit: int = 50) -> list[dict[str, Any]]:
        """Entities known under a spelling matching `query` (any case, accents, apostrophes);
        see `search.find_entities`."""
        with self.engine.connect() as conn:
            return search.find_entities(conn, query, type=type, prefix=prefix, limit=limit)

    def iter_mention_rows(self) -> Iterator[dict[str, Any]]:
        """Streamed rows for the mentions CSV; see `search.iter_mention_rows`."""
        with self.engine.connect() as conn:
            yield from search.iter_mention_rows(conn)

    def iter_places(self) -> Iterator[dict[str, Any]]:
        """Streamed places with coordinates for maps; see `search.iter_places`."""
        with self.engine.connect() as conn:
            yield from search.iter_places(conn)

    def connect(self) -> Connection:
        """A read connection for queries this class does not offer (the caller closes it)."""
        return self.engine.connect()

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
