"""The gazetteer index's vocabulary, shared by the builder and the reader: feature types,
precisions, name qualities (a posting is ``place_index * 8 + quality``), place flags and the
prefixes of synthetic keys.
"""
from __future__ import annotations

FEATURES = ("country", "region", "district", "city", "town", "village", "site", "landmark", "area",
            "sea", "continent")
PRECISIONS = ("point", "settlement", "region", "country")
F = {name: i for i, name in enumerate(FEATURES)}
P = {name: i for i, name in enumerate(PRECISIONS)}

# name qualities (lower is better); a posting is place_index * 8 + quality
Q_OFFICIAL, Q_ALT, Q_TRANSLIT, Q_BASE, Q_DEMONYM, Q_ABBR, Q_ADJ = range(7)
QUALITIES = ("official", "alternate", "translit", "base", "demonym", "abbr", "adjective")

# place flags
FLAG_CAPITAL = 1       # national capital
FLAG_GOV = 2           # a seat of government whose name stands for it (Kremlin, White House)
FLAG_NO_COORDS = 4     # coordinates unknown: resolved from document context (US counties)
FLAG_APPROX = 8        # coordinates of an enclosing unit (hromada / raion centre)
FLAG_ADMIN_SEAT = 16   # centre of a first-level region (oblast centre, eponymous region)
FLAG_KATOTTG = 32      # present in the Ukrainian codifier

ADJ_PREFIX = "@adj:"   # "@adj:obl донецк" / "@adj:rai бахмутск"
CODE_PREFIX = "@code:"  # "@code:ukr", "@code:tx": ISO 3166 alpha-3 and US postal codes, all-capital text only
