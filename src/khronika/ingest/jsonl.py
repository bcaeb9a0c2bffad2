"""JSON Lines files: one input object per line; a bad line is reported and the rest go on."""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from .decode import decode_text
from .limits import check_size
from .load import os_problem
from .model import IngestError, IngestProblem, SourceDocument
from .records import parse_json, record_id, record_to_document

_CHUNK = 1 << 16


def read_jsonl(path: str, max_bytes: int) -> Iterator[SourceDocument | IngestError]:
    """Stream the file line by line: the size limit applies to each line (one document),
    so a corpus of many articles in one file is fine.
    """
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise os_problem(exc) from None
    with fh:
        head = fh.read(8192)
        fh.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.count(0) > max(4, len(head) // 100):
            # UTF-16 cannot be split on b"\n", and a binary file should give one error, not
            # one per "line": both are rare, so read them whole and let decoding decide. (A
            # stray NUL in one line of a text file costs that line only.)
            lines = _whole_file_lines(fh, max_bytes)
        else:
            lines = _byte_lines(fh, max_bytes)
        seen = False
        for number, line, warnings in lines:
            seen = True
            origin = f"{path}:{number}"
            try:
                if isinstance(line, IngestProblem):
                    raise line
                obj = parse_json(line)
                try:
                    doc = record_to_document(obj, origin)
                    doc.warnings[:0] = warnings
                    yield doc
                except IngestProblem as problem:
                    problem.id = problem.id or record_id(obj)
                    raise
            except IngestProblem as problem:
                yield IngestError(origin=origin, message=problem.message, id=problem.id)
            except Exception as exc:  # noqa: BLE001 - one strange line must not cost the rest of the file
                yield IngestError(origin=origin, message=f"could not be read: {type(exc).__name__}: {exc}")
        if not seen:
            raise IngestProblem("empty document (no JSON lines in the file)")


Line = tuple[int, "str | IngestProblem", list[str]]  # number, text or why not, warnings


def _whole_file_lines(fh: BinaryIO, max_bytes: int) -> Iterator[Line]:
    data = fh.read(max_bytes + 1)
    check_size(len(data), max_bytes, unknown_total=True)
    text, warnings = decode_text(data)
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield number, line, warnings


def _byte_lines(fh: BinaryIO, max_bytes: int) -> Iterator[Line]:
    number = 0
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            size = len(raw) + _skip_rest_of_line(fh)
            try:
                check_size(size, max_bytes)
            except IngestProblem as problem:
                yield number, problem, []
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            continue  # blank lines separate nothing in JSON Lines; they are not documents
        try:
            # JSON is UTF-8 by definition (RFC 8259); other encodings get the usual detection,
            # line by line, which is all a streamed file allows.
            line: str | IngestProblem
            warnings: list[str]
            line, warnings = raw.decode("utf-8"), []
        except UnicodeDecodeError:
            try:
                line, warnings = decode_text(raw)
            except IngestProblem as problem:
                line, warnings = problem, []
        yield number, line, warnings


def _skip_rest_of_line(fh: BinaryIO) -> int:
    skipped = 0
    while True:
        chunk = fh.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped
