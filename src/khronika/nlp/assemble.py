"""From an analysed spaCy Doc to the contract object (../shared/CONTRACT.md).

Internal keys that components keep for each other (gender, role-only flags are kept as
harmless extras) are dropped here, so the contract stays exactly what the schema says.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from khronika.contract import empty_document
from khronika.ingest import document_id
from khronika.nlp.dates import day_of_war
from khronika.nlp.roles import add_role, split_roles
from khronika.nlp.extensions import doc_text
from khronika.nlp.payloads import EntityPayload, GuestPayload, Meta

def _entity(e: EntityPayload) -> dict[str, Any]:
    # the contract's keys, in its order, without the internal ones (gender, metonymy, role_only)
    return {"id": e["id"], "type": e["type"], "name": e["name"], "wikidata": e["wikidata"], "roles": e["roles"],
            "geo": e["geo"],
            "mentions": [{"start": m["start"], "end": m["end"], "text": m["text"]} for m in e["mentions"]]}


def _guest_entity(guest: GuestPayload, entities: list[EntityPayload]) -> str | None:
    """The entity one of whose mentions lies inside the guest's name."""
    s, e = guest.get("name_start"), guest.get("name_end")
    for ent in entities:
        if ent["type"] != "PERSON":
            continue
        if any(m["start"] < e and s < m["end"] for m in ent["mentions"]):
            return ent["id"]
    return None


def _episodes(doc: Doc, entities: list[EntityPayload]) -> list[dict]:
    out = []
    for ep in doc._.khr_episodes or []:
        guests = [{"name": g["name"], "entity": _guest_entity(g, entities), "role": g.get("role")} for g in ep["guests"]]
        out.append({"show": ep["show"], "number": ep["number"], "title": ep.get("title"), "guests": guests})
    return out


def guest_roles(doc: Doc, entities: list[EntityPayload]) -> None:
    """A guest's role in a programme listing is a role the text gives that person."""
    by_id = {e["id"]: e for e in entities}
    for ep in doc._.khr_episodes or []:
        for g in ep["guests"]:
            eid = _guest_entity(g, entities)
            if not eid:
                continue
            for role in split_roles(g.get("role") or ""):
                add_role(by_id[eid]["roles"], role)


def to_contract(doc: Doc) -> dict[str, Any]:
    meta: Meta | dict = doc._.khr_meta or {}
    text = doc_text(doc)
    day = doc._.khr_day
    title = meta.get("title") or ((doc._.khr_title or {}).get("text"))
    entities: list[EntityPayload] = doc._.khr_entities or []
    guest_roles(doc, entities)
    out = empty_document(
        meta.get("id") or document_id(text), text,
        title=title, language=meta.get("language") or doc.lang_, published=meta.get("published"),
        day_of_war=day_of_war(doc._.khr_date, day["day"] if day else None), date=doc._.khr_date,
        source=meta.get("source"), url=meta.get("url"),
        sections=[{"heading": s["heading"], "start": s["start"], "end": s["end"]} for s in doc._.khr_sections or []],
    )
    out["entities"] = [_entity(e) for e in entities]
    out["quotes"] = list(doc._.khr_quotes or [])
    out["events"] = list(doc._.khr_events or [])
    out["episodes"] = _episodes(doc, entities)
    return out
