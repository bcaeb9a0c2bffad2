"""The Brief page in a real browser (Playwright on Debian's chromium, offline, as test_browser.py):
day picker, language, previous/next day, and citations that open the document with the cited
words highlighted. The store holds test_brief.py's hand-built reports, so no NLP runs."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from test_browser import ARTIFACTS, Watch, chromium, live_server, playwright_api  # noqa: E402
from test_brief import digest, strike_en, strike_fr, strike_uk

from khronika.store import Store  # noqa: E402

expect = playwright_api.expect
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("browser_brief") / "brief.db")
    with Store(db) as s:
        for doc in (strike_en(), strike_fr(), strike_uk(), digest("d457-fr", "fr", "2023-05-26", 457)):
            s.save(doc)
    with live_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[tuple[Any, Watch]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 850}, service_workers="block")
    pg = ctx.new_page()
    watch = Watch()
    host = urlsplit(server).netloc
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    pg.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))

    def route(r: Any) -> None:
        if urlsplit(r.request.url).netloc == host:
            r.continue_()
        else:
            watch.outside.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    yield pg, watch
    ctx.close()


def test_brief_page_citations_open_the_highlighted_document(page: tuple[Any, Watch], server: str) -> None:
    pg, watch = page
    pg.goto(f"{server}/#/brief?date=2023-05-24&lang=fr")
    title = pg.locator(".brief-title")
    title.wait_for()
    assert title.inner_text().startswith("Jour 455 de résistance : ")
    assert pg.locator("[data-nav=brief].active").count() == 1
    headings = pg.locator(".brief-section h2").all_inner_texts()
    assert "Frappes" in headings and "Sur le front" in headings
    strike = pg.locator(".brief-item", has_text="Koupiansk").first
    assert "8 blessés" in strike.inner_text() and "6 blessés" in strike.inner_text()
    links = strike.locator("a.cite")
    assert sorted(links.evaluate_all("els => els.map(e => e.dataset.document)")) == ["journal-fr", "novyny-uk",
                                                                                   "wire-en"]
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "brief_fr.png"), full_page=True)
    href = strike.locator("a.cite[data-document=journal-fr]").get_attribute("href")
    start, end = map(int, href.rsplit("span=", 1)[1].split("-"))
    strike.locator("a.cite[data-document=journal-fr]").click()
    pg.wait_for_selector(".doc-text[data-cite]")
    assert "#/document/journal-fr?span=" in pg.url
    doc = pg.evaluate("fetch('/api/documents/journal-fr').then(r => r.json())")
    shown = pg.evaluate("CSS.highlights.get('khr-cite') && [...CSS.highlights.get('khr-cite')][0].toString()")
    assert shown == doc["text"][start:end] and shown.startswith("Une frappe de missiles sur Koupiansk")
    pg.screenshot(path=str(ARTIFACTS / "brief_cited_document.png"))
    watch.check()


def test_brief_page_language_day_picker_and_neighbours(page: tuple[Any, Watch], server: str) -> None:
    pg, watch = page
    pg.goto(f"{server}/#/brief?date=2023-05-24&lang=fr")
    pg.locator(".brief-title").wait_for()
    pg.select_option("select[name=lang]", "en")
    expect(pg.locator(".brief-title")).to_have_text(re.compile(r"^Day 455 of the full-scale war: "))
    assert "Kupiansk" in pg.locator(".brief").inner_text()
    # next day with documents is day 457 (nothing stored on 456): the link jumps there
    expect(pg.locator("[rel=next]")).to_have_attribute("href", re.compile("date=2023-05-26"))
    pg.click("[rel=next]")
    expect(pg.locator(".brief-title")).to_have_text(re.compile(r"^Day 457"))
    assert "lang=en" in pg.url
    # the day picker: a day of the war with nothing stored says so
    pg.fill("input[name=day]", "456")
    pg.dispatch_event("input[name=day]", "change")
    assert pg.input_value("input[name=date]") == "2023-05-25"
    pg.click(".brief-picker button[type=submit]")
    pg.wait_for_selector(".brief .empty")
    assert "Nothing stored for this day" in pg.locator(".brief").inner_text()
    assert "day 456" in pg.locator(".brief").inner_text()
    expect(pg.locator("[rel=prev]")).to_have_attribute("href", re.compile("date=2023-05-24"))
    pg.click("[rel=prev]")
    expect(pg.locator(".brief-title")).to_have_text(re.compile(r"^Day 455"))
    watch.check()
