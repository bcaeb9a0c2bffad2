"""The web app in a real browser: Playwright driving Debian's chromium, headless, fully offline.

A uvicorn server on a free loopback port serves a temporary store holding the seed (analysed by
the real pipeline) and the hand-made documents of test_serve.py. Every request the page makes to
anything but that server is refused and fails the test (the app must work offline), and so does
any console error (a Content-Security-Policy violation is one).

Screenshots are kept in tests/browser_artifacts/ for people to look at.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

CHROMIUM = os.environ.get("KHRONIKA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "browser_artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

import uvicorn  # noqa: E402

from khronika.serve import create_app  # noqa: E402
from test_serve import KHARKIV, entity, fill, hand_docs  # noqa: E402
from test_serve import quote as make_quote  # noqa: E402

from khronika import contract  # noqa: E402

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(db: str) -> Iterator[str]:
    """The web app over `db` on a free loopback port, in a thread; yields its base URL."""
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, None, None), host="127.0.0.1", port=port,
                                        log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started:
        if time.time() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()



EMOJI_TEXT = "Alerte 🚨🇺🇦 à Kharkiv : « Restez à l’abri 🙏 », a dit Ihor Terekhov."


def emoji_doc() -> dict[str, Any]:
    """Characters outside the BMP before the spans: contract offsets count code points, JS strings
    count UTF-16 units, and the page must not shift its highlights."""
    t = EMOJI_TEXT
    doc = contract.empty_document("hand:emoji", t, title="Alerte", language="fr", date="2023-06-02")
    doc["entities"] = [entity(t, "wd:Q42622", "PLACE", "Kharkiv", ["Kharkiv"], geo_=KHARKIV),
                       entity(t, "kb:terekhov", "PERSON", "Ihor Terekhov", ["Ihor Terekhov"])]
    doc["quotes"] = [make_quote(t, "Restez à l’abri 🙏", "kb:terekhov", "Ihor Terekhov", "a dit", "2023-06-02")]
    contract.validate(doc)
    return doc


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_doc: dict[str, Any]) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("browser") / "browser.db")
    fill(db, [seed_doc, *hand_docs(), emoji_doc()])
    with live_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


class Watch:
    """What a page did that it must not: console errors, dialogs (alert), requests elsewhere."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []

    def check(self) -> None:
        assert not self.dialogs, f"a dialog opened (script ran): {self.dialogs}"
        assert not self.outside, f"the page tried to reach other hosts: {self.outside}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[tuple[Any, Watch]]:
    ctx = browser.new_context(viewport={"width": 1366, "height": 850}, service_workers="block")
    pg = ctx.new_page()
    watch = Watch()
    host = urlsplit(server).netloc
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        watch.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)

    def route(r: Any) -> None:
        if urlsplit(r.request.url).netloc == host:
            r.continue_()
        else:
            watch.outside.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    yield pg, watch
    ctx.close()


def shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_map_click_a_place(page: tuple[Any, Watch], server: str) -> None:
    pg, watch = page
    pg.goto(f"{server}/#/map")
    markers = pg.locator(".place-marker")
    markers.first.wait_for()
    assert markers.count() >= 2
    pg.locator(".map-panel h2", has_text="Events in view").wait_for()
    pg.wait_for_load_state("networkidle")
    shot(pg, "map")
    # the seed's own places near Bakhmut (Vuhledar) overlap this marker at the start zoom: click it directly
    pg.locator('.place-marker[data-place="wd:Q183176"]').dispatch_event("click")
    panel = pg.locator(".map-panel")
    panel.locator("h2.place-title", has_text="Bakhmut").wait_for()
    panel.locator(".event-card", has_text="De violents combats").wait_for()
    assert panel.locator("a", has_text="Jour 455: Bakhmout").count() == 1
    shot(pg, "map-place")
    # From the panel to the place's own page.
    panel.locator("a.button").click()
    pg.locator("h1", has_text="Bakhmut").wait_for()
    assert pg.locator(".chip.alias", has_text="Artemivsk").count() == 1
    watch.check()


def test_peskov_page_shows_his_quotes(page: tuple[Any, Watch], server: str, seed_doc: dict[str, Any]) -> None:
    pg, watch = page
    pg.goto(f"{server}/#/entities?q=Peskov")
    pg.locator("a.entity-name", has_text="Dmitry Peskov").click()
    pg.locator("h1", has_text="Dmitry Peskov").wait_for()
    cards = pg.locator(".quote-card")
    cards.first.wait_for()
    texts = cards.all_inner_texts()
    for words in ("La situation à Bakhmout est sous contrôle.", "not on the agenda", "переговорів не буде"):
        assert any(words in t for t in texts), words
    for q in seed_doc["quotes"]:
        if q["speaker"] == "kb:peskov":  # once the quote component attributes the seed's quotes
            assert any(q["content"][:40] in t for t in texts), q["content"]
    assert pg.locator(".chip", has_text="porte-parole du Kremlin").count() >= 1
    assert pg.locator(".chip.alias", has_text="Песков").count() == 1
    shot(pg, "peskov")
    watch.check()


def test_seed_document_highlights(page: tuple[Any, Watch], server: str, seed_doc: dict[str, Any]) -> None:
    pg, watch = page
    pg.goto(f"{server}/#/document/{quote(seed_doc['id'], safe='')}")
    pg.locator(".doc-text .hl-mention").first.wait_for()
    n_mentions = sum(len(e["mentions"]) for e in seed_doc["entities"])
    assert pg.locator(".doc-text a.hl-mention").count() >= n_mentions
    peskov = pg.locator('.doc-text a.hl-mention[href="#/entity/kb%3Apeskov"]')
    assert peskov.count() >= 3 and "Peskov" in peskov.first.inner_text()
    # The text is there, whole: highlights only wrap it.
    assert pg.locator(".doc-text").inner_text().replace("\r", "") == seed_doc["text"]
    assert pg.locator(".doc-text .hl-quote").count() >= (1 if seed_doc["quotes"] else 0)
    assert pg.locator(".doc-text .hl-event").count() >= (1 if seed_doc["events"] else 0)
    shot(pg, "document")
    peskov.first.click()
    pg.locator("h1", has_text="Dmitry Peskov").wait_for()
    watch.check()


def test_quote_and_event_highlights(page: tuple[Any, Watch], server: str) -> None:
    pg, watch = page
    pg.goto(f"{server}/#/document/hand%3Afr-455?hl=q0")
    quote_el = pg.locator(".doc-text .hl-quote")
    quote_el.first.wait_for()
    assert "La situation à" in quote_el.first.inner_text()
    assert pg.locator(".doc-text .hl-event").count() >= 2
    detail = pg.locator(".detail .card")
    detail.wait_for()
    assert "Dmitry Peskov" in detail.inner_text()
    pg.locator(".doc-text .hl-event").first.click()
    pg.locator(".detail .card", has_text="Armed clash").wait_for()
    shot(pg, "document-quote-event")
    watch.check()


def test_offsets_past_astral_characters(page: tuple[Any, Watch], server: str) -> None:
    pg, watch = page
    pg.goto(f"{server}/#/document/hand%3Aemoji")
    pg.locator(".doc-text .hl-quote").first.wait_for()
    assert [m.inner_text() for m in pg.locator(".doc-text a.hl-mention").all()] == ["Kharkiv", "Ihor Terekhov"]
    assert pg.locator(".doc-text .hl-quote").inner_text() == "Restez à l’abri 🙏"
    assert pg.locator(".doc-text").inner_text() == EMOJI_TEXT
    watch.check()


def test_script_in_a_document_is_shown_as_text(page: tuple[Any, Watch], server: str) -> None:
    pg, watch = page
    pg.goto(f"{server}/#/document/hand%3Axss")
    pg.locator(".doc-text").wait_for()
    assert pg.locator("h1").inner_text() == "<script>alert('title')</script>"
    assert "<script>alert('pwned')</script>" in pg.locator(".doc-text").inner_text()
    assert pg.locator("main script, main img[src='x']").count() == 0
    assert pg.locator("a[href^='javascript']").count() == 0  # the document's url is javascript:
    pg.goto(f"{server}/#/documents?q=piégée")
    pg.locator(".doc-card").first.wait_for()
    assert "<script>" in pg.locator(".doc-card h2").first.inner_text()
    shot(pg, "script-as-text")
    watch.check()


def test_timeline_quotes_documents_and_docs_pages(page: tuple[Any, Watch], server: str) -> None:
    pg, watch = page
    pg.goto(f"{server}/#/timeline?place=Bakhmut")
    pg.locator(".day-num", has_text="Day 460").wait_for()
    # two hand-made events on day 460 plus the seed's fighting around Bakhmout (day 454), geocoded to Bakhmut
    assert pg.locator(".event-card").count() == 3
    pg.locator(".list-foot", has_text="that is all").wait_for()
    assert not pg.locator("button.more").is_visible()  # no further page
    shot(pg, "timeline")
    pg.goto(f"{server}/#/quotes?speaker=%D0%9F%D0%B5%D1%81%D0%BA%D0%BE%D0%B2")  # Песков
    pg.locator(".quote-card").first.wait_for()
    assert pg.locator(".quote-card").count() >= 3
    shot(pg, "quotes")
    pg.goto(f"{server}/#/documents?q=Belgorod")
    pg.locator(".doc-card").first.wait_for()
    pg.goto(f"{server}/docs")
    pg.locator(".endpoint", has_text="/api/quotes").first.wait_for()
    watch.check()


def test_phone_layout(browser: Any, server: str) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for name, path, ready in (("phone-map", "/#/map", ".place-marker"),
                                  ("phone-document", "/#/document/hand%3Afr-455", ".doc-text .hl-quote"),
                                  ("phone-peskov", "/#/entity/kb%3Apeskov", ".quote-card")):
            pg.goto(server + path)
            pg.locator(ready).first.wait_for()
            pg.wait_for_timeout(300)
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} is wider than the phone screen by {overflow}px"
            shot(pg, name)
        assert not errors, errors
    finally:
        ctx.close()
