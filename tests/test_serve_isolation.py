"""POST /api/documents analyses in the isolation worker, and the briefs under the query budget (issue 14).

A document whose analysis raises, or kills the process natively (os.abort in the worker), is a 422
carrying the error object; the server answers the next request and analyses the next document. The
briefs run on the query pool: a brief over its time budget is stopped with a 503, and /api/health
answers while briefs fill the pool.
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from fastapi.testclient import TestClient  # noqa: E402

from khronika.nlp.isolation import isolation_available  # noqa: E402
from khronika.serve import create_app  # noqa: E402
from khronika.serve.pools import QUERY_THREADS  # noqa: E402

from test_serve import TOKEN, FakeAnalyzer, fill, hand_docs  # noqa: E402

AUTH = {"Authorization": f"Bearer {TOKEN}"}


class PoisonedAnalyzer(FakeAnalyzer):
    """Analyses like FakeAnalyzer, except: "RAISE" raises, "ABORT" kills its process natively,
    and each analysis records the process it ran in."""

    def analyze(self, src: Any) -> dict[str, Any]:
        if "ABORT" in src.text:
            os.abort()  # SIGABRT: what a crash inside a C extension does to the process
        if "RAISE" in src.text:
            raise ValueError("a bug in one component")
        doc = super().analyze(src)
        doc["document"]["source"] = f"pid {os.getpid()}"
        return doc


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    fill(db_url, hand_docs())
    with TestClient(create_app(db_url, TOKEN, None, analyzer_factory=PoisonedAnalyzer)) as c:
        yield c


@pytest.mark.skipif(not isolation_available(), reason="no fork here, or KHRONIKA_ISOLATE=0")
def test_a_document_that_crashes_the_analysis_is_a_422_and_the_server_goes_on(client: TestClient) -> None:
    good = client.post("/api/documents", json={"id": "good-1", "text": "Des frappes sur Kharkiv.", "language": "fr"},
                       headers=AUTH)
    assert good.status_code == 201, good.text
    assert good.json()["document"]["source"] != f"pid {os.getpid()}"  # analysed in the worker, not here

    for word, cause in (("ABORT", "the analysis crashed (SIGABRT)"), ("RAISE", "ValueError: a bug in one component")):
        r = client.post("/api/documents", json={"id": f"bad-{word}", "text": f"Texte {word} ici.", "language": "fr"},
                        headers=AUTH)
        assert r.status_code == 422, r.text
        error = r.json()["error"]
        assert error["id"] == f"bad-{word}" and error["stage"] == "analysis" and cause in error["error"]
        assert client.get(f"/api/documents/bad-{word}").status_code == 404  # nothing stored
        assert client.get("/api/health").json()["documents"] == 5  # 4 + good-1: the server is up

    after = client.post("/api/documents", json={"id": "good-2", "text": "Un autre texte sur Izioum.", "language": "fr"},
                        headers=AUTH)
    assert after.status_code == 201, after.text  # a new worker took over
    assert client.get("/api/documents/good-2").json()["text"] == "Un autre texte sur Izioum."


def test_without_isolation_a_raising_analysis_is_still_a_422(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHRONIKA_ISOLATE", "0")
    fill(db_url, hand_docs())
    with TestClient(create_app(db_url, TOKEN, None, analyzer_factory=PoisonedAnalyzer)) as c:
        r = c.post("/api/documents", json={"id": "bad", "text": "RAISE", "language": "fr"}, headers=AUTH)
        assert r.status_code == 422 and "ValueError" in r.json()["error"]["error"]
        ok = c.post("/api/documents", json={"id": "ok", "text": "Des frappes sur Kharkiv.", "language": "fr"},
                    headers=AUTH)
        assert ok.json()["document"]["source"] == f"pid {os.getpid()}"  # in process, as asked


# -- the briefs under the query pool and its budget --------------------------------------------------------

def test_a_brief_over_its_budget_is_stopped_with_503(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import text

    from khronika.serve import briefs

    def endless(store: Any, *_: Any) -> Any:
        with store.connect() as conn:
            conn.execute(text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"))
        raise AssertionError("an endless query ended")

    fill(db_url, hand_docs())
    monkeypatch.setattr(briefs, "build_brief", endless)
    monkeypatch.setattr(briefs, "neighbours", endless)
    with TestClient(create_app(db_url, None, None, query_budget=0.3)) as c:
        for path in ("/api/briefs/2023-05-24", "/api/briefs/2023-05-24/neighbours"):
            r = c.get(path)
            assert r.status_code == 503 and "was stopped" in r.json()["detail"] and r.headers["retry-after"]
        monkeypatch.undo()
        # The pool goes on, and its connections are fine: the real brief of the stored day.
        r = c.get("/api/briefs/2023-05-24/neighbours")
        assert r.status_code == 200 and set(r.json()) == {"previous", "next"}


def test_health_answers_while_briefs_fill_the_query_pool(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from khronika.serve import briefs

    release, inside = threading.Event(), threading.Semaphore(0)

    def stuck(store: Any, when: Any, *_: Any) -> Any:
        inside.release()
        assert release.wait(60)
        return {"previous": None, "next": when.isoformat()}

    fill(db_url, hand_docs())
    monkeypatch.setattr(briefs, "neighbours", stuck)
    with TestClient(create_app(db_url, None, None)) as c, ThreadPoolExecutor(QUERY_THREADS + 2) as pool:
        waiting = [pool.submit(c.get, "/api/briefs/2023-05-24/neighbours") for _ in range(QUERY_THREADS + 2)]
        for _ in range(QUERY_THREADS):
            assert inside.acquire(timeout=30)  # every query thread holds a brief
        assert c.get("/api/health").json()["documents"] == 4
        assert c.get("/").status_code == 200
        release.set()
        assert [f.result().json()["next"] for f in waiting] == ["2023-05-24"] * (QUERY_THREADS + 2)
