"""One CONTRACT input object ({"text", "id"?, "title"?, ...}) -> SourceDocument."""
from __future__ import annotations

import json
from typing import Any

from .metadata import cap_source, cap_title, cap_url, check_id, check_language, check_text
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
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise IngestProblem(f"not usable JSON: {exc}") from None
    except RecursionError:
        raise IngestProblem("not usable JSON: nested too deeply") from None


def record_id(obj: Any) -> str | None:
    """The given id, if there is a usable one (so that even an error can carry it)."""
    if isinstance(obj, dict):
        value = obj.get("id")
        # Numbers are accepted because spreadsheets and databases export ids as numbers.
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            try:
                return check_id(value)
            except IngestProblem:
                return None  # unusable: an error must not carry it either (it may hold CR/LF)
    return None


def record_to_document(obj: Any, origin: str) -> SourceDocument:
    """Check one input object and turn it into a SourceDocument (text unchanged).

    The text and id must be usable as given; metadata that is not (a date that is no date, a
    title of megabytes) is dropped or cut, with a warning on the document."""
    if not isinstance(obj, dict):
        raise IngestProblem(f"expected a JSON object with a \"text\" key, found {json_type(obj)}")
    doc_id = record_id(obj)
    given_id = obj.get("id")
    if given_id is not None and doc_id is None:
        if isinstance(given_id, str) and given_id.strip():
            check_id(given_id)  # raises, saying what is wrong with it
        raise IngestProblem(f"\"id\" must be a non-empty string, not {json_type(given_id)}")
    if "text" not in obj:
        raise IngestProblem("missing the required key \"text\"", id=doc_id)
    text = obj["text"]
    if not isinstance(text, str):
        raise IngestProblem(f"\"text\" must be a string, not {json_type(text)}", id=doc_id)
    if not text.strip():
        raise IngestProblem("empty document", id=doc_id)
    check_text(text, doc_id)

    fields: dict[str, str | None] = {}
    for key in OPTIONAL_STRINGS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise IngestProblem(f"\"{key}\" must be a string, not {json_type(value)}", id=doc_id)
        fields[key] = (value.strip() or None) if isinstance(value, str) else None
    warnings: list[str] = []
    fields["title"] = cap_title(fields["title"], warnings)
    fields["source"] = cap_source(fields["source"], warnings)
    fields["url"] = cap_url(fields["url"], warnings)
    fields["language"] = check_language(fields["language"], warnings)
    fields["published"] = _published(obj.get("published"), warnings)
    return SourceDocument(text=text, origin=origin, id=doc_id, warnings=warnings, title=fields["title"],
                          url=fields["url"], published=fields["published"], language=fields["language"],
                          source=fields["source"])


def _published(value: Any, warnings: list[str]) -> str | None:
    """The publication date, or None with a warning when the value is not a date: a wrong date
    is metadata lost, not a reason to lose the document."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        warnings.append(f"\"published\" must be a date string, not {json_type(value)}: dropped")
        return None
    date = iso_date(value)
    if date is None:
        shown = value if len(value) <= 60 else value[:60] + "…"
        warnings.append(f"\"published\" is {shown!r}, not a date (expected e.g. \"2023-05-21\"): dropped")
    return date
