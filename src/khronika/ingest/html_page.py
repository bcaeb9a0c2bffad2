"""HTML pages: the article's main text (trafilatura), one line per heading, paragraph or item."""
from __future__ import annotations

import re
from typing import Any

from .decode import decode_text, declared_encoding
from .metadata import cap_source, cap_title, cap_url
from .model import IngestProblem, SourceDocument
from .pubdate import iso_date

NO_MAIN_TEXT = "no main text found in the HTML"

# Elements of trafilatura's XML that hold blocks rather than inline text.
_BLOCK_TAGS = frozenset(("head", "p", "item", "list", "quote", "code", "table", "row", "cell", "div"))
# What may come before <html>: an XML declaration (XHTML), processing instructions, comments.
# trafilatura judges "is this HTML?" from the first 50 characters and lxml refuses a str with an
# encoding declaration, so a page opening with them lost its text; none of it is content.
_PROLOG = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->)+", re.DOTALL)


def read_html(data: bytes, origin: str) -> SourceDocument:
    html, warnings = decode_text(data, declared=declared_encoding(data))
    html = _PROLOG.sub("", html, count=1)
    try:
        extracted = _extract(html, with_metadata=True)
    except Exception as exc:  # noqa: BLE001 - a bug of the date finder on odd markup (an <svg> root)
        # The text matters more than the metadata: read the page again without them.
        warnings.append(f"the page's metadata (title, date) could not be read ({type(exc).__name__}): left out")
        try:
            extracted = _extract(html, with_metadata=False)
        except Exception as exc2:  # noqa: BLE001
            raise IngestProblem(f"the HTML could not be parsed ({type(exc2).__name__}: {exc2})") from None
    body = getattr(extracted, "body", None) if extracted is not None else None
    blocks = _blocks(body) if body is not None else []
    text = "\n\n".join(t for _, t in blocks)
    if not text.strip():
        raise IngestProblem(NO_MAIN_TEXT)
    return SourceDocument(
        text=text,
        origin=origin,
        title=cap_title(_clean(getattr(extracted, "title", None)), warnings),
        url=cap_url(_clean(getattr(extracted, "url", None)), warnings),
        published=iso_date(getattr(extracted, "date", None)),
        source=cap_source(_clean(getattr(extracted, "sitename", None)), warnings),
        headings=[t for kind, t in blocks if kind == "head"],
        warnings=warnings,
    )


def _extract(html: str, *, with_metadata: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        with_metadata=with_metadata,
        include_comments=False,  # readers' comments are not the report
        include_tables=True,
        include_formatting=False,
        favor_recall=True,  # a short dispatch is still an article; losing text is worse than a menu line
        # Only dates from the page's metadata and markup: an "extensive" search also takes
        # dates from the running text, and a report that mentions 24 February 2022 was not
        # published then.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _clean(value: str | None) -> str | None:
    return (" ".join(value.split()) or None) if value else None


def _blocks(container: Any) -> list[tuple[str, str]]:
    """(tag, text) for each block of trafilatura's XML body, in reading order.

    Headings become blocks of their own so that the text keeps them as lines (and the nlp
    layer can find sections); lists and tables become one line per item or row.
    """
    out: list[tuple[str, str]] = []
    for element in container:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "row":
            line = " | ".join(c for c in (_inline_text(cell) for cell in element) if c)
            if line:
                out.append((tag, line))
        elif any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in element):
            children = _blocks(element)
            if tag in ("list", "table") and children:
                # List items and table rows stay together, one per line, as the page shows them.
                out.append((tag, "\n".join(t for _, t in children)))
            else:
                out.extend(children)
        else:
            line = _inline_text(element)
            if line:
                out.append((tag, line))
        tail = " ".join((element.tail or "").split())
        if tail:
            out.append(("p", tail))
    return out


_LINE_BREAK = "\x00"  # cannot occur in decoded text: decode refuses NULs as binary


def _inline_text(element: Any) -> str:
    """An element's text with inline markup dropped, whitespace collapsed, <lb/> as newlines."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if child.tag == "lb":
                parts.append(_LINE_BREAK)
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = (" ".join(segment.split()) for segment in "".join(parts).split(_LINE_BREAK))
    return "\n".join(line for line in lines if line)
