"""The store: analysed documents and their facts in SQLite (default) or PostgreSQL.

    from khronika.store import Store
    with Store("khronika.db") as store:       # or "postgresql://user@host/db", or None
        store.save(doc)                        # False if already stored (idempotent)
        store.get(doc["id"]) == doc
"""
from __future__ import annotations

from .normalize import normalize_alias
from .store import InvalidDocumentError, Store, StoreSchemaError
from .url import resolve_db_url

__all__ = ["InvalidDocumentError", "Store", "StoreSchemaError", "normalize_alias", "resolve_db_url"]
