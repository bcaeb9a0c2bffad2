"""The API under fire (issue 14): every reproduction of the report gets a clean 4xx or the right
answer; slow work never holds reads; hostile clients are cut off.

The app runs in TestClient except where the connection itself matters (deadlines, keep-alive
after a 500, Host names): there a real uvicorn server runs in a thread on a loopback port.
"""
from __future__ import annotations

import base64
import json
import logging
import multiprocessing
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from khronika import contract  # noqa: E402
from khronika.serve import create_app  # noqa: E402
from khronika.serve.pools import QUERY_THREADS  # noqa: E402

from test_serve import TOKEN, FakeAnalyzer, event, fill, hand_docs, quote  # noqa: E402

AUTH = {"Authorization": f"Bearer {TOKEN}"}
LISTS = ("/api/documents", "/api/entities", "/api/quotes", "/api/events")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "hard.db")
    fill(path, hand_docs())
    return path


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, TOKEN, None, analyzer_factory=FakeAnalyzer)) as c:
        yield c


def cursor_of(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, ensure_ascii=True).encode()).decode().rstrip("=")


# -- searches that cover the whole store -------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/quotes", "/api/documents"])
@pytest.mark.parametrize("q", ["w", "a b c", "!!", "é"])
def test_search_without_a_word_of_two_letters_is_422(client: TestClient, path: str, q: str) -> None:
    r = client.get(path, params={"q": q})
    assert r.status_code == 422 and "at least 2" in json.dumps(r.json()["detail"])


def test_short_words_still_search(client: TestClient) -> None:
    # One-letter words are left out, not fatal; "бої" (3 letters) is a prefix, as before.
    got = client.get("/api/documents", params={"q": "в бої"}).json()["items"]
    assert [d["id"] for d in got] == ["hand:uk-470"]
    assert client.get("/api/entities", params={"q": "B"}).status_code == 422
    assert client.get("/api/entities", params={"q": "Ba"}).json()["items"][0]["id"] == "wd:Q183176"
    assert client.get("/api/quotes", params={"speaker": "P"}).json()["items"] == []  # no one-letter name search


# -- crafted cursors -----------------------------------------------------------------------------------

CRAFTED = [
    cursor_of(["quotes", "2023-05-24", "hand:fr-455", 2 ** 64]),
    cursor_of(["events", "2023-05-24", "hand:fr-455", -(2 ** 70)]),
    cursor_of(["documents", "\ud800", "hand:fr-455"]),
    cursor_of(["entities", "\udfff"]),
    cursor_of(["entities", 0, "\ud800"]),
    cursor_of(["documents", "x" * 700, "y"]),  # under the parameter's 1000 characters, over a key's
    "0JfQtNGA0LDQstGB0YLQstGD0LnRgtC1",  # base64 of Cyrillic, not JSON
    "документ",
    cursor_of([[[[[]]]]]),
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("crafted", CRAFTED)
def test_crafted_cursors_are_422_never_500(client: TestClient, path: str, crafted: str) -> None:
    for params in ({}, {"q": "Peskov"} if path in ("/api/entities", "/api/quotes", "/api/documents") else {}):
        r = client.get(path, params={**params, "cursor": crafted})
        assert r.status_code == 422, (path, crafted, r.text)
        assert "cursor" in json.dumps(r.json()["detail"])


# -- ids ------------------------------------------------------------------------------------------------

def test_non_latin_id_gets_a_valid_location_and_retry_is_200(client: TestClient) -> None:
    body = {"id": "документ-1", "text": "Des frappes sur Kharkiv.", "language": "fr"}
    r = client.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == 201, r.text
    location = r.headers["location"]
    assert location == "/api/documents/%D0%B4%D0%BE%D0%BA%D1%83%D0%BC%D0%B5%D0%BD%D1%82-1"
    assert client.get(location).json()["id"] == "документ-1"
    assert client.post("/api/documents", json=body, headers=AUTH).status_code == 200
    assert client.delete(location, headers=AUTH).status_code == 204


@pytest.mark.parametrize("bad_id", ["doc\r\nX-Injected: 1", "doc\n", "a\x00b", "x" * 501, "a\ud800"])
def test_unusable_ids_are_422_and_nothing_is_stored(client: TestClient, bad_id: str) -> None:
    before = client.get("/api/health").json()["documents"]
    r = client.post("/api/documents", content=json.dumps({"id": bad_id, "text": "Kharkiv."}),
                    headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert client.get("/api/health").json()["documents"] == before


def test_lone_surrogate_in_posted_text_is_422(client: TestClient) -> None:
    r = client.post("/api/documents", content=b'{"text": "Kharkiv \\ud800 a"}',
                    headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422


def test_an_id_reused_with_another_text_is_409(client: TestClient) -> None:
    first = {"id": "day-455", "text": "Des frappes sur Kharkiv.", "language": "fr"}
    assert client.post("/api/documents", json=first, headers=AUTH).status_code == 201
    r = client.post("/api/documents", json={**first, "text": "Un autre texte."}, headers=AUTH)
    assert r.status_code == 409 and "another text" in r.json()["detail"]
    assert client.get("/api/documents/day-455").json()["text"] == first["text"]


# -- metadata --------------------------------------------------------------------------------------------

def test_posted_metadata_is_capped(client: TestClient) -> None:
    body = {"id": "big-title", "text": "Des frappes sur Kharkiv.", "language": "fr", "title": "Titre " * 100_000,
            "source": "S" * 5000, "url": "https://example.org/" + "a" * 10_000}
    r = client.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == 201, r.text[:200]
    doc = client.get("/api/documents/big-title").json()["document"]
    assert len(doc["title"]) == 500 and len(doc["source"]) == 200 and doc["url"] is None


def test_lists_cite_documents_with_bounded_fields(tmp_path: Path) -> None:
    """A document stored before ingest capped metadata (3.5 MB of title, url, source) must not
    make the pages of quotes and events that cite it huge."""
    db = str(tmp_path / "huge.db")
    text = "Jour 455. Peskov a dit : « Rien. » Frappes sur Kharkiv."
    huge = "T" * 3_500_000
    doc = contract.empty_document("hand:huge", text, title=huge, language="fr", date="2023-05-24", source=huge,
                                  url="https://example.org/" + huge)
    doc["quotes"] = [quote(text, "Rien.", None, None, "a dit", "2023-05-24")]
    doc["events"] = [event(text, "Frappes sur Kharkiv", acled=None, plover="ASSAULT", place=None, actors=[],
                           date="2023-05-24")]
    fill(db, [doc])
    with TestClient(create_app(db, None, None)) as c:
        for path in ("/api/quotes", "/api/events", "/api/documents"):
            r = c.get(path)
            assert r.status_code == 200 and len(r.content) < 10_000, (path, len(r.content))
            ref = r.json()["items"][0]
            ref = ref.get("document", ref)
            assert ref["id"] == "hand:huge" and len(ref["title"]) == 500 and len(ref["source"]) == 200
            assert ref["url"] is None
        assert len(c.get("/api/documents/hand:huge").json()["document"]["title"]) == 3_500_000  # the object as stored


# -- errors -------------------------------------------------------------------------------------------------

def test_a_500_is_json_with_the_security_headers(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from khronika.store import queries

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(queries, "list_quotes", broken)
    with TestClient(client.app, raise_server_exceptions=False) as c:
        r = c.get("/api/quotes")
    assert r.status_code == 500
    assert r.json() == {"detail": "internal error (logged on the server)"}
    assert r.headers["x-content-type-options"] == "nosniff" and "default-src 'self'" in r.headers["content-security-policy"]
    assert "close" not in r.headers.get("connection", "")


# -- the token ------------------------------------------------------------------------------------------------

def test_wrong_tokens_are_logged_and_throttled(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    body = {"text": "Kharkiv."}
    with caplog.at_level(logging.WARNING, logger="khronika.serve"):
        for _ in range(5):
            assert client.post("/api/documents", json=body, headers={"Authorization": "Bearer guess"}).status_code == 403
    assert sum("wrong token from" in r.getMessage() for r in caplog.records) == 5
    r = client.post("/api/documents", json=body, headers=AUTH)  # even the right token waits now
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert client.get("/api/health").status_code == 200  # reads are not affected


def test_token_from_a_file_or_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from khronika.cli import app
    from khronika.serve.protocol import GuardedH11Protocol

    started: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: started.update(app=target, **kw))
    token_file = tmp_path / "token"
    token_file.write_text("from-the-file\n")
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    out = runner.invoke(app, ["serve", "--db", db, "--token-file", str(token_file)])
    assert out.exit_code == 0, out.output
    assert started["app"].state.khronika.token == "from-the-file"
    assert "from-the-file" not in out.output
    assert started["http"] is GuardedH11Protocol and started["timeout_keep_alive"] > 0
    assert started["limit_concurrency"] and started["h11_max_incomplete_event_size"]
    out = runner.invoke(app, ["serve", "--db", db], env={"KHRONIKA_TOKEN": "from-env"})
    assert out.exit_code == 0 and started["app"].state.khronika.token == "from-env"
    assert "visible to every user" not in out.output
    out = runner.invoke(app, ["serve", "--db", db, "--token", "on-the-command-line"])
    assert out.exit_code == 0 and "visible to every user in `ps`" in out.output
    assert runner.invoke(app, ["serve", "--db", db, "--token-file", str(tmp_path / "missing")]).exit_code == 2


def test_allowed_hosts_of_the_serve_command() -> None:
    from khronika.commands.serve import allowed_hosts

    assert set(allowed_hosts("127.0.0.1", [])) == {"localhost", "127.0.0.1", "::1"}
    assert "chronicle.example.org" in (allowed_hosts("127.0.0.1", ["chronicle.example.org"]) or [])
    assert allowed_hosts("0.0.0.0", []) is None  # every address: any name, with a warning
    assert allowed_hosts("0.0.0.0", ["a.example.org"]) == ["a.example.org"]
    assert allowed_hosts("192.0.2.7", []) == ["192.0.2.7"]


# -- pools: slow work never holds reads ---------------------------------------------------------------------

class BlockingAnalyzer(FakeAnalyzer):
    # Process-shared: the analysis runs in the isolation worker, forked from this process.
    release = multiprocessing.get_context("fork").Event()
    started = multiprocessing.get_context("fork").Semaphore(0)

    def analyze(self, src: Any) -> dict[str, Any]:
        self.started.release()
        assert self.release.wait(60)
        return super().analyze(src)


def test_queued_analyses_never_delay_reads(db: str) -> None:
    BlockingAnalyzer.release.clear()
    with TestClient(create_app(db, TOKEN, None, analyzer_factory=BlockingAnalyzer)) as c, \
            ThreadPoolExecutor(12) as pool:
        posts = [pool.submit(c.post, "/api/documents", json={"id": f"p{i}", "text": f"Texte {i} sur Kharkiv."},
                             headers=AUTH) for i in range(10)]
        assert BlockingAnalyzer.started.acquire(timeout=30)  # one analysis runs, the rest wait
        # While it is stuck: reads, static files and the health check answer.
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/quotes", params={"q": "agenda"}).json()["items"][0]["content"] == "not on the agenda"
        assert c.get("/static/css/app.css").status_code in (200, 404)
        assert c.get("/").status_code == 200
        BlockingAnalyzer.release.set()
        codes = sorted(f.result().status_code for f in posts)
    # One running plus eight waiting are taken; the tenth is told to come back.
    assert codes == [201] * 9 + [503]


def test_health_answers_while_every_query_thread_is_busy(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from khronika.store import queries

    release, inside = threading.Event(), threading.Semaphore(0)
    real = queries.list_quotes

    def slow(*args: Any, **kwargs: Any) -> Any:
        inside.release()
        assert release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "list_quotes", slow)
    with TestClient(create_app(db, None, None)) as c, ThreadPoolExecutor(QUERY_THREADS + 2) as pool:
        stuck = [pool.submit(c.get, "/api/quotes") for _ in range(QUERY_THREADS + 2)]
        for _ in range(QUERY_THREADS):
            assert inside.acquire(timeout=30)
        assert c.get("/api/health").json()["documents"] == 4  # not queued behind them
        release.set()
        assert all(f.result().status_code == 200 for f in stuck)


def test_a_query_over_its_budget_is_stopped_with_503(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import text

    from khronika.store import queries

    def endless(conn: Any, **_: Any) -> Any:
        conn.execute(text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"))
        raise AssertionError("an endless query ended")

    monkeypatch.setattr(queries, "list_documents", endless)
    with TestClient(create_app(db, None, None, query_budget=0.2)) as c:
        r = c.get("/api/documents")
        assert r.status_code == 503 and "was stopped" in r.json()["detail"] and r.headers["retry-after"]
        monkeypatch.undo()
        assert [d["id"] for d in c.get("/api/documents").json()["items"]][:1] == ["hand:uk-470"]  # the pool goes on


# -- a real server: Host names, deadlines, keep-alive after a 500 ---------------------------------------------

@pytest.fixture
def live(db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    import uvicorn

    from khronika.commands.serve import uvicorn_settings
    from khronika.serve.guards import LOOPBACK_HOSTS
    from khronika.serve.protocol import GuardedH11Protocol
    from khronika.store import queries

    monkeypatch.setattr(GuardedH11Protocol, "header_s", 0.5)
    monkeypatch.setattr(GuardedH11Protocol, "body_s", 0.5)
    real = queries.list_entities

    def sometimes_broken(conn: Any, **kw: Any) -> Any:
        if kw.get("q") == "crash":
            raise RuntimeError("a bug")
        return real(conn, **kw)

    monkeypatch.setattr(queries, "list_entities", sometimes_broken)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    settings = {**uvicorn_settings(), "timeout_keep_alive": 0.5, "log_level": "critical"}
    server = uvicorn.Server(uvicorn.Config(create_app(db, None, None, allowed_hosts=LOOPBACK_HOSTS), **settings))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)
    sock.close()


def _request(port: int, raw: bytes, sock: socket.socket | None = None) -> tuple[socket.socket, bytes]:
    sock = sock or socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(raw)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(ln.split(b":")[1] for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(65536)
    return sock, head + b"\r\n\r\n" + body


def _closed(sock: socket.socket) -> bool:
    """True when the server closes the connection (within the socket's 10 s timeout)."""
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_foreign_host_names_are_refused(live: int) -> None:
    for host, status in ((b"evil.example", b"400"), (b"evil.example:8000", b"400"), (b"127.0.0.1.evil.example", b"400"),
                         (b"localhost:8000", b"200"), (b"[::1]:8000", b"200"), (b"127.0.0.1", b"200")):
        sock, answer = _request(live, b"GET /api/health HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
        assert answer.split(b" ")[1] == status, host
        if status == b"400":
            assert b"x-content-type-options: nosniff" in answer.lower()
        sock.close()


def test_a_500_keeps_the_connection_alive(live: int) -> None:
    sock, answer = _request(live, b"GET /api/entities?q=crash HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 500") and b"content-security-policy" in answer.lower()
    sock, answer = _request(live, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", sock)  # same socket
    assert answer.startswith(b"HTTP/1.1 200")
    sock.close()


def test_idle_and_slow_connections_are_closed(live: int) -> None:
    idle = socket.create_connection(("127.0.0.1", live), timeout=10)
    assert _closed(idle)  # never sent a byte
    slow_head = socket.create_connection(("127.0.0.1", live), timeout=10)
    slow_head.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")  # and nothing more
    assert _closed(slow_head)
    slow_body = socket.create_connection(("127.0.0.1", live), timeout=10)
    slow_body.sendall(b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
    assert _closed(slow_body)
    kept = socket.create_connection(("127.0.0.1", live), timeout=10)
    kept, answer = _request(live, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", kept)
    assert answer.startswith(b"HTTP/1.1 200") and _closed(kept)  # idle after its answer
    for s in (idle, slow_head, slow_body, kept):
        s.close()
