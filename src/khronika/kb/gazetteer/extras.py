"""Records kept from GeoNames dumps the user imported (``khronika gazetteer import``), under the
user data dir: every later build folds them in, and their signature is part of the index version.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path

from .records import PlaceRecord


def extras_dir() -> Path:
    override = os.environ.get("KHRONIKA_GAZETTEER_EXTRAS")
    if override:
        return Path(override)
    from platformdirs import user_data_dir
    return Path(user_data_dir("khronika")) / "gazetteer-extra"


def save_extra_records(name: str, records: list[PlaceRecord]) -> Path:
    """Keep ``records`` as ``<name>.pkl`` (written to a temporary file, then renamed)."""
    d = extras_dir()
    d.mkdir(parents=True, exist_ok=True)
    target = d / (name + ".pkl")
    tmp = target.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(records, fh, protocol=5)
    os.replace(tmp, target)
    return target


def load_extra_records() -> list[PlaceRecord]:
    out: list[PlaceRecord] = []
    d = extras_dir()
    if d.exists():
        for p in sorted(d.glob("*.pkl")):
            with open(p, "rb") as fh:
                out.extend(pickle.load(fh))
    return out


def extras_signature() -> str:
    d = extras_dir()
    if not d.exists():
        return ""
    return ";".join(f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in sorted(d.glob("*.pkl")))
