"""The brief object (CONTRACT.md, "The Day N brief") from a collected day: title, sections,
items with their citations, and what is new against the day before."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from .collect import Day, Happening, Statement
from .names import Namer
from .wording import HEADINGS, QUIET, TITLE, Writer

SCHEMA = "khronika.brief/1"
MAX_ITEMS = 25          # per section: a digest, not an index
MAX_STATEMENTS = 12
MAX_NEW = 8             # per kind of novelty


def outlet(doc: dict[str, Any], lang: str = "fr") -> str:
    """How a reader names a document: its outlet, its site, else its title."""
    meta = doc["document"]
    if meta.get("source"):
        return str(meta["source"])
    host = urlparse(meta.get("url") or "").hostname
    if host:
        return host.removeprefix("www.")
    title = (meta.get("title") or doc["id"]).strip()
    short = f"{title[:48].rstrip()}{'…' if len(title) > 48 else ''}"
    return f"« {short} »" if lang == "fr" else f"“{short}”"


def _citations(spans: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
    seen = sorted(set(spans))
    return [{"document": d, "start": s, "end": e} for d, s, e in seen if e > s]


def happening_citations(h: Happening) -> list[dict[str, Any]]:
    return _citations([span for r in h.reports for span in r.spans])


def statement_citations(s: Statement) -> list[dict[str, Any]]:
    spans = []
    for doc_id, _, q in s.quotes:
        start, end = q["content_start"], q["content_end"]
        ss, se = q.get("speaker_start"), q.get("speaker_end")
        # The speaker's name, when it is in the same sentence, belongs to the words cited.
        if ss is not None and se is not None and min(abs(ss - end), abs(start - se)) < 200:
            start, end = min(start, ss), max(end, se)
        spans.append((doc_id, start, end))
    return _citations(spans)


def episode_citation(doc: dict[str, Any], ep: dict[str, Any]) -> list[dict[str, Any]]:
    """Episodes carry no offsets: cite where the text gives the title, else the number."""
    text = doc["text"]
    for needle in (ep.get("title"), f"{ep['show']} #{ep['number']}", f"№{ep['number']}", f"#{ep['number']}",
                   ep["show"]):
        if needle:
            at = text.find(needle)
            if at >= 0:
                return [{"document": doc["id"], "start": at, "end": at + len(needle)}]
    return []


def merge_speakers(statements: list[Statement], namer: Namer) -> list[Statement]:
    """One statement item per person, however the linker spelt their id in each document."""
    merged: dict[str, Statement] = {}
    for st in statements:
        key = namer.canonical(st.speaker)
        merged.setdefault(key, Statement(key)).quotes.extend(st.quotes)
    return sorted(merged.values(), key=lambda st: (-len(st.documents), -len(st.quotes), st.speaker))


def _weight(h: Happening) -> tuple[int, int, int]:
    toll = max((sum(f.get(k) or 0 for k in ("killed", "injured")) for r in h.reports for f in r.figures), default=0)
    return len(h.documents), toll, len(h.reports)


def _area_key(namer: Namer, h: Happening) -> str:
    return namer.area(h.place or "") or namer.name(h.place or "")


def compose(day: Day, namer: Namer, previous: Day | None) -> dict[str, Any]:
    from khronika.store.briefs import day_of_war

    iso = day.day.isoformat()
    outlets = {doc_id: outlet(doc, namer.lang) for doc_id, doc in day.documents.items()}
    w = Writer(namer, iso, outlets)
    heads = HEADINGS[namer.lang]
    sections: list[dict[str, Any]] = []

    front = sorted((h for h in day.happenings if h.section == "front" or h.kind == "intercept"),
                   key=lambda h: (_area_key(namer, h), -_weight(h)[0], namer.name(h.place or "")))
    strikes = sorted((h for h in day.happenings if h.section == "strikes" and h.kind != "intercept"),
                     key=lambda h: tuple(-x for x in _weight(h)) + (namer.name(h.place or ""),))
    diplomacy = sorted((h for h in day.happenings if h.section == "diplomacy" and w.parties(h)),
                       key=lambda h: tuple(-x for x in _weight(h)))
    for key, group, write in (("front", front, w.front), ("strikes", strikes, w.strike),
                              ("diplomacy", diplomacy, w.diplomacy)):
        items = []
        for h in group[:MAX_ITEMS]:
            cites = happening_citations(h)
            if not cites:
                continue
            items.append({"text": write(h), "event": h.event_id, "claimed_by": h.claimant(), "citations": cites})
        if items:
            sections.append({"heading": heads[key], "items": items})

    # Organisations speak when the knowledge base knows them; an unknown "org:" speaker is more
    # often a misread phrase than an institution.
    statements = [s for s in merge_speakers(day.statements, namer)
                  if namer.type_of(s.speaker) == "PERSON"
                  or (s.speaker.startswith("kb:") and namer.type_of(s.speaker) in ("ORG", "UNIT"))][:MAX_STATEMENTS]
    items = []
    for s in statements:
        cites = statement_citations(s)
        if cites:
            items.append({"text": w.statement(s, day.documents), "event": None, "claimed_by": s.speaker,
                          "citations": cites})
    if items:
        sections.append({"heading": heads["statements"], "items": items})

    items = []
    seen_eps: set[tuple[str, str]] = set()
    for doc_id, _, ep in day.episodes:
        ep_key = (ep["show"], ep["number"])
        doc = day.documents[doc_id]
        cites = episode_citation(doc, ep)
        if ep_key in seen_eps or not cites:
            continue
        seen_eps.add(ep_key)
        items.append({"text": w.episode(ep, doc["document"].get("language")), "event": None, "claimed_by": None,
                      "citations": cites})
    if items:
        sections.append({"heading": heads["episodes"], "items": items})

    cited_docs = sorted({c["document"] for s in sections for it in s["items"] for c in it["citations"]})
    return {
        "schema": SCHEMA,
        "day_of_war": day_of_war(day.day),
        "date": iso,
        "language": namer.lang,
        "title": TITLE[namer.lang].format(n=day_of_war(day.day),
                                          what=_title_what(w, front + strikes + diplomacy, statements, namer)),
        "sections": sections,
        "since_previous_day": since_previous_day(w, day, previous, front + strikes + diplomacy, statements),
        "documents": [{"id": d, "title": day.documents[d]["document"].get("title"), "outlet": outlets[d],
                       "language": day.documents[d]["document"].get("language"),
                       "url": day.documents[d]["document"].get("url")} for d in cited_docs],
        "previous_day": None if previous is None else {"date": previous.day.isoformat(),
                                                       "documents": len(previous.documents)},
    }


def _title_what(w: Writer, happenings: list[Happening], statements: list[Statement], namer: Namer) -> str:
    # The day's own happenings before the day before's; most reported first (a toll counts as two
    # more reports), then most sentences; ties by section
    # and place id, never by a localised name, so the FR and EN titles name the same happenings.
    ranked = sorted((h for h in happenings if h.kind != "intercept"),
                    key=lambda h: (bool(h.date and h.date < w.day), -_weight(h)[0] - (2 if _weight(h)[1] else 0),
                                   -_weight(h)[2],
                                   ["strikes", "front", "diplomacy"].index(h.section), h.place or ""))
    phrases: list[str] = []
    sections: set[str] = set()
    places: set[str | None] = set()
    # The day's main happening, then the main one of another kind (a strike and the fighting).
    for new_section, new_place in ((True, True), (False, True), (False, False)):
        for h in ranked:
            if len(phrases) == 2:
                break
            if (new_section and h.section in sections) or (new_place and h.place and h.place in places):
                continue
            phrase = w.headline(h)
            if phrase and phrase not in phrases:
                phrases.append(phrase)
                sections.add(h.section)
                places.add(h.place)
    if not phrases and statements:
        lead = namer.name(statements[0].speaker)
        phrases.append(f"déclarations de {lead}" if namer.lang == "fr" else f"statements by {lead}")
    return ", ".join(phrases) if phrases else QUIET[namer.lang]


def since_previous_day(w: Writer, day: Day, previous: Day | None, happenings: list[Happening],
                       statements: list[Statement]) -> list[dict[str, Any]]:
    """New places, escalation (more strikes, a new area) and newly quoted people, against day N-1.
    Nothing when day N-1 has no stored document: everything would be "new"."""
    if previous is None or not previous.documents:
        return []
    fr = w.lang == "fr"
    n = w.n
    out: list[dict[str, Any]] = []
    seen_before = {e["id"] for d in previous.documents.values() for e in d["entities"]}
    seen_before |= {h.place for h in previous.happenings if h.place}
    new_places = [h for h in happenings if h.place and h.place not in seen_before and h.section != "diplomacy"]
    done: set[str] = set()
    for h in new_places:
        if h.place in done or len(done) >= MAX_NEW:
            continue
        done.add(h.place or "")
        place = w.place_phrase(h.place or "")
        out.append({"text": f"Nouveau lieu : {place}, absent des rapports de la veille." if fr
                    else f"New place: {place}, absent from the previous day's reports.",
                    "citations": happening_citations(h)[:5]})
    strikes = [h for h in happenings if h.section == "strikes" and h.kind != "intercept"]
    before = [h for h in previous.happenings if h.section == "strikes" and h.kind != "intercept"
              and (n.entities.get(h.place or "") or {}).get("precision") != "country"]
    if len(strikes) > len(before):
        out.append({"text": f"Davantage de frappes : {len(strikes)} lieux touchés, contre {len(before)} la veille." if fr
                    else f"More strikes: {len(strikes)} places hit, against {len(before)} the day before.",
                    "citations": [happening_citations(h)[0] for h in strikes]})
    areas_before = {n.area(h.place) or n.name(h.place) for h in previous.happenings if h.place}
    areas: dict[str, list[Happening]] = {}
    for h in happenings:
        if h.section in ("front", "strikes") and h.place:
            areas.setdefault(n.area(h.place) or n.name(h.place), []).append(h)
    for area, hs in list(areas.items())[:MAX_NEW]:
        if area in areas_before:
            continue
        out.append({"text": f"Nouvelle zone de combats ou de frappes : {area}." if fr
                    else f"New area of fighting or strikes: {area}.",
                    "citations": [happening_citations(h)[0] for h in hs]})
    quoted_before = {n.canonical(s.speaker) for s in previous.statements}
    fresh = [s for s in statements if s.speaker not in quoted_before][:MAX_NEW]
    for s in fresh:
        who = n.name(s.speaker) if n.type_of(s.speaker) == "PERSON" else n.with_article(s.speaker)
        out.append({"text": f"Nouvelle prise de parole : {who}." if fr else f"Newly quoted: {who}.",
                    "citations": statement_citations(s)[:3]})
    return [o for o in out if o["citations"]]


__all__ = ["SCHEMA", "compose", "outlet"]
