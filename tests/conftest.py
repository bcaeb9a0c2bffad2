"""Shared test fixtures: where ../shared lives and the founding example."""
from __future__ import annotations

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
