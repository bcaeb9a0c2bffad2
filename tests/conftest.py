"""Shared test fixtures: where ../shared lives and the founding example."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("KHRONIKA_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seeds" / "000_2b45375582e7d53f.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed not found at {SEED}")
    return SEED


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return SHARED / "data"


@pytest.fixture(scope="session")
def analyzer():
    """One analyzer for the whole session: loading spaCy models is the slow part."""
    from khronika.nlp.analyze import Analyzer

    return Analyzer()


@pytest.fixture(scope="session")
def analyze_text(analyzer):
    """analyze_text(text, language=None, **meta) -> contract dict."""
    from khronika.ingest import SourceDocument, detect_language

    def run(text: str, language: str | None = None, **meta):
        src = SourceDocument(text=text, origin="<test>", language=language or detect_language(text), **meta)
        return analyzer.analyze(src)

    return run


@pytest.fixture(scope="session")
def seed_doc(seed_text, analyze_text):
    return analyze_text(seed_text)


PG_URL = __import__("os").environ.get("KHRONIKA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@lru_cache(maxsize=1)
def postgres_problem() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3):
            return None
    except Exception as exc:  # any failure means: no server to test against
        return f"PostgreSQL not reachable at {PG_URL}: {exc}".strip()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nobody else uses: a new SQLite file, or a new PostgreSQL schema dropped after."""
    if request.param == "sqlite":
        yield str(tmp_path / "khronika.db")
        return
    problem = postgres_problem()
    if problem:
        pytest.skip(problem)
    import psycopg

    schema = f"khr_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        sep = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
