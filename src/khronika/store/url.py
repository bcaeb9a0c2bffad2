"""Where the store lives: turn what a user types after `--db` into a SQLAlchemy URL.

Users type a file path or a `postgresql://` URL; SQLAlchemy needs a dialect+driver URL. Keeping
the translation here means the CLI, the web app and the tests all agree on one rule.
"""
from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "KHRONIKA_DB"
DEFAULT_PATH = "khronika.db"


def resolve_db_url(db: str | None) -> str:
    """A SQLAlchemy URL for `db`.

    - None or "" -> `$KHRONIKA_DB`, else `./khronika.db` (then resolved by the rules below)
    - `postgresql://...` / `postgres://...` -> `postgresql+psycopg://...` (psycopg 3 is the installed driver)
    - `postgresql+<driver>://...` and `sqlite://...` URLs are kept as they are
    - `:memory:` -> an in-memory SQLite database
    - anything else is a file path -> `sqlite:///<absolute path>` (absolute, so a later `chdir`
      cannot silently switch to another database)
    """
    if not db:
        db = os.environ.get(ENV_VAR) or DEFAULT_PATH
    db = db.strip()
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix):]
    if db.startswith("postgresql+") or db.startswith("sqlite:"):
        return db
    if db == ":memory:":
        return "sqlite://"
    if "://" in db:
        raise ValueError(f"unsupported database URL {db!r}: give a SQLite file path or a postgresql:// URL")
    path = Path(db).expanduser().resolve()
    return f"sqlite:///{path}"


def is_memory_sqlite(url: str) -> bool:
    """True for SQLite URLs that name no file (each connection would get its own empty database)."""
    if not url.startswith("sqlite"):
        return False
    rest = url.split("://", 1)[1] if "://" in url else ""
    path = rest[1:] if rest.startswith("/") else rest
    path = path.split("?", 1)[0]
    return path in ("", ":memory:") or "mode=memory" in url
