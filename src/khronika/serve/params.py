"""Query-parameter parsing shared by the API routes: dates, bounding boxes, searches (422 when
malformed or too broad to answer fast)."""
from __future__ import annotations

import math
import re
from datetime import date

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from ..store import fulltext
from ..store.event_list import BBox
from ..store.normalize import normalize_alias

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

def invalid(name: str, message: str, value: object = None, where: str = "query") -> RequestValidationError:
    """A 422 shaped like FastAPI's own (the documented HTTPValidationError): clients read one shape."""
    return RequestValidationError([{"type": "value_error", "loc": (where, name), "msg": message, "input": value}])


Limit = Query(50, ge=1, le=200, description="Items per page (1-200)")
Cursor = Query(None, max_length=1000, description="The `next` value of the previous page")
Text = Query(None, max_length=500)


def iso_date(value: str | None, name: str) -> str | None:
    """`value` if it is a real YYYY-MM-DD date, None if absent; 422 otherwise."""
    if value is None or value == "":
        return None
    if not _ISO_DATE.fullmatch(value):
        raise invalid(name, f"{name!r} must be a date YYYY-MM-DD, not {value!r}", value)
    try:
        date.fromisoformat(value)
    except ValueError:
        raise invalid(name, f"{name!r} is not a calendar date: {value!r}", value) from None
    return value


def date_range(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    lo, hi = iso_date(date_from, "from"), iso_date(date_to, "to")
    if lo and hi and lo > hi:
        raise invalid("from", f"'from' ({lo}) is after 'to' ({hi})", lo)
    return lo, hi


def bbox(value: str | None) -> BBox | None:
    """minlon,minlat,maxlon,maxlat in degrees (minlon > maxlon means the box crosses 180°)."""
    if value is None or value == "":
        return None
    parts = value.split(",")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        nums = []
    if len(nums) != 4 or len(parts) != 4 or not all(math.isfinite(n) for n in nums):
        raise invalid("bbox", f"'bbox' must be minlon,minlat,maxlon,maxlat in degrees, not {value!r}", value)
    min_lon, min_lat, max_lon, max_lat = nums
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise invalid("bbox", "'bbox' is out of range: lon in [-180, 180], lat in [-90, 90], minlat <= maxlat", value)
    return BBox(min_lon, min_lat, max_lon, max_lat)


def search(value: str | None, name: str = "q") -> str | None:
    """A full-text query, if it has a word to search for (two letters or more: see
    fulltext.MIN_WORD); 422 otherwise, rather than a search over most of the store."""
    if value is None or not value.strip():
        return None
    if not fulltext.search_terms(value):
        raise invalid(name, f"{name!r} needs a word of at least {fulltext.MIN_WORD} letters or digits", value)
    return value


def name_prefix(value: str | None, name: str = "q") -> str | None:
    """A name searched by prefix (entities): at least MIN_WORD characters once normalised."""
    if value is None or not value.strip():
        return None
    if len(normalize_alias(value)) < fulltext.MIN_WORD:
        raise invalid(name, f"{name!r} needs at least {fulltext.MIN_WORD} letters or digits", value)
    return value
