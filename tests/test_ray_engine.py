"""`khronika ingest --engine ray` stores what the local engine stores, and resumes idempotently."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from khronika.cli import app, sample_files
from khronika.store import Store

pytest.importorskip("ray.data", reason="the Ray engine is the optional `scale` extra")

COUNTED = ("documents", "entities", "mentions", "quotes", "events", "episodes", "places")


@pytest.fixture(scope="module")
def ray_local():
    from khronika.engine import ray_engine

    ray_engine.start(None)
    yield
    ray_engine.stop()


def _ingest(db: str, *extra: str) -> str:
    result = CliRunner().invoke(app, ["ingest", *sample_files(), "--db", db, *extra])
    assert result.exit_code == 0, result.stderr
    return result.stderr


def _counts(db: str) -> dict[str, int]:
    with Store(db) as store:
        counts = store.counts()
        ids = set(store.ids())
    return {**{k: counts[k] for k in COUNTED}, "ids": ids}


def test_ray_engine_stores_the_same_as_the_local_engine_and_resumes(ray_local, db_url: str, tmp_path):
    local_db = str(tmp_path / "local.db")
    _ingest(local_db)
    n = _counts(local_db)["documents"]      # a feed or a JSON Lines sample holds several
    said = _ingest(db_url, "--engine", "ray")
    assert f"stored {n} new document(s), 0 already stored, 0 error(s)" in said
    ray_counts, local_counts = _counts(db_url), _counts(local_db)
    assert ray_counts == local_counts
    assert ray_counts["documents"] == n and ray_counts["events"] > 0 and ray_counts["places"] > 0
    # the same command again (as after an interrupted run): nothing analysed twice, nothing changes
    again = _ingest(db_url, "--engine", "ray")
    assert f"stored 0 new document(s), {n} already stored, 0 error(s)" in again
    assert _counts(db_url) == ray_counts


def test_unknown_engine_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["ingest", *sample_files()[:1], "--db", str(tmp_path / "k.db"),
                                      "--engine", "spark"])
    assert result.exit_code == 2
    assert "unknown engine 'spark'" in result.stderr
