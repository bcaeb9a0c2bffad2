"""JSON files: one input object, or a list of them."""
from __future__ import annotations

from collections.abc import Iterator

from .decode import decode_text
from .model import IngestError, IngestProblem, SourceDocument
from .records import json_type, parse_json, record_id, record_to_document


def read_json(data: bytes, origin: str) -> Iterator[SourceDocument | IngestError]:
    text, warnings = decode_text(data)
    value = parse_json(text)
    if isinstance(value, dict):
        doc = record_to_document(value, origin)
        doc.warnings[:0] = warnings
        yield doc
        return
    if not isinstance(value, list):
        raise IngestProblem(f"expected a JSON object or a list of objects, found {json_type(value)}")
    if not value:
        raise IngestProblem("the JSON list holds no documents")
    for number, obj in enumerate(value, start=1):
        item_origin = f"{origin}#item-{number}"
        try:
            doc = record_to_document(obj, item_origin)
            doc.warnings[:0] = warnings
            yield doc
        except IngestProblem as problem:
            yield IngestError(origin=item_origin, message=problem.message, id=problem.id or record_id(obj))
