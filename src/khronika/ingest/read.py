"""`read_inputs`: every path -> SourceDocument or IngestError, in input order."""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator

from .feed import looks_like_feed, read_feed
from .html_page import read_html
from .jsonfile import read_json
from .jsonl import read_jsonl
from .ids import document_id
from .langid import detect_language
from .load import read_file_bytes, read_stdin_bytes
from .markdown import read_markdown
from .model import DEFAULT_MAX_BYTES, IngestError, IngestProblem, SourceDocument
from .text import read_text
from .walk import STDIN, expand_paths

STDIN_ORIGIN = "<stdin>"
# Warnings (a date dropped, a title cut, stray bytes replaced) are on each document and also
# logged here: without a logging set-up, Python prints them on stderr, as the command line wants.
log = logging.getLogger("khronika.ingest")

_MARKDOWN = (".md", ".markdown")
_HTML = (".html", ".htm", ".xhtml")
_FEED = (".xml", ".rss", ".atom")


def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    lang: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[SourceDocument | IngestError]:
    """Read files, folders and "-" (stdin) into documents, in input order.

    Never raises for a bad input: each unreadable document becomes an IngestError in its
    place and the batch goes on. Every SourceDocument has a language: the one the input
    gives (json/jsonl "language"), else `lang`, else the detected one.
    """
    forced = lang.strip().lower() if lang and lang.strip() else None
    ids = _GivenIds()
    for item in expand_paths(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        origin = STDIN_ORIGIN if item == STDIN else item
        try:
            for result in _read_one(item, max_bytes):
                if isinstance(result, SourceDocument):
                    result = ids.check(result)
                if isinstance(result, SourceDocument) and not result.language:
                    result = _with_language(result, forced)
                if isinstance(result, SourceDocument):
                    for warning in result.warnings:
                        log.warning("warning %s: %s", result.origin, warning)
                yield result
        except IngestProblem as problem:
            yield IngestError(origin=origin, message=problem.message, id=problem.id)
        except Exception as exc:  # noqa: BLE001 - one strange file must not stop the batch
            yield IngestError(origin=origin, message=f"could not be read: {type(exc).__name__}: {exc}")


def _with_language(doc: SourceDocument, forced: str | None) -> SourceDocument | IngestError:
    try:
        doc.language = forced or detect_language(doc.text)
    except Exception as exc:  # noqa: BLE001 - this document only, not the rest of its file
        return IngestError(origin=doc.origin, id=doc.id,
                           message=f"could not detect the language ({type(exc).__name__}: {exc}); give it with --lang")
    return doc


class _GivenIds:
    """Given ids seen so far in the batch, with a hash of their text: a second document under
    an id already used for another text is an error, not a silent "already stored"."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}

    def check(self, doc: SourceDocument) -> SourceDocument | IngestError:
        if not doc.id:
            return doc  # the id will be the content hash: same id, same text
        digest = document_id(doc.text)
        first = self._seen.setdefault(doc.id, (digest, doc.origin))
        if first[0] == digest:
            return doc
        return IngestError(origin=doc.origin, id=doc.id, message=(
            f"the id {doc.id!r} is already used by {first[1]} for a different text; "
            "this document is not read (give each document its own id)"))


def _read_one(path: str, max_bytes: int) -> Iterator[SourceDocument | IngestError]:
    if path == STDIN:
        yield read_text(read_stdin_bytes(max_bytes), STDIN_ORIGIN)
        return
    ext = os.path.splitext(path)[1].lower()
    if ext in (".jsonl", ".ndjson"):
        yield from read_jsonl(path, max_bytes)
        return
    data = read_file_bytes(path, max_bytes)
    if ext in _MARKDOWN:
        yield read_markdown(data, path)
    elif ext in _HTML:
        yield read_html(data, path)
    elif ext == ".json":
        yield from read_json(data, path)
    elif ext in _FEED or (ext != ".txt" and looks_like_feed(data)):
        yield from read_feed(data, path)
    else:
        # .txt, and any other file named explicitly: read as plain text.
        yield read_text(data, path)
