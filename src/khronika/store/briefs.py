"""What the Day N brief reads from the store: the documents of one day and their event clusters.

A document belongs to the day its report is about: `date`, else `published`, else the day its
"Day N" counter names. A document with none of the three (an article that only says "mercredi
24 mai") still contributes what it dates itself: its events and quotes dated that day.

The brief needs whole contract objects (offsets, claims, figures, episodes), so these queries
return `doc_json` for the few dozen documents of a day rather than joining a dozen fact tables.
Every lookup is served by an index (`ensure_brief_indexes`), so a day of a 50k-document store
costs the same as a day of a small one.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnClause, Connection, Engine, and_, bindparam, func, literal_column, select, text

from khronika.warday import date_to_day, day_to_date

from .engine import WRITE_OPTION
from .events import CLUSTERS, REPORTS
from .write import DOCUMENTS, ENTITIES, QUOTES, ROLES

_EMPTY: ColumnClause[str] = literal_column("''")  # a literal, so the expression index below matches
DOC_DAY = func.coalesce(DOCUMENTS.c.date, DOCUMENTS.c.published, _EMPTY)
_CHUNK = 500

_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_khr_brief_documents_day ON documents (coalesce(date, published, ''))",
    "CREATE INDEX IF NOT EXISTS ix_khr_brief_documents_dow ON documents (day_of_war)",
    "CREATE INDEX IF NOT EXISTS ix_khr_brief_reports_day ON event_reports (date, document_id)",
    "CREATE INDEX IF NOT EXISTS ix_khr_brief_quotes_day ON quotes (date, document_id)",
)


def ensure_brief_indexes(engine: Engine) -> None:
    """Create the indexes the brief's day lookups need (idempotent, cheap once they exist)."""
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        for ddl in _INDEXES:
            conn.execute(text(ddl))


# the brief's names for warday's arithmetic (brief/ imports them from here)
day_of_war = date_to_day
date_of_day = day_to_date


def _undated() -> Any:
    return and_(DOCUMENTS.c.date.is_(None), DOCUMENTS.c.published.is_(None), DOCUMENTS.c.day_of_war.is_(None))


def dated_ids(conn: Connection, day: date) -> list[str]:
    """Ids of the documents about `day` (their date, publication date or day counter)."""
    iso = day.isoformat()
    by_date = select(DOCUMENTS.c.id).where(DOC_DAY == iso)
    by_counter = select(DOCUMENTS.c.id).where(DOCUMENTS.c.day_of_war == day_of_war(day),
                                              DOCUMENTS.c.date.is_(None), DOCUMENTS.c.published.is_(None))
    return sorted(set(conn.scalars(by_date)) | set(conn.scalars(by_counter)))


def undated_ids(conn: Connection, day: date) -> list[str]:
    """Ids of undated documents that date some of their events or quotes to `day`."""
    iso = day.isoformat()
    from_events = (select(REPORTS.c.document_id).join(DOCUMENTS, DOCUMENTS.c.id == REPORTS.c.document_id)
                   .where(REPORTS.c.date == iso, REPORTS.c.date_precision == "day", _undated()))
    from_quotes = (select(QUOTES.c.document_id).join(DOCUMENTS, DOCUMENTS.c.id == QUOTES.c.document_id)
                   .where(QUOTES.c.date == iso, _undated()))
    return sorted(set(conn.scalars(from_events)) | set(conn.scalars(from_quotes)))


def count_day(conn: Connection, day: date) -> int:
    """How many documents are about `day` (dated ones only: the cheap "is there a brief?")."""
    return len(dated_ids(conn, day))


def load_documents(conn: Connection, ids: Iterable[str]) -> list[dict[str, Any]]:
    """The contract objects of `ids`, in id order."""
    out: list[dict[str, Any]] = []
    ids = sorted(set(ids))
    for i in range(0, len(ids), _CHUNK):
        rows = conn.execute(select(DOCUMENTS.c.doc_json).where(DOCUMENTS.c.id.in_(ids[i:i + _CHUNK])))
        out.extend(json.loads(raw) for (raw,) in rows)
    return sorted(out, key=lambda d: d["id"])


def texts(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """The stored text of each document of `ids` (what every citation offset points into)."""
    ids = sorted(set(ids))
    out: dict[str, str] = {}
    for i in range(0, len(ids), _CHUNK):
        out.update(conn.execute(select(DOCUMENTS.c.id, DOCUMENTS.c.text).where(DOCUMENTS.c.id.in_(ids[i:i + _CHUNK]))).all())
    return out


def report_clusters(conn: Connection, ids: Iterable[str]) -> dict[tuple[str, int], dict[str, Any]]:
    """(document id, event index) -> its event cluster (id, types, place, coordinates, figures),
    for every clustered event of the documents `ids` (store/events.py groups reports of one event
    across documents)."""
    ids = sorted(set(ids))
    out: dict[tuple[str, int], dict[str, Any]] = {}
    cols = (REPORTS.c.document_id, REPORTS.c.idx, CLUSTERS.c.id, CLUSTERS.c.acled_type, CLUSTERS.c.acled_subtype,
            CLUSTERS.c.plover_event, CLUSTERS.c.plover_mode, CLUSTERS.c.place, CLUSTERS.c.lat, CLUSTERS.c.lon,
            CLUSTERS.c.admin1, CLUSTERS.c.country, CLUSTERS.c.geo_precision)
    for i in range(0, len(ids), _CHUNK):
        stmt = (select(*cols).join(CLUSTERS, CLUSTERS.c.id == REPORTS.c.cluster_id)
                .where(REPORTS.c.document_id.in_(ids[i:i + _CHUNK])))
        for r in conn.execute(stmt):
            m = dict(r._mapping)
            doc_id, idx = m.pop("document_id"), m.pop("idx")
            out[(doc_id, idx)] = m
    return out


def entity_rows(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Stored entities by id: name, type, coordinates, admin1, country, precision, feature."""
    ids = sorted(set(ids))
    out: dict[str, dict[str, Any]] = {}
    cols = (ENTITIES.c.id, ENTITIES.c.type, ENTITIES.c.name, ENTITIES.c.lat, ENTITIES.c.lon, ENTITIES.c.country,
            ENTITIES.c.admin1, ENTITIES.c.precision, ENTITIES.c.feature)
    for i in range(0, len(ids), _CHUNK):
        for r in conn.execute(select(*cols).where(ENTITIES.c.id.in_(ids[i:i + _CHUNK]))):
            out[r.id] = dict(r._mapping)
    return out


_ROLES_OF = (select(ROLES.c.role).join(DOCUMENTS, DOCUMENTS.c.id == ROLES.c.document_id)
             .where(ROLES.c.entity_id == bindparam("eid"), DOCUMENTS.c.language == bindparam("lang"))
             .limit(bindparam("n")))


def roles_in(conn: Connection, entity_ids: Iterable[str], language: str, sample: int = 40) -> dict[str, list[str]]:
    """Roles documents written in `language` give each entity, most often given first, among the
    first `sample` such rows (a frequent speaker has thousands: a sample names the role as well)."""
    out: dict[str, list[str]] = {}
    for eid in sorted(set(entity_ids)):
        counts: dict[str, int] = {}
        for (role,) in conn.execute(_ROLES_OF, {"eid": eid, "lang": language, "n": sample}):
            counts[role] = counts.get(role, 0) + 1
        if counts:
            out[eid] = sorted(counts, key=lambda r: (-counts[r], len(r), r))
    return out


def nearest_days(conn: Connection, day: date) -> tuple[str | None, str | None]:
    """The closest earlier and later days with dated documents (for previous/next links)."""
    iso = day.isoformat()
    before = conn.scalar(select(func.max(DOC_DAY)).where(DOC_DAY < iso, DOC_DAY > ""))
    after = conn.scalar(select(func.min(DOC_DAY)).where(DOC_DAY > iso))
    return before or None, after or None


def any_documents(conn: Connection) -> bool:
    return conn.scalar(select(DOCUMENTS.c.id).limit(1)) is not None


__all__ = ["any_documents", "count_day", "date_of_day", "dated_ids", "day_of_war", "ensure_brief_indexes",
           "entity_rows", "load_documents", "nearest_days", "report_clusters", "roles_in", "texts", "undated_ids"]
