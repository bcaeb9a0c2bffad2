"""Make a store of N synthetic contract documents (default 50,000) for the serve load bench.

    python bench/make_store.py --out /tmp/bench.db [--docs 50000] [--seed 1]
    createdb -h 127.0.0.1 -U postgres khronika_bench
    python bench/make_store.py --out postgresql://postgres@127.0.0.1:5432/khronika_bench --docs 100000

Documents are built from templates so that every offset is right (each is a valid contract
object), with a skewed cast: a few people are quoted very often (kb:peskov among them), as in
real reporting, so the bench meets both heavy and rare speakers. Rows go in by batched
executemany straight into the store's tables, bypassing `Store.save`'s per-document
validation, which would take many minutes for 50k documents.

Then the indexes the API and the brief use are built (as `khronika serve` would at its first
start) and the tables ANALYZEd so the planner knows their sizes (on PostgreSQL VACUUM ANALYZE). Reported: wall
time and CPU time of this process and, on PostgreSQL, of the server backend that did the work
(read from /proc, so only for a server on this machine), for the rows and the indexes apart.
Event clusters are left empty (bench/brief.py clusters the days it measures); the per-entity
totals (store/counts.py) are counted once at the end.
"""
from __future__ import annotations

import argparse
import random
import sys
import os
import time
from datetime import date, timedelta
from typing import Any

from khronika import contract
from khronika.store import Store, normalize_alias
from khronika.store import counts as totals
from khronika.store import write as w
from khronika.store.briefs import ensure_brief_indexes
from khronika.store.fulltext import ensure_fulltext
from khronika.store.queries import ensure_indexes

WAR_DAY_ONE = date(2022, 2, 24)
BATCH = 2000

FIRST = ["Oleksandr", "Dmytro", "Andriy", "Serhiy", "Mykola", "Olena", "Iryna", "Yulia", "Vitaliy", "Petro",
         "Sergei", "Dmitri", "Aleksandr", "Vladimir", "Maria", "Anna", "Natalia", "Viktor", "Ivan", "Oksana"]
LAST = ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Lysenko", "Marchenko",
        "Savchenko", "Rudenko", "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Lebedev", "Morozov",
        "Volkov", "Pavlenko", "Hrytsenko", "Moroz", "Zinchenko", "Boyko", "Kostenko", "Polishchuk"]
ROLES = ["porte-parole", "ministre", "gouverneur", "spokesman", "commander", "deputy minister", "analyst",
         "речник", "губернатор", "міністр"]
ORGS = [("kb:kremlin", "Kremlin", ["Kremlin", "Кремль"]), ("kb:mod_ru", "Russian Ministry of Defence", ["Minoborony"]),
        ("kb:zsu", "Armed Forces of Ukraine", ["ZSU", "ЗСУ", "forces armées ukrainiennes"]),
        ("kb:wagner", "Wagner Group", ["Wagner", "Вагнер", "groupe Wagner"]), ("kb:isw", "ISW", ["ISW"]),
        ("kb:nato", "NATO", ["NATO", "OTAN", "НАТО"]), ("kb:un", "United Nations", ["ONU", "UN", "ООН"])]
EVENT_TYPES = [(("Battles", "Armed clash"), "FIGHT"),
               (("Explosions/Remote violence", "Shelling/artillery/missile attack"), "ASSAULT"),
               (("Explosions/Remote violence", "Air/drone strike"), "ASSAULT"), (None, "CONSULT"),
               (("Strategic developments", "Looting/property destruction"), "COERCE"), (None, "ACCUSE")]
SAYS = {"fr": "a déclaré", "en": "said", "uk": "заявив", "ru": "заявил"}
FILLER = {
    "fr": "La situation reste tendue selon les observateurs, et les informations n'ont pas pu être vérifiées "
          "de manière indépendante.",
    "en": "The situation remains tense according to observers, and the reports could not be independently verified.",
    "uk": "Ситуація залишається напруженою, за словами спостерігачів, інформацію не вдалося незалежно перевірити.",
    "ru": "Ситуация остаётся напряжённой, по словам наблюдателей, информацию не удалось независимо проверить.",
}


def cast(rng: random.Random, n_people: int, n_places: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    people = [{"id": "kb:peskov", "name": "Dmitry Peskov",
               "spellings": ["Dmitri Peskov", "Dmitry Peskov", "Peskov", "Песков"]},
              {"id": "kb:zelensky", "name": "Volodymyr Zelensky", "spellings": ["Zelensky", "Zelenskyi", "Зеленський"]}]
    # Surnames: the common ones once each, then made-up ones, so a surname names one or two people
    # (as in real reporting) rather than dozens.
    surnames = list(LAST)
    syl = ["ko", "va", "len", "shev", "chen", "bon", "dar", "tka", "mel", "nyk", "ly", "sen", "mar", "ru", "den",
           "ho", "ro", "zin", "bo", "yko", "pol", "ish", "chuk", "sky", "vych"]
    while len(surnames) < n_people:
        stem = "".join(rng.choice(syl) for _ in range(3)).capitalize()
        surnames.append(stem + rng.choice(["enko", "uk", "ov", "yi"]))
    for k in range(len(people), n_people):
        name = f"{rng.choice(FIRST)} {surnames[k % len(surnames)]}"
        people.append({"id": f"syn:p{k}", "name": name, "spellings": [name, name.split()[-1]]})
    places = [{"id": "wd:Q183176", "name": "Bakhmut", "spellings": ["Bakhmut", "Bakhmout", "Бахмут", "Artemivsk"],
               "lat": 48.5956, "lon": 38.0003}]
    syll = ["vo", "lo", "ka", "mi", "ro", "pol", "dar", "ne", "ri", "sla", "vka", "hor", "niv", "bu", "che"]
    while len(places) < n_places:
        stem = "".join(rng.choice(syll) for _ in range(rng.randint(2, 3))).capitalize()
        pid = f"syn:l{len(places)}"
        places.append({"id": pid, "name": f"{stem}ivka", "spellings": [f"{stem}ivka", f"{stem}ovka", f"{stem}iwka"],
                       "lat": round(rng.uniform(45.5, 52.0), 4), "lon": round(rng.uniform(23.0, 40.0), 4)})
    return people, places


def zipf_pick(rng: random.Random, items: list[Any], s: float = 1.1) -> Any:
    # Rank-skewed choice: item k with weight 1/(k+1)^s (precomputed per list by the caller's cache).
    weights = _weights.setdefault((len(items), s), [1 / (k + 1) ** s for k in range(len(items))])
    return rng.choices(items, weights)[0]


_weights: dict[tuple[int, float], list[float]] = {}


class Builder:
    """Appends text pieces and records the offsets of the annotated ones."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def text(self) -> str:
        return "".join(self.parts)


def make_doc(i: int, rng: random.Random, people: list[dict[str, Any]], places: list[dict[str, Any]]) -> dict[str, Any]:
    lang = rng.choice(["fr", "en", "uk", "ru"])
    day = WAR_DAY_ONE + timedelta(days=rng.randrange(0, 1000))
    b = Builder()
    ents: dict[str, dict[str, Any]] = {}

    def mention(kind: str, e: dict[str, Any], **extra: Any) -> None:
        surface = rng.choice(e["spellings"])
        start, end = b.add(surface)
        ent = ents.setdefault(e["id"], {"id": e["id"], "type": kind, "name": e["name"], "wikidata": None,
                                        "roles": [], "geo": extra.get("geo"), "mentions": []})
        ent["mentions"].append({"start": start, "end": end, "text": surface})

    def geo(p: dict[str, Any]) -> dict[str, Any]:
        return {"lat": p["lat"], "lon": p["lon"], "country": "UA", "admin1": None, "feature": "city",
                "precision": "settlement", "geonames_id": None, "confidence": 0.9}

    title = f"Day {(day - WAR_DAY_ONE).days + 1}: synthetic report {i}"
    b.add(title + "\n\n")
    quotes, events = [], []
    for _ in range(rng.randint(2, 5)):
        roll = rng.random()
        if roll < 0.45:  # a quote
            who = zipf_pick(rng, people)
            s_start = b.pos
            mention("PERSON", who)
            speaker_text = b.parts[-1]
            if rng.random() < 0.3:
                role = rng.choice(ROLES)
                b.add(f", {role},")
                ents[who["id"]]["roles"] = sorted(set(ents[who["id"]]["roles"]) | {role})
            cue = SAYS[lang]
            b.add(f" {cue} : « ")
            place = zipf_pick(rng, places)
            words = f"La situation près de {place['spellings'][0]} est sous contrôle, numéro {rng.randint(1, 99999)}"
            c_start, c_end = b.add(words)
            b.add(" ». ")
            quotes.append({"kind": "direct", "content": words, "content_start": c_start, "content_end": c_end,
                           "speaker": who["id"], "speaker_text": speaker_text, "speaker_start": s_start,
                           "speaker_end": s_start + len(speaker_text), "cue": cue, "date": day.isoformat()})
        elif roll < 0.8:  # an event at a place, maybe with an actor
            place = zipf_pick(rng, places)
            acled, plover = rng.choice(EVENT_TYPES)
            e_start = b.pos
            b.add("Des combats ont eu lieu près de ")
            mention("PLACE", place, geo=geo(place))
            actors = []
            if rng.random() < 0.5:
                org = rng.choice(ORGS)
                b.add(" avec ")
                mention("ORG", {"id": org[0], "name": org[1], "spellings": org[2]})
                actors.append(org[0])
            e_end = b.add(".")[1]
            b.add(" ")
            text_now = "".join(b.parts)
            events.append({"acled": {"event_type": acled[0], "sub_event_type": acled[1]} if acled else None,
                           "plover": {"event": plover, "mode": None}, "actors": actors, "place": place["id"],
                           "date": day.isoformat(), "date_precision": "day",
                           "evidence": {"start": e_start, "end": e_end, "text": text_now[e_start:e_end]},
                           "confidence": round(rng.uniform(0.5, 0.95), 2)})
        else:
            b.add(FILLER[lang] + " ")
    b.add(FILLER[lang])
    doc = contract.empty_document(f"syn:{i:06d}", b.text(), title=title, language=lang, published=day.isoformat(),
                                  day_of_war=(day - WAR_DAY_ONE).days + 1, date=day.isoformat(),
                                  source=rng.choice(["Ukrinform", "Kyiv Independent", "Meduza", "Le Monde", "UP"]))
    doc["entities"] = list(ents.values())
    doc["quotes"], doc["events"] = quotes, events
    return doc


def insert_batch(conn: Any, docs: list[dict[str, Any]], known: set[str]) -> None:
    """The rows `write.insert_document` would write, for many documents per statement."""
    doc_rows, ent_rows, alias_rows, mention_rows, role_rows, quote_rows, event_rows = [], [], [], [], [], [], []
    aliases_seen: set[tuple[str, str]] = set()
    for doc in docs:
        doc_rows.append(w.document_row(doc, pipeline_version="bench"))
        for ent in doc["entities"]:
            if ent["id"] not in known:
                known.add(ent["id"])
                g = ent["geo"] or {}
                ent_rows.append({"id": ent["id"], "type": ent["type"], "name": ent["name"], "wikidata": None,
                                 "geo_json": w.dumps(g) if g else None, "lat": g.get("lat"), "lon": g.get("lon"),
                                 "country": g.get("country"), "admin1": g.get("admin1"),
                                 "precision": g.get("precision"), "feature": g.get("feature")})
            for surface in [ent["name"], *(m["text"] for m in ent["mentions"])]:
                key = (ent["id"], normalize_alias(surface))
                if key not in aliases_seen:
                    aliases_seen.add(key)
                    alias_rows.append({"entity_id": key[0], "alias_norm": key[1], "alias": surface})
            mention_rows += [{"document_id": doc["id"], "entity_id": ent["id"], "start": m["start"], "end": m["end"],
                              "text": m["text"]} for m in ent["mentions"]]
            role_rows += [{"entity_id": ent["id"], "document_id": doc["id"], "role": r} for r in ent["roles"]]
        quote_rows += [{"document_id": doc["id"], "idx": k, **q} for k, q in enumerate(doc["quotes"])]
        for k, ev in enumerate(doc["events"]):
            event_rows.append({"document_id": doc["id"], "idx": k,
                               "acled_type": (ev["acled"] or {}).get("event_type"),
                               "acled_subtype": (ev["acled"] or {}).get("sub_event_type"),
                               "plover_event": ev["plover"]["event"], "plover_mode": None, "place": ev["place"],
                               "date": ev["date"], "date_precision": ev["date_precision"],
                               "evidence_start": ev["evidence"]["start"], "evidence_end": ev["evidence"]["end"],
                               "evidence_text": ev["evidence"]["text"], "confidence": ev["confidence"],
                               "actors_json": w.dumps(ev["actors"])})
    conn.execute(w.DOCUMENTS.insert(), doc_rows)
    if ent_rows:
        conn.execute(w.ENTITIES.insert(), ent_rows)
    conn.execute(w.insert_ignore(conn, w.ALIASES, ["entity_id", "alias_norm"]), alias_rows)
    facts = ((w.MENTIONS, mention_rows), (w.ROLES, role_rows), (w.QUOTES, quote_rows), (w.EVENTS, event_rows))
    for table, rows in facts:
        if rows:
            conn.execute(table.insert(), rows)


def backend_cpu(store: Store) -> Any:
    """A function giving the CPU seconds the PostgreSQL backend of one pooled connection has used
    (None elsewhere): the bulk inserts and index builds run there, not in this process."""
    if store.engine.dialect.name != "postgresql":
        return lambda: None
    with store.engine.connect() as conn:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float | None:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    return cpu


class Clock:
    """Wall, this process's CPU, and the database backend's CPU since the last lap."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.last = self.now()

    def now(self) -> tuple[float, float, float | None]:
        return time.perf_counter(), time.process_time(), self.backend()

    def lap(self, what: str) -> str:
        now = self.now()
        wall, cpu = now[0] - self.last[0], now[1] - self.last[1]
        server = f", server CPU {now[2] - self.last[2]:.1f} s" if now[2] is not None and self.last[2] is not None else ""
        self.last = now
        return f"{what}: wall {wall:.1f} s, CPU {cpu:.1f} s{server}"


def build_indexes(store: Store) -> None:
    ensure_fulltext(store.engine)
    ensure_indexes(store.engine)
    ensure_brief_indexes(store.engine)
    if store.engine.dialect.name == "postgresql":
        # VACUUM too: it sets the visibility map, without which an index-only scan still reads
        # every row it counts (the entity page's counts took 161 ms instead of 52 ms for the most
        # mentioned entity of 50k documents). Autovacuum would get there later on a live store.
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="SQLite file (must not exist) or postgresql:// URL (empty schema)")
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--people", type=int, default=600)
    ap.add_argument("--places", type=int, default=800)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-indexes", action="store_true", help="leave the API/brief indexes to the first serve")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    people, places = cast(rng, args.people, args.places)
    t0 = time.perf_counter()
    with Store(args.out) as store:
        # This process uses one connection at a time, so the pool keeps one: its backend does it all.
        clock = Clock(backend_cpu(store))
        if store.counts()["documents"]:
            sys.exit(f"{args.out} already holds documents; give a new store")
        contract.validate(make_doc(0, random.Random(0), people, places))  # the templates make valid objects
        known: set[str] = set()
        for start in range(0, args.docs, BATCH):
            docs = [make_doc(i, rng, people, places) for i in range(start, min(start + BATCH, args.docs))]
            with store.engine.begin() as conn:
                insert_batch(conn, docs, known)
            print(f"\r{start + len(docs):,} documents", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        with store.engine.begin() as conn:
            totals.rebuild(conn)  # the per-entity totals Store.save would have kept
        laps = [clock.lap(f"rows ({args.docs:,} documents)")]
        if not args.no_indexes:
            build_indexes(store)
            laps.append(clock.lap("indexes + (VACUUM) ANALYZE"))
        counts = store.counts()
    print(f"made {args.out} in {time.perf_counter() - t0:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    for lap in laps:
        print("  " + lap)


if __name__ == "__main__":
    main()
