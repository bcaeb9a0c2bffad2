"""Offline gazetteer: countries, first-level regions, cities of 500+ people, every Ukrainian
settlement (KATOTTG), spelling variants (official Ukrainian romanisation and its French
table, Russian romanisations, exonyms, former names), region name forms and demonyms.

    from khronika.kb.gazetteer import build_index, get_gazetteer
    build_index()                      # once; `khronika gazetteer build`
    gaz = get_gazetteer()              # < 1 s; built on first use when missing
    gaz.search("Koupiansk")[0].name    # 'Kupiansk'
"""
from .build import build_index
from .geometry import haversine_km
from .geonames_dump import import_geonames, read_geonames_dump
from .index import Gazetteer, Place, get_gazetteer, load_index
from .normalize import adjective_stem, cyrillic_language, is_cyrillic, loose_key, normalize_name
from .records import PlaceRecord
from .schema import (ADJ_PREFIX, CODE_PREFIX, FEATURES, FLAG_ADMIN_SEAT, FLAG_APPROX, FLAG_CAPITAL, FLAG_GOV,
                     FLAG_KATOTTG, FLAG_NO_COORDS, PRECISIONS, Q_ABBR, Q_ADJ, Q_ALT, Q_BASE, Q_DEMONYM, Q_OFFICIAL,
                     Q_TRANSLIT)
from .version import default_index_path, index_version

__all__ = [
    "ADJ_PREFIX", "CODE_PREFIX", "FEATURES", "PRECISIONS", "Q_ABBR", "Q_ADJ", "Q_ALT", "Q_BASE", "Q_DEMONYM", "Q_OFFICIAL",
    "Q_TRANSLIT", "FLAG_ADMIN_SEAT", "FLAG_APPROX", "FLAG_CAPITAL", "FLAG_GOV", "FLAG_KATOTTG", "FLAG_NO_COORDS", "Gazetteer", "Place", "PlaceRecord", "adjective_stem", "build_index", "cyrillic_language",
    "default_index_path", "get_gazetteer", "haversine_km", "import_geonames", "index_version", "is_cyrillic",
    "load_index", "read_geonames_dump",
    "loose_key", "normalize_name",
]
