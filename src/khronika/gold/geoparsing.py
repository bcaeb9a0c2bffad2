"""The geoparsing gold formats of ../shared/data/geoparsing, read into plain records.

* LGL and TR-News: ``<articles><article><text>…</text><toponyms><toponym><start/><end/>
  <phrase/><gaztag geonameid=…><lat/><lon/>…</gaztag></toponym>…`` (toponyms without a
  ``gaztag``/coordinates are kept as *unscored* gold);
* GeoVirus: ``<articles><article><source/><text/><locations><location><name/><start/><end/>
  <lat/><lon/>…`` (its offsets are one character late; spans are re-anchored on the name);
* TSV of short texts (``read_tsv``): ``text, place name, lat, lon``, one gold toponym a line.

A reader sits below every layer that uses it: `khronika eval geocode` scores against it and
`khronika train words` takes its vocabulary from the same texts.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["GoldToponym", "Article", "read_tsv", "read_corpus"]


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonames_id: int | None = None


@dataclass
class Article:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    id: str | None = None


def _float(x) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _anchor(text: str, start: int, end: int, name: str) -> tuple[int, int]:
    """Re-anchor a gold span on its name when the offsets are off by a few characters."""
    if not name or text[start:end] == name:
        return start, end
    for d in (-1, 1, -2, 2, -3, 3):
        if text[start + d:end + d] == name:
            return start + d, end + d
    return start, end


def read_tsv(path: str | Path) -> list[Article]:
    """Short texts, one a line: ``text<TAB>place name as written<TAB>lat<TAB>lon`` ('#' comments)."""
    out: list[Article] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, name, lat, lon = line.split("\t")[:4]
        start = text.find(name)
        if start < 0:
            raise ValueError(f"{path}: {name!r} is not in {text!r}")
        out.append(Article(text=text, toponyms=[GoldToponym(start, start + len(name), name, float(lat), float(lon))]))
    return out


def read_corpus(path: str | Path, limit: int | None = None, half: str | None = None) -> list[Article]:
    """Articles of an LGL, TR-News or GeoVirus XML file (or a TSV of short texts, see read_tsv);
    ``half`` "even" or "odd" keeps the articles of even or odd index (a development/held-out split)."""
    arts = _read_xml(path) if not str(path).endswith(".tsv") else read_tsv(path)
    if half in ("even", "odd"):
        arts = arts[0 if half == "even" else 1::2]
    return arts[:limit] if limit else arts


def _read_xml(path: str | Path, limit: int | None = None) -> list[Article]:
    root = ET.parse(str(path)).getroot()
    out: list[Article] = []
    for a in root.iter("article"):
        text = a.findtext("text") or ""
        tops: list[GoldToponym] = []
        for t in a.iter("toponym"):
            start, end = int(t.findtext("start") or ""), int(t.findtext("end") or "")
            name = t.findtext("phrase") or ""
            g = t.find("gaztag")
            lat = lon = gid = None
            if g is not None:
                lat, lon = _float(g.findtext("lat")), _float(g.findtext("lon"))
                gid_text = g.get("geonameid") or ""
                gid = int(gid_text) if gid_text.isdigit() else None
            else:
                lat, lon = _float(t.findtext("lat")), _float(t.findtext("lon"))
            start, end = _anchor(text, start, end, name)
            tops.append(GoldToponym(start, end, name, lat, lon, gid))
        for t in a.iter("location"):
            start, end = int(t.findtext("start") or ""), int(t.findtext("end") or "")
            name = t.findtext("name") or ""
            start, end = _anchor(text, start, end, name)
            tops.append(GoldToponym(start, end, name, _float(t.findtext("lat")), _float(t.findtext("lon"))))
        out.append(Article(text=text, toponyms=tops, id=a.get("docid") or a.findtext("source")))
        if limit and len(out) >= limit:
            break
    return out
