"""Engines configured for khronika's workload: many readers, short write transactions.

SQLite needs care to behave under concurrent use (the CLI ingesting while the web app reads):
WAL journal so readers never block the writer, a busy timeout instead of instant "database is
locked", foreign keys on (SQLite leaves them off per connection), and `BEGIN IMMEDIATE` for
writes so two writers queue on the lock up front rather than one failing mid-transaction when
it tries to upgrade a read lock.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from .url import is_memory_sqlite

BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "khronika_write"  # execution option that asks for BEGIN IMMEDIATE on SQLite


def make_engine(url: str) -> Engine:
    """An Engine for `url` (already resolved by `resolve_db_url`)."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    # pool_pre_ping: a long-running `khronika serve` survives a PostgreSQL restart.
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if is_memory_sqlite(url):
        # Every new connection to ":memory:" is a new empty database; share one connection.
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy (below) decide when transactions begin; pysqlite's own implicit BEGIN
        # would be deferred and would not cover DDL.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL is durable against application crashes and much faster.
            cur.execute("PRAGMA synchronous = NORMAL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
