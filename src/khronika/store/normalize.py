"""One normal form for names, so that a search finds an entity under any spelling it was seen with.

Both sides use it: the store when it records an alias, the search when it reads a query.
"""
from __future__ import annotations

import re
import unicodedata

# Ukrainian and Russian texts write the apostrophe in many ways (Мар'янка, Мар’янка, Марʼянка);
# French texts use ’ as well. They are all one letter for search purposes.
_APOSTROPHES = dict.fromkeys(map(ord, "’‘ʼʹ`´′ꞌ＇"), "'")
# Dashes and hyphens of every width (Нова Каховка / Нова-Каховка keeps its hyphen, but all
# hyphen code points become one).
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_SPACE = re.compile(r"\s+")

MAX_ALIAS_CHARS = 200  # longer "aliases" are sentences, not names; B-tree indexes also cap key size


def normalize_alias(text: str) -> str:
    """Casefolded, accent-free, apostrophe/dash/space-unified form of `text`.

    Accents are dropped (Kyïv = Kyiv, Dnipró = Dnipro, ё = е) because reporting in four languages
    spells them inconsistently; the price (й = и in Cyrillic) is acceptable for lookup.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_APOSTROPHES).translate(_DASHES)
    text = _SPACE.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text.casefold())
