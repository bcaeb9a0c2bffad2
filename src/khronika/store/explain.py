"""The plans of the statements a read runs: which index serves it, and which tables it reads whole.

Used by tests/test_store_explain.py (every API search, entity, quote and brief query is served by
an index on SQLite and PostgreSQL) and bench/explain_store.py (the same on a large store). The
statements are captured as the driver receives them, parameters included, while the read really
runs, so what is explained is exactly what the API sends, not a hand-written copy of it.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event

# The tables that grow with the store: reading one of them whole is what an index must prevent.
# (Small ones, clusters per day or the alias list of one entity, may be read as the planner likes.)
BIG_TABLES = ("documents", "quotes", "mentions", "events", "entity_aliases", "entities", "roles",
              "event_reports", "khr_fts_doc_map", "khr_fts_quote_map", "khr_fts_alias_map", "khr_event_actors",
              "document_fingerprints", "entity_counts", "entity_role_counts")
_SQLITE_SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?(.*)$")
_PG_SEQ = re.compile(r"Seq Scan on (\w+)")


@dataclass
class Statement:
    sql: str
    params: Any


@dataclass
class Plan:
    statement: Statement
    lines: list[str]

    def full_scans(self) -> list[str]:
        """The big tables this plan reads row by row from the first to the last."""
        out = []
        for line in self.lines:
            m = _SQLITE_SCAN.match(line.strip())
            # "SCAN t USING [COVERING] INDEX i" walks an index in order (a newest-first page stops
            # at its limit); a bare "SCAN t" reads the table itself.
            if m and m.group(1) in BIG_TABLES and "USING" not in m.group(2):
                out.append(m.group(1))
            out += [t for t in _PG_SEQ.findall(line) if t in BIG_TABLES]
        return out

    def indexes(self) -> list[str]:
        """Index names the plan uses (SQLite and PostgreSQL wording alike)."""
        found = []
        for line in self.lines:
            found += re.findall(r"(?:INDEX|[Ii]ndex(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) "
                                r"([A-Za-z_]\w*)", line)
            # SQLite names no index when it searches a table by its own key.
            found += [f"{t}(primary key)" for t in re.findall(r"(?:SEARCH|SCAN) (\w+) USING (?:INTEGER )?PRIMARY KEY",
                                                               line)]
            if "VIRTUAL TABLE INDEX" in line:  # an FTS5 MATCH
                found += re.findall(r"SCAN (\w+) VIRTUAL TABLE", line)
        return found

    def text(self) -> str:
        return "\n".join(self.lines)


@contextmanager
def captured(engine: Engine) -> Iterator[list[Statement]]:
    """Every SELECT sent through `engine` inside the block, with its driver parameters."""
    seen: list[Statement] = []

    def before(conn: Any, cursor: Any, sql: str, params: Any, context: Any, executemany: bool) -> None:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")) and not executemany:
            seen.append(Statement(sql, params))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


# What the plans are asked under on PostgreSQL. A small test store is cheaper to read whole, so
# the planner would say nothing about the indexes: with sequential scans disabled, one left in a
# plan means no index can serve the query. BITMAP_ONLY also disables walking an index in order,
# which leaves finding the rows by their condition: a search must then show its GIN index.
NO_SEQSCAN = ("enable_seqscan",)
BITMAP_ONLY = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan")


def explain(conn: Connection, stmt: Statement, disable: Sequence[str] = NO_SEQSCAN) -> Plan:
    """The plan of one captured statement, with the PostgreSQL plan types `disable` turned off
    (inside the caller's transaction: SET LOCAL)."""
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + stmt.sql, stmt.params).all()
        return Plan(stmt, [r[-1] for r in rows])
    for setting in disable:
        conn.exec_driver_sql(f"SET LOCAL {setting} = off")
    rows = conn.exec_driver_sql("EXPLAIN " + stmt.sql, stmt.params).all()
    return Plan(stmt, [r[0] for r in rows])


def plans_of(engine: Engine, read: Callable[[], Any], disable: Sequence[str] = NO_SEQSCAN) -> list[Plan]:
    """Run `read` and explain each SELECT it sent (`disable`: see explain; () leaves PostgreSQL's
    planner free, for a large store where its own choice is the one that matters)."""
    with captured(engine) as seen:
        read()
    out = []
    with engine.connect() as conn:
        for stmt in seen:
            with conn.begin():
                out.append(explain(conn, stmt, disable))
    return out
