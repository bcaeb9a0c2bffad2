"""What the command line prints for a person: one document, or the whole store in short."""
from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table

from khronika.store import Store

SUMMARY_LIMIT = 500  # above this many documents the summary shows counts only


def _persons_table(entities: dict[str, dict], counts: Counter, limit: int = 15) -> Table:
    table = Table(title="People", title_justify="left")
    for col in ("person", "roles the text gives", "mentions"):
        table.add_column(col)
    persons = [e for e in entities.values() if e["type"] == "PERSON"]
    for e in sorted(persons, key=lambda e: -counts[e["id"]])[:limit]:
        table.add_row(e["name"], "; ".join(e["roles"][:3]), str(counts[e["id"]]))
    return table


def _places_table(entities: dict[str, dict], counts: Counter, limit: int = 15) -> Table:
    table = Table(title="Places", title_justify="left")
    for col in ("place", "lat, lon", "region", "precision", "mentions"):
        table.add_column(col)
    places = [e for e in entities.values() if e["type"] == "PLACE"]
    for e in sorted(places, key=lambda e: -counts[e["id"]])[:limit]:
        geo = e.get("geo") or {}
        where = f"{geo['lat']:.3f}, {geo['lon']:.3f}" if geo else "—"
        table.add_row(e["name"], where, geo.get("admin1") or "", geo.get("precision") or "", str(counts[e["id"]]))
    return table


def _orgs_table(entities: dict[str, dict], counts: Counter, limit: int = 12) -> Table:
    table = Table(title="Organisations and units", title_justify="left")
    for col in ("name", "type", "mentions"):
        table.add_column(col)
    orgs = [e for e in entities.values() if e["type"] in ("ORG", "UNIT")]
    for e in sorted(orgs, key=lambda e: -counts[e["id"]])[:limit]:
        table.add_row(e["name"], e["type"], str(counts[e["id"]]))
    return table


def _quotes_table(quotes: list[tuple[dict, dict[str, dict]]], limit: int = 10) -> Table:
    table = Table(title="Who said what", title_justify="left")
    for col in ("speaker", "cue", "said"):
        table.add_column(col)
    for q, entities in quotes[:limit]:
        speaker = entities.get(q.get("speaker") or "", {}).get("name") or q.get("speaker_text") or "?"
        content = q["content"] if len(q["content"]) < 110 else q["content"][:107] + "..."
        table.add_row(speaker, q.get("cue") or "", content)
    return table


def _events_table(events: list[tuple[dict, dict[str, dict]]], limit: int = 10) -> Table:
    table = Table(title="What happened", title_justify="left")
    for col in ("date", "type", "place", "evidence"):
        table.add_column(col)
    for ev, entities in events[:limit]:
        kind = (ev.get("acled") or {}).get("sub_event_type") or "/".join(
            x for x in ((ev.get("plover") or {}).get("event"), (ev.get("plover") or {}).get("mode")) if x)
        place = entities.get(ev.get("place") or "", {}).get("name", "")
        text = ev["evidence"]["text"]
        table.add_row(ev.get("date") or "", kind, place, text if len(text) < 90 else text[:87] + "...")
    return table


def print_document(console: Console, doc: dict[str, Any]) -> None:
    meta = doc["document"]
    console.rule(f"[bold]{meta.get('title') or doc['id']}")
    console.print(f"id {doc['id']} · language {meta.get('language')} · date {meta.get('date')} · "
                  f"day of war {meta.get('day_of_war')}", highlight=False)
    _print_tables(console, [doc])


def _print_tables(console: Console, docs: list[dict[str, Any]]) -> None:
    entities: dict[str, dict] = {}
    counts: Counter = Counter()
    quotes: list[tuple[dict, dict[str, dict]]] = []   # (quote, the document's entities by id)
    events: list[tuple[dict, dict[str, dict]]] = []
    for doc in docs:
        local = {e["id"]: e for e in doc["entities"]}
        for e in doc["entities"]:
            kept = entities.setdefault(e["id"], {**e, "roles": list(e["roles"])})
            kept["roles"].extend(r for r in e["roles"] if r not in kept["roles"])
            counts[e["id"]] += len(e["mentions"])
        quotes.extend((q, local) for q in doc["quotes"])
        events.extend((ev, local) for ev in doc["events"])
    tables = [_persons_table(entities, counts), _orgs_table(entities, counts), _places_table(entities, counts),
              _quotes_table(quotes), _events_table(events)]
    for table in tables:
        if table.row_count:
            console.print(table)
    episodes = [ep for doc in docs for ep in doc["episodes"]]
    for ep in episodes:
        guests = ", ".join(g["name"] + (f" ({g['role']})" if g.get("role") else "") for g in ep["guests"])
        console.print(f"[bold]{ep['show']} {ep['number']}[/bold] {ep.get('title') or ''} — guests: {guests}",
                      highlight=False)


def print_store_summary(console: Console, store: Store) -> None:
    counts = store.counts()
    console.print(" · ".join(f"{v} {k}" for k, v in counts.items()), highlight=False)
    if counts.get("documents", 0) > SUMMARY_LIMIT:
        return
    docs = list(store.iter_documents())
    table = Table(title="Documents", title_justify="left")
    for col in ("date", "lang", "day", "title"):
        table.add_column(col)
    for d in sorted(docs, key=lambda d: d["document"].get("date") or ""):
        m = d["document"]
        table.add_row(m.get("date") or "", m.get("language") or "", str(m.get("day_of_war") or ""),
                      (m.get("title") or d["id"])[:80])
    console.print(table)
    _print_tables(console, docs)
