"""One CONTRACT input object ({"text", "id"?, "title"?, ...}) -> SourceDocument."""
from __future__ import annotations

import json
from typing import Any

from .model import IngestProblem, SourceDocument
from .pubdate import iso_date

OPTIONAL_STRINGS = ("title", "url", "source", "language")


def json_type(value: Any) -> str:
    """The JSON name of a value's type, for messages a person reads."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def parse_json(text: str) -> Any:
    """json.loads with the error said plainly."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestProblem(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None


def record_id(obj: Any) -> str | None:
    """The given id, if there is a usable one (so that even an error can carry it)."""
    if isinstance(obj, dict):
        value = obj.get("id")
        # Numbers are accepted because spreadsheets and databases export ids as numbers.
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return None


def record_to_document(obj: Any, origin: str) -> SourceDocument:
    """Check one input object and turn it into a SourceDocument (text unchanged)."""
    if not isinstance(obj, dict):
        raise IngestProblem(f"expected a JSON object with a \"text\" key, found {json_type(obj)}")
    doc_id = record_id(obj)
    if "id" in obj and obj["id"] is not None and doc_id is None:
        raise IngestProblem(f"\"id\" must be a non-empty string, not {json_type(obj['id'])}")
    if "text" not in obj:
        raise IngestProblem("missing the required key \"text\"", id=doc_id)
    text = obj["text"]
    if not isinstance(text, str):
        raise IngestProblem(f"\"text\" must be a string, not {json_type(text)}", id=doc_id)
    if not text.strip():
        raise IngestProblem("empty document", id=doc_id)

    fields: dict[str, str | None] = {}
    for key in OPTIONAL_STRINGS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise IngestProblem(f"\"{key}\" must be a string, not {json_type(value)}", id=doc_id)
        fields[key] = (value.strip() or None) if isinstance(value, str) else None

    published = obj.get("published")
    if published is not None:
        if not isinstance(published, str):
            raise IngestProblem(f"\"published\" must be a date string, not {json_type(published)}", id=doc_id)
        fields["published"] = iso_date(published)
        if fields["published"] is None and published.strip():
            raise IngestProblem(
                f"\"published\" is {published!r}, not a date (expected e.g. \"2023-05-21\")", id=doc_id
            )

    if fields["language"]:
        fields["language"] = fields["language"].lower()
    return SourceDocument(text=text, origin=origin, id=doc_id, **fields)
