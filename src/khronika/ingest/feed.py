"""RSS and Atom feeds (feedparser): one document per entry."""
from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from typing import Any

from .decode import decode_bytes, declared_encoding
from .metadata import cap_source, cap_title, cap_url
from .model import IngestError, IngestProblem, SourceDocument
from .pubdate import iso_date, struct_date
from .strip_html import html_to_text

_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>]")
_HTML = re.compile(r"<html[\s>]")


def looks_like_feed(data: bytes) -> bool:
    """True when the first few KB open an RSS, Atom or RSS 1.0 (RDF) document."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        sample = head.decode("utf-16", "ignore")
    else:
        # Latin-1 maps every byte, so the ASCII markup reads right whatever the real encoding.
        sample = head.decode("latin-1")
    sample = sample.lower()
    m = _ROOT.search(sample)
    if not m:
        return False
    html = _HTML.search(sample)
    return html is None or html.start() > m.start()


def read_feed(data: bytes, origin: str) -> Iterator[SourceDocument | IngestError]:
    import feedparser

    # Decoding here only rejects binary or empty files with our usual messages; feedparser
    # gets the bytes, because it honours the XML encoding declaration itself.
    decode_bytes(data, declared=declared_encoding(data))
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    if not parsed.entries:
        if parsed.get("version"):
            raise IngestProblem("the feed has no entries")
        reason = _xml_problem(parsed)
        raise IngestProblem("not an RSS or Atom feed" + (f" ({reason})" if reason else ""))
    # A feed that is not well-formed (feedparser's "bozo") still yields the entries it could
    # read: one broken tag should not cost the whole day's news.
    feed_title = _plain(parsed.feed.get("title_detail")) or None
    for number, entry in enumerate(parsed.entries, start=1):
        entry_origin = f"{origin}#entry-{number}"
        try:
            yield _entry_document(entry, entry_origin, feed_title)
        except IngestProblem as problem:
            yield IngestError(origin=entry_origin, message=problem.message, id=problem.id)


def _entry_document(entry: Any, origin: str, feed_title: str | None) -> SourceDocument:
    title = _plain(entry.get("title_detail")) or " ".join(str(entry.get("title") or "").split())
    bodies = [_plain(c) for c in entry.get("content") or []]
    bodies.append(_plain(entry.get("summary_detail")))
    body = max(bodies, key=len)  # full content when the feed has it, else the summary
    if title and body.startswith(title):
        body = body[len(title):].lstrip()  # some feeds repeat the title as the first line
    if not title and not body:
        raise IngestProblem("feed entry has no text (no title, summary or content)")
    text = f"{title}\n\n{body}" if title and body else title or body
    published = iso_date(entry.get("published")) or iso_date(entry.get("updated"))
    if published is None:
        published = struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    warnings: list[str] = []
    return SourceDocument(
        text=text,
        origin=origin,
        title=cap_title(title or None, warnings),
        url=cap_url(str(entry.get("link") or "") or None, warnings),
        published=published,
        source=cap_source(feed_title, warnings),
        warnings=warnings,
    )


def _plain(detail: Any) -> str:
    """Text of a feedparser text construct, HTML stripped when it is HTML."""
    if not detail:
        return ""
    value = str(detail.get("value") or "")
    if "html" in str(detail.get("type") or ""):
        return html_to_text(value)
    return "\n".join(" ".join(line.split()) for line in value.strip().splitlines()).strip()


def _xml_problem(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return ""
    line = getattr(exc, "getLineNumber", lambda: None)()
    message = getattr(exc, "getMessage", lambda: str(exc))()
    return f"XML error: {message}" + (f" at line {line}" if line else "")
