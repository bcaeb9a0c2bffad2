"""CSV of entity mentions: one row per mention of an entity in a stored document.

Columns, in order:

- `document_id`   id of the document the mention is in
- `document_date` the date the document reports on (`document.date`), else its published date;
                  empty when neither is known
- `entity_id`     the entity's stable id (`kb:...`, `wd:Q...`, ...)
- `type`          PERSON, ORG, PLACE, UNIT, EVENT or MISC
- `name`          the entity's canonical name
- `wikidata`      Wikidata id (`Q...`) or empty
- `mention_text`  the words in the document, exactly `text[start:end]`
- `start`, `end`  character offsets of the mention in the document's `text`
- `lat`, `lon`    WGS84 coordinates of a located entity, else empty
- `country`       ISO 3166-1 alpha-2 code, else empty
- `admin1`        first-level administrative region, else empty

Rows are ordered by document id, then offset. Lines end with "\n"; fields are quoted when needed
(RFC 4180 style), and the output is UTF-8 text as given by the caller's stream.
"""
from __future__ import annotations

import csv
from typing import TextIO

from ..store import Store

COLUMNS = ("document_id", "document_date", "entity_id", "type", "name", "wikidata", "mention_text",
           "start", "end", "lat", "lon", "country", "admin1")


def write_csv(store: Store, out: TextIO) -> int:
    """Write the header and one row per mention; returns the number of rows (header excluded)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for row in store.iter_mention_rows():
        writer.writerow([row[c] for c in COLUMNS])  # None becomes an empty field
        n += 1
    return n
