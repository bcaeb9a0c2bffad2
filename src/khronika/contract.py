"""The analysis contract (../shared/CONTRACT.md) as a JSON Schema, and the checks on it.

Every layer exchanges documents as the contract's plain dicts, so this module is the
one place that knows the shape. It imports nothing from khronika.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_ID = "khronika.document/1"


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of one analysed document."""
    with resources.files("khronika.schema").joinpath("document.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def schema_errors(doc: dict[str, Any]) -> list[str]:
    """Every way `doc` breaks the schema or its offsets, as readable lines (empty when valid)."""
    errors = [f"{'/'.join(map(str, e.path)) or '<root>'}: {e.message}" for e in _validator().iter_errors(doc)]
    if not errors:
        errors.extend(offset_errors(doc))
    return errors


def validate(doc: dict[str, Any]) -> None:
    """Raise ValueError naming every problem when `doc` is not a valid contract object."""
    errors = schema_errors(doc)
    if errors:
        raise ValueError("not a valid khronika.document/1:\n  " + "\n  ".join(errors[:20]))


def offset_errors(doc: dict[str, Any]) -> list[str]:
    """Offsets must point into `text` and quote the words they claim to (the provenance rule)."""
    text = doc["text"]
    n = len(text)
    out: list[str] = []

    def check(where: str, start: int | None, end: int | None, said: str | None) -> None:
        if start is None or end is None:
            return
        if not (0 <= start <= end <= n):
            out.append(f"{where}: offsets {start}..{end} outside text of length {n}")
        elif said is not None and text[start:end] != said:
            out.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {said!r}")

    for s in doc["document"]["sections"]:
        check("section", s["start"], s["end"], None)
    for e in doc["entities"]:
        for m in e["mentions"]:
            check(f"entity {e['id']}", m["start"], m["end"], m["text"])
    for q in doc["quotes"]:
        check("quote content", q["content_start"], q["content_end"], q["content"])
        check("quote speaker", q["speaker_start"], q["speaker_end"], q["speaker_text"])
    for ev in doc["events"]:
        check("event evidence", ev["evidence"]["start"], ev["evidence"]["end"], ev["evidence"]["text"])
    return out


def empty_document(doc_id: str, text: str, **document: Any) -> dict[str, Any]:
    """A contract object with no findings yet; `document` fills the metadata block."""
    meta: dict[str, Any] = {
        "title": None, "language": None, "published": None, "day_of_war": None, "date": None,
        "source": None, "url": None, "sections": [],
    }
    meta.update(document)
    return {
        "schema": SCHEMA_ID, "id": doc_id, "text": text, "document": meta,
        "entities": [], "quotes": [], "events": [], "episodes": [],
    }


def error_object(message: str, *, path: str | None = None, doc_id: str | None = None,
                 stage: str = "read") -> dict[str, Any]:
    """What stands in a batch's output for a document that could not be read ("read") or whose
    analysis failed ("analysis")."""
    return {"error": message, "id": doc_id, "path": path, "stage": stage}
