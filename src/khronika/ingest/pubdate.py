"""Publication dates from metadata, as YYYY-MM-DD."""
from __future__ import annotations

import re
import time
from datetime import date
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?![\d])")


def iso_date(value: str | None) -> str | None:
    """The calendar date in an ISO 8601 or RFC 2822 date string, or None when there is none.

    The date is taken as written, in the publisher's own time zone: converting
    "2023-05-21T01:00+03:00" to UTC would move the article to the day before.
    """
    if not value or not value.strip():
        return None
    m = _ISO.match(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def struct_date(value: time.struct_time | None) -> str | None:
    """The date of a time.struct_time (feedparser's normalised UTC dates)."""
    if value is None:
        return None
    return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
