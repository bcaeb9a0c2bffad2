"""From the stored documents of one day to what the brief reports: happenings, statements,
episodes. Nothing here writes a sentence; compose.py does, from these structures.

A happening is one thing that took place, with every report of it in the day's documents. The
store's event clusters (store/events.py) already group one event's reports across documents and
languages; here the clusters of one kind at one place on the day are taken together too (a strike
that a wire calls "shelling" and a digest "an attack on civilians" is one strike for a reader).
"""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

# (section, kind) by ACLED sub-type, then by PLOVER event/mode for events ACLED does not type.
ACLED_KINDS = {
    "Armed clash": ("front", "combat"),
    "Government regains territory": ("front", "regain"),
    "Non-state actor overtakes territory": ("front", "advance"),
    "Non-violent transfer of territory": ("front", "withdraw"),
    "Shelling/artillery/missile attack": ("strikes", "strike"),
    "Air/drone strike": ("strikes", "strike"),
    "Remote explosive/landmine/IED": ("strikes", "strike"),
    "Suicide bomb": ("strikes", "strike"),
    "Grenade": ("strikes", "strike"),
    "Attack": ("strikes", "strike"),
    "Disrupted weapons use": ("strikes", "intercept"),
    "Agreement": ("diplomacy", "agree"),
}
PLOVER_KINDS = {("CONSULT", "visit"): "visit", ("CONSULT", "phone"): "call", ("CONSULT", "meet"): "meet",
                ("CONSULT", None): "meet", ("AGREE", None): "agree"}
THEATRE = {"UA", "RU"}   # front line and strikes are reported where the war is fought
SECTIONS = ("front", "strikes", "diplomacy", "statements", "episodes")


@lru_cache(maxsize=1)
def _figure_reader() -> Callable[[str], dict[str, int]]:
    """nlp/events/figures.py's `figures(text)`. It is a pure function of the text, but importing it
    the usual way runs its package's __init__, which loads spaCy (seconds of a one-day brief's
    time), so it is read as a module of its own unless the pipeline already loaded it."""
    name = "khronika.nlp.events.figures"
    if name in sys.modules:
        return sys.modules[name].figures
    import khronika.nlp

    path = Path(khronika.nlp.__file__).parent / "events" / "figures.py"
    spec = importlib.util.spec_from_file_location("khronika_brief_figures", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.figures


@dataclass
class Report:
    doc: str
    idx: int
    event: dict[str, Any]
    cluster: dict[str, Any] | None

    @property
    def spans(self) -> list[tuple[str, int, int]]:
        """Every sentence the event was read from: an event merged within its document (issue 11)
        keeps each member's span in `evidence_spans`."""
        spans = [e for e in self.event.get("evidence_spans") or [] if isinstance(e, dict)] or [self.event["evidence"]]
        return [(self.doc, int(e["start"]), int(e["end"])) for e in spans]

    @property
    def figures(self) -> list[dict[str, int]]:
        """Casualty figures as a list of {"killed": n, "injured": n}."""
        return [f for f, _ in self.figure_claims()]

    def figure_claims(self) -> list[tuple[dict[str, int], str | None]]:
        """(figures, whose claim) for each sentence of the event that states casualties. The
        figures are read from each sentence (the same pure function the extractor uses), so a
        merged event keeps one figure per sentence and each sentence its claimant."""
        read_figures = _figure_reader()
        claims = {(int(c.get("start", -1)), int(c.get("end", -1))): c.get("by")
                  for c in self.event.get("claims") or [] if isinstance(c, dict)}
        spans = [e for e in self.event.get("evidence_spans") or [] if isinstance(e, dict)] or [self.event["evidence"]]
        out = []
        for e in spans:
            f = read_figures(str(e.get("text") or ""))
            if f.get("killed") or f.get("injured"):
                who = claims.get((int(e["start"]), int(e["end"])))
                if who is None and len(spans) == 1:
                    who = self.event.get("claimed_by")
                out.append((f, who))
        if out:
            return out
        given = self.event.get("figures")
        given = [given] if isinstance(given, dict) else given if isinstance(given, list) else []
        return [(f, self.event.get("claimed_by")) for f in given
                if isinstance(f, dict) and (f.get("killed") or f.get("injured"))]


@dataclass
class Happening:
    section: str
    kind: str
    place: str | None
    reports: list[Report] = field(default_factory=list)
    date: str | None = None

    @property
    def documents(self) -> list[str]:
        return sorted({r.doc for r in self.reports})

    @property
    def event_id(self) -> str:
        best = max(self.reports, key=lambda r: (float(r.event.get("confidence") or 0), -self.reports.index(r)))
        return f"{best.doc}#e{best.idx}"

    def actors(self) -> list[str]:
        c: Counter[str] = Counter()
        for r in self.reports:
            c.update(set(r.event.get("actors") or []))
        return [a for a, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]

    def claimant(self) -> str | None:
        """Whose claim this is, when every report of it is someone's claim."""
        who = [r.event.get("claimed_by") for r in self.reports]
        if not who or not all(who):
            return None
        return Counter(who).most_common(1)[0][0]


@dataclass
class Statement:
    speaker: str
    quotes: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)  # (doc, idx, quote)

    @property
    def documents(self) -> list[str]:
        return sorted({d for d, _, _ in self.quotes})


@dataclass
class Day:
    """Everything the brief of one day rests on."""

    day: date
    documents: dict[str, dict[str, Any]]
    happenings: list[Happening]
    statements: list[Statement]
    episodes: list[tuple[str, int, dict[str, Any]]]   # (doc, idx, episode)


def kind_of(ev: dict[str, Any]) -> tuple[str, str] | None:
    acled = ev.get("acled") or {}
    if acled.get("sub_event_type") in ACLED_KINDS:
        return ACLED_KINDS[acled["sub_event_type"]]
    if acled.get("event_type") == "Battles":
        return "front", "combat"
    plover = ev.get("plover") or {}
    if not acled and plover.get("event"):
        kind = PLOVER_KINDS.get((plover["event"], plover.get("mode"))) or PLOVER_KINDS.get((plover["event"], None))
        if kind:
            return "diplomacy", kind
    return None


def _in_window(value: str | None, day: date, dated: bool) -> bool:
    """An event or quote of a dated document counts when it is of the day or the day before (a
    digest reports yesterday); one of an undated document only when it dates itself to the day."""
    if not value:
        return dated
    try:
        d = date.fromisoformat(value[:10])
    except ValueError:
        return False
    return d == day or (dated and d == day - timedelta(days=1))


def _union(parent: dict[int, int], a: int, b: int) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def _find(parent: dict[int, int], a: int) -> int:
    while parent[a] != a:
        parent[a] = parent[parent[a]]
        a = parent[a]
    return a


def collect(day: date, docs: list[dict[str, Any]], dated: set[str], clusters: dict[tuple[str, int], dict[str, Any]],
            entities: dict[str, dict[str, Any]]) -> Day:
    """The day's happenings, statements and episodes from its documents.

    `dated`: ids of documents about the day (the others are undated ones that date some facts to
    it); `clusters`: (doc, event idx) -> event cluster; `entities`: entity rows by id (type,
    country, precision), to keep front line and strikes where the war is fought."""
    reports: list[tuple[str, str, Report]] = []
    for doc in docs:
        is_dated = doc["id"] in dated
        for i, ev in enumerate(doc["events"]):
            kind = kind_of(ev)
            if kind is None or not _in_window(ev.get("date"), day, is_dated):
                continue
            if ev.get("claimed") == "direct":
                continue   # words inside a direct quote are the speaker's (see statements), not a report
            if kind[0] == "diplomacy" and ev.get("date") and ev["date"] < (day - timedelta(days=1)).isoformat():
                continue
            reports.append((kind[0], kind[1], Report(doc["id"], i, ev, clusters.get((doc["id"], i)))))
    towns = {e["id"] for d in docs for e in d["entities"] if _is_town(entities.get(e["id"]))}
    mentions = {d["id"]: sorted((m["start"], m["end"], e["id"]) for e in d["entities"] if e["id"] in towns
                                for m in e["mentions"]) for d in docs}
    happenings = _group(reports, entities, mentions)
    statements = _statements(day, docs, dated)
    episodes = [(d["id"], i, ep) for d in docs if d["id"] in dated for i, ep in enumerate(d["episodes"])]
    return Day(day, {d["id"]: d for d in docs}, happenings, statements, episodes)


def _place_of(section: str, r: Report) -> str | None:
    # The cluster's place is the consensus of all its reports; one report's own place may be a
    # stray (a country named in the sentence).
    c = r.cluster
    if c and c.get("place") and section != "diplomacy":
        return str(c["place"])
    return r.event.get("place")


def _is_town(row: dict[str, Any] | None) -> bool:
    return row is not None and bool(row) and row.get("type", "PLACE") == "PLACE" \
        and row.get("precision") in ("point", "settlement")


def _town_in(r: Report, region: dict[str, Any], section: str, kind: str, towns: set[tuple[str, str, str]],
             mentions: dict[str, list[tuple[int, int, str]]], entities: dict[str, dict[str, Any]]) -> str | None:
    """A town of `region` named in the report's own sentences that has a happening of the same
    kind: where a report placed only in the region ("dans la région de Kharkiv") took place."""
    for _, start, end in r.spans:
        for m_start, m_end, eid in mentions.get(r.doc, []):
            if (start <= m_start and m_end <= end and (section, kind, eid) in towns
                    and (entities.get(eid) or {}).get("admin1") == region.get("admin1")):
                return eid
    return None


def _group(reports: list[tuple[str, str, Report]], entities: dict[str, dict[str, Any]],
           mentions: dict[str, list[tuple[int, int, str]]] | None = None) -> list[Happening]:
    parent = {i: i for i in range(len(reports))}
    first: dict[tuple[Any, ...], int] = {}
    towns = {(section, kind, p) for section, kind, r in reports
             if (p := _place_of(section, r)) and _is_town(entities.get(p))}
    for i, (section, kind, r) in enumerate(reports):
        keys: list[tuple[Any, ...]] = []
        if r.cluster:
            keys.append(("cluster", section, r.cluster["id"]))
        place = _place_of(section, r)
        region = entities.get(place or "") or {}
        if section in ("front", "strikes") and region.get("precision") == "region" and region.get("admin1"):
            place = _town_in(r, region, section, kind, towns, mentions or {}, entities) or place
        if section in ("front", "strikes") and place:
            keys.append(("place", section, kind, place))
        if section == "diplomacy":
            keys.append(("diplo", kind, tuple(sorted(r.event.get("actors") or [])), place))
        for key in keys:
            if key in first:
                _union(parent, i, first[key])
            else:
                first[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(reports)):
        groups.setdefault(_find(parent, i), []).append(i)
    out = []
    for members in groups.values():
        items = [reports[i] for i in members]
        section = Counter(s for s, _, _ in items).most_common(1)[0][0]
        kinds = Counter(k for s, k, _ in items if s == section)
        kind = "strike" if section == "strikes" and "strike" in kinds else kinds.most_common(1)[0][0]
        placed = Counter(p for p in (_place_of(section, r) for _, _, r in items) if p)
        place = _best_place(placed, entities)
        h = Happening(section, kind, place, [r for _, _, r in items])
        dates = sorted(r.event["date"] for r in h.reports if r.event.get("date"))
        h.date = dates[-1] if dates else None
        if _keep(h, entities):
            out.append(h)
    return out


def _best_place(placed: Counter[str], entities: dict[str, dict[str, Any]]) -> str | None:
    if not placed:
        return None
    rank = {"point": 0, "settlement": 0, "region": 1, "country": 2}
    return min(placed, key=lambda p: (rank.get((entities.get(p) or {}).get("precision") or "", 3), -placed[p], p))


def _keep(h: Happening, entities: dict[str, dict[str, Any]]) -> bool:
    row = entities.get(h.place or "") or {}
    if h.section in ("front", "strikes"):
        # A strike "in Russia" or with no place says nothing a reader can use.
        return bool(row) and row.get("precision") != "country" and row.get("country") in THEATRE
    # Diplomacy needs someone doing it: a person, or two parties.
    actors = h.actors()
    return any((entities.get(a) or {}).get("type") == "PERSON" or a.startswith("kb:") for a in actors)


def _statements(day: date, docs: list[dict[str, Any]], dated: set[str]) -> list[Statement]:
    by_speaker: dict[str, Statement] = {}
    for doc in docs:
        is_dated = doc["id"] in dated
        for i, q in enumerate(doc["quotes"]):
            if not q.get("speaker") or not _in_window(q.get("date"), day, is_dated):
                continue
            by_speaker.setdefault(q["speaker"], Statement(q["speaker"])).quotes.append((doc["id"], i, q))
    return sorted(by_speaker.values(), key=lambda s: (-len(s.documents), -len(s.quotes), s.speaker))
