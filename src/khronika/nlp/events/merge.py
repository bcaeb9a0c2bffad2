"""One happening = one event within a document (issue 11).

A report tells one raid in several sentences: the raid itself, an institute's reading of it, the
Kremlin spokesman's words about it. Extraction finds an event per sentence; here the events of
one document that tell the same happening become one: a compatible type (the same ACLED
sub-type, or the same PLOVER event and mode), a compatible place (the same, one inside the other,
or one only inferred from the paragraph while the actors agree; a country is too wide to say),
compatible actors (shared, or one side names none; a speaker's version may name them its own
way), the same section of the report and dates at most a day apart. The merged event keeps every sentence's
span (`evidence_spans`); a member that only a speaker asserts becomes one of its `claims`
(who, how, where in the text) instead of an event of its own. The representative is the first
member the outlet states itself (else the first claim with a known speaker); its place stands
unless it was only the headline's or the paragraph's, then the first place a member's own clause
(else sentence) names wins.
"""
from __future__ import annotations

from datetime import date

# How the place of an event was found, best first (extract.py sets `_place_from`).
# "lede": a place in the headline or lede, whose sentences sum up several stories at once.
PLACE_SOURCES = ("clause", "unit", "lede", "focus", None)
LEDE = -2   # the `_section` of the title-and-lede section: it sums up the others
MAX_DAYS_APART = 1
INTERNAL = ("_place_from", "_section")


def _kind(ev: dict) -> tuple:
    if ev.get("acled"):
        return ("acled", ev["acled"]["sub_event_type"])
    p = ev.get("plover") or {}
    return ("plover", p.get("event"), p.get("mode"))


def _days(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return 0


class _Happening:
    """The members of one happening, with what `_fits` asks of them kept up to date as members
    join, so that fitting an event costs the same however many members there are (a long text
    telling one raid a hundred times stays linear)."""

    def __init__(self, ev: dict):
        self.members: list[dict] = []
        self.kind = _kind(ev)
        self.sections: set = set()
        self.dates: set[str] = set()
        self.stated_actors: set[str] = set()
        self.strong_places: set[str] = set()
        self.all_places: set[str] = set()
        self.add(ev)

    def add(self, ev: dict) -> None:
        self.members.append(ev)
        self.sections.add(ev.get("_section"))
        if ev["date"]:
            self.dates.add(ev["date"])
        if not ev.get("claimed"):
            self.stated_actors.update(ev["actors"])
        if ev["place"]:
            self.all_places.add(ev["place"])
            if ev.get("_place_from") in ("clause", "unit"):
                self.strong_places.add(ev["place"])

    @property
    def actors(self) -> set[str]:
        return {a for m in self.members for a in m["actors"]}

    def places(self, strong: bool) -> set[str]:
        return self.strong_places if strong else self.all_places


class Merger:
    """Merges the events of one document; `geo` maps place ids to their entity's geo dict."""

    def __init__(self, geo: dict[str, dict | None]):
        self.geo = geo

    def _inside(self, small: str, big: str) -> bool:
        """`small` lies in region `big` (a town of an oblast). A country contains too much to say
        two events there are one."""
        g, h = self.geo.get(small) or {}, self.geo.get(big) or {}
        if not g or not h or g.get("country") != h.get("country") or h.get("precision") != "region":
            return False
        return g.get("precision") in ("settlement", "point") and bool(g.get("admin1")) \
            and g.get("admin1") == h.get("admin1")

    def _places_fit(self, a: str, b: str) -> bool:
        return a == b or self._inside(a, b) or self._inside(b, a)

    def _fits(self, h: _Happening, ev: dict) -> bool:
        if h.kind != _kind(ev):
            return False
        sec = ev.get("_section")
        if sec != LEDE and any(s != sec and s != LEDE for s in h.sections):
            return False
        if any(_days(d, ev["date"]) > MAX_DAYS_APART for d in h.dates):
            return False
        # a speaker's version names the actors its own way ("saboteurs" for "volunteers"): only
        # what the outlet states itself must agree
        actors = h.stated_actors
        mine = set(ev["actors"]) if not ev.get("claimed") else set()
        shared = bool(actors & mine)
        if actors and mine and not shared:
            return False
        strong = ev.get("_place_from") in ("clause", "unit")
        theirs, inferred = h.places(strong=True), h.places(strong=False)
        if not ev["place"] or not inferred:
            return True
        if strong and theirs:
            return all(self._places_fit(ev["place"], p) for p in theirs)
        # one side's place is only the paragraph's: it must agree, unless the same actors act
        return any(self._places_fit(ev["place"], p) for p in theirs | inferred) or shared

    def merge(self, events: list[dict]) -> list[dict]:
        groups: list[_Happening] = []
        by_kind: dict[tuple, list[_Happening]] = {}    # only a happening of the same kind can fit
        for ev in events:
            for h in by_kind.get(_kind(ev), ()):
                if self._fits(h, ev):
                    h.add(ev)
                    break
            else:
                groups.append(_Happening(ev))
                by_kind.setdefault(groups[-1].kind, []).append(groups[-1])
        out = [self._one(h) for h in groups]
        return sorted(out, key=lambda e: e["evidence_spans"][0]["start"])

    def _one(self, h: _Happening) -> dict:
        members = h.members
        stated = [m for m in members if not m.get("claimed")]
        # all claimed: the first claim whose speaker is known speaks for it
        rep = dict(stated[0] if stated else next((m for m in members if m.get("claimed_by")), members[0]))
        if rep.get("_place_from") not in ("clause", "unit"):
            # a headline's or a paragraph's place gives way to the first one a member's own
            # sentence names
            placed = min(members, key=lambda m: (PLACE_SOURCES.index(m.get("_place_from")), m["evidence"]["start"]))
            rep["place"] = placed["place"]
            if placed.get("claimed") == rep.get("claimed"):
                # the sentence that says where is the evidence a reader wants first
                rep["evidence"], rep["trigger"] = dict(placed["evidence"]), dict(placed["trigger"])
        actors: list[str] = []
        for m in stated or members:
            for a in m["actors"]:
                if a not in actors:
                    actors.append(a)
        rep["actors"] = actors
        rep["confidence"] = max(m["confidence"] for m in members)
        spans, seen = [], set()
        for m in sorted(members, key=lambda m: m["evidence"]["start"]):
            key = (m["evidence"]["start"], m["evidence"]["end"])
            if key not in seen:
                seen.add(key)
                spans.append(dict(m["evidence"]))
        rep["evidence_spans"] = spans
        claims = []
        for m in members:
            if m.get("claimed"):
                claims.append({"by": m.get("claimed_by"), "kind": m["claimed"], **m["evidence"]})
        if claims:
            rep["claims"] = claims
        # each count (killed, injured) from the first stating sentence that gives it, else from the
        # first attributed one ("selon le parquet, deux morts"); each claim keeps its own count too
        figures = dict(rep.get("figures") or {})
        for m in [*stated, *members]:
            for kind, n in (m.get("figures") or {}).items():
                figures.setdefault(kind, n)
        if figures:
            rep["figures"] = figures
        for c, m in zip(claims, [m for m in members if m.get("claimed")]):
            if m.get("figures"):
                c["figures"] = m["figures"]
        for k in INTERNAL:
            rep.pop(k, None)
        return rep


def merge_events(events: list[dict], entities: list[dict]) -> list[dict]:
    """The document's events with the ones telling one happening merged (see the module doc)."""
    geo = {e["id"]: e.get("geo") for e in entities if e.get("type") == "PLACE"}
    return Merger(geo).merge(events)
