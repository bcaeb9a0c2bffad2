"""The Day N brief (issue 12) on hand-built contract documents: no NLP, so every fact is known."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from khronika.brief import BriefInputError, NothingStored, brief_errors, build_brief, resolve_day
from khronika.brief.render import to_html, to_markdown
from khronika.cli import app
from khronika.contract import empty_document, schema_errors
from khronika.store import Store
from khronika.store.briefs import ensure_brief_indexes

KUPIANSK = {"lat": 49.71, "lon": 37.61, "country": "UA", "admin1": "Kharkiv Oblast", "feature": "city",
            "precision": "settlement", "geonames_id": None, "confidence": 0.9}
BAKHMUT = {"lat": 48.59, "lon": 38.0, "country": "UA", "admin1": "Donetsk Oblast", "feature": "city",
           "precision": "settlement", "geonames_id": None, "confidence": 0.9}
DVORICHNA = {"lat": 49.85, "lon": 37.68, "country": "UA", "admin1": "Kharkiv Oblast", "feature": "town",
             "precision": "settlement", "geonames_id": None, "confidence": 0.9}
KHARKIV_OBLAST = {"lat": 49.5, "lon": 36.5, "country": "UA", "admin1": "Kharkiv Oblast", "feature": "region",
                  "precision": "region", "geonames_id": None, "confidence": 0.9}
GEO = {"ua:kupiansk": ("Kupiansk", KUPIANSK), "ua:bakhmut": ("Bakhmut", BAKHMUT), "ua:dvorichna": ("Dvorichna", DVORICHNA),
       "iso:UA-63": ("Kharkiv Oblast", KHARKIV_OBLAST)}
STRIKE = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
CLASH = ("Battles", "Armed clash")


class Doc:
    """Builds a contract document piece by piece, so every offset is right."""

    def __init__(self, doc_id: str, language: str, date_: str | None, source: str | None = None,
                 day_of_war: int | None = None):
        self.id, self.language, self.date, self.source, self.day = doc_id, language, date_, source, day_of_war
        self.text = ""
        self.entities: dict[str, dict] = {}
        self.events: list[dict] = []
        self.quotes: list[dict] = []

    def say(self, s: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += s
        return start, len(self.text)

    def open(self, s: str) -> int:
        """Say the first words of an event's sentence; its evidence starts here."""
        return self.say(s)[0]

    def mention(self, eid: str, surface: str, etype: str = "PLACE", name: str | None = None) -> tuple[int, int]:
        start, end = self.say(surface)
        geo = GEO.get(eid, (None, None))[1]
        ent = self.entities.setdefault(eid, {"id": eid, "type": etype, "name": name or GEO.get(eid, (surface,))[0],
                                             "wikidata": None, "roles": [], "geo": geo, "mentions": []})
        ent["mentions"].append({"start": start, "end": end, "text": surface})
        return start, end

    def event(self, start: int, acled=STRIKE, plover=None, place=None, actors=(), figures=None, claimed_by=None,
              when=None) -> None:
        end = len(self.text)
        ev = {"acled": {"event_type": acled[0], "sub_event_type": acled[1]} if acled else None,
              "plover": {"event": plover[0], "mode": plover[1]} if plover else None,
              "actors": list(actors), "place": place, "date": when or self.date, "date_precision": "day",
              "evidence": {"start": start, "end": end, "text": self.text[start:end]}, "confidence": 0.8}
        if figures:
            ev["figures"] = figures
        if claimed_by:
            ev["claimed"], ev["claimed_by"] = "indirect", claimed_by
        self.events.append(ev)

    def quote(self, speaker: str, name: str, surface: str, words: str, kind: str = "direct") -> None:
        s0, s1 = self.mention(speaker, surface, "PERSON", name)
        self.say(" a déclaré : « " if self.language == "fr" else " said: “")
        c0, c1 = self.say(words)
        self.say(" ». " if self.language == "fr" else "”. ")
        self.quotes.append({"kind": kind, "content": words, "content_start": c0, "content_end": c1,
                            "speaker": speaker, "speaker_text": surface, "speaker_start": s0, "speaker_end": s1,
                            "cue": "a déclaré" if self.language == "fr" else "said", "date": self.date})

    def build(self) -> dict:
        doc = empty_document(self.id, self.text, language=self.language, source=self.source, date=self.date,
                             day_of_war=self.day, title=self.text.split(".")[0][:80])
        doc["entities"] = list(self.entities.values())
        doc["events"] = self.events
        doc["quotes"] = self.quotes
        assert schema_errors(doc) == [], schema_errors(doc)
        return doc


def strike_en(doc_id="wire-en", day="2023-05-24", source="Front Line Wire", injured=6) -> dict:
    d = Doc(doc_id, "en", day, source)
    s = d.open("Two people were killed and six injured when Russian missiles hit ")
    d.mention("ua:kupiansk", "Kupiansk")
    d.say(", the governor said.")
    d.event(s, place="ua:kupiansk", actors=["iso:RU"], figures={"killed": 2, "injured": injured})
    d.say(" ")
    s = d.open("Fighting continued in ")
    d.mention("ua:bakhmut", "Bakhmut")
    d.say(".")
    d.event(s, acled=CLASH, place="ua:bakhmut")
    return d.build()


def strike_fr(doc_id="journal-fr", day="2023-05-24", source="Le Journal") -> dict:
    d = Doc(doc_id, "fr", day, source)
    s = d.open("Une frappe de missiles sur ")
    d.mention("ua:kupiansk", "Koupiansk")
    d.say(" a fait deux morts et huit blessés selon le parquet.")
    d.event(s, place="ua:kupiansk", figures={"killed": 2, "injured": 8})
    return d.build()


def strike_uk(doc_id="novyny-uk", day="2023-05-24", source="Novyny") -> dict:
    d = Doc(doc_id, "uk", day, source)
    s = d.open("Ракетний удар по ")
    d.mention("ua:kupiansk", "Куп’янську")
    d.say(": загинули двоє людей.")
    d.event(s, place="ua:kupiansk", figures={"killed": 2})
    return d.build()


def digest(doc_id: str, lang: str, day: str, n: int, place: str = "ua:bakhmut", surface: str = "Bakhmout") -> dict:
    d = Doc(doc_id, lang, day, None, day_of_war=n)
    d.say(f"Jour {n} de résistance. " if lang == "fr" else f"День {n}. ")
    s = d.open("Combats à " if lang == "fr" else "Бої в ")
    d.mention(place, surface)
    d.say(", selon l’" if lang == "fr" else ", за даними ")
    d.mention("kb:general_staff_ua", "état-major" if lang == "fr" else "Генштабу", "ORG",
              "General Staff of the Armed Forces of Ukraine")
    d.say(".")
    d.event(s, acled=CLASH, place=place, claimed_by="kb:general_staff_ua")
    d.say(" ")
    d.quote("kb:peskov", "Dmitry Peskov", "Dmitri Peskov" if lang == "fr" else "Дмитро Пєсков",
            "La situation est très inquiétante" if lang == "fr" else "Ситуація дуже тривожна")
    return d.build()


@pytest.fixture
def store(db_url):
    """A new SQLite store, and a PostgreSQL one when a server is there (conftest's db_url)."""
    with Store(db_url) as s:
        ensure_brief_indexes(s.engine)
        yield s


def all_citations(brief):
    for section in brief["sections"]:
        for item in section["items"]:
            yield item, item["citations"]
    for item in brief["since_previous_day"]:
        yield item, item["citations"]


def assert_citations_exist(store, brief):
    for item, cites in all_citations(brief):
        assert cites, item
        for c in cites:
            text = store.get(c["document"])["text"]
            assert 0 <= c["start"] < c["end"] <= len(text), c
            assert text[c["start"]:c["end"]].strip(), c


# -- days ---------------------------------------------------------------------------------------

def test_day_and_date_name_the_same_day():
    assert resolve_day(day=1) == date(2022, 2, 24)
    assert resolve_day(day=455) == resolve_day(on="2023-05-24") == date(2023, 5, 24)


@pytest.mark.parametrize("kwargs, words", [
    ({"day": 0}, "day 1 is 2022-02-24"), ({"on": "2022-02-23"}, "before the full-scale war"),
    ({"on": "2099-01-01"}, "in the future"), ({"day": 100000}, "in the future"),
    ({"day": 455, "on": "2023-05-24"}, "not both"), ({}, "give the day"), ({"on": "24/05/2023"}, "not a date"),
])
def test_bad_days_are_refused_with_a_clear_message(kwargs, words):
    with pytest.raises(BriefInputError, match=words):
        resolve_day(**kwargs)


def test_a_day_with_nothing_stored_says_so(store):
    store.save(strike_en())
    with pytest.raises(NothingStored, match="nothing stored for day 456"):
        build_brief(store, date(2023, 5, 25), "fr")


# -- one happening, many reports ------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_one_strike_reported_by_three_outlets_is_one_item_citing_all(store, lang):
    for doc in (strike_en(), strike_fr(), strike_uk()):
        store.save(doc)
    brief = build_brief(store, date(2023, 5, 24), lang)
    assert brief_errors(brief) == []
    assert (brief["day_of_war"], brief["date"], brief["language"]) == (455, "2023-05-24", lang)
    strikes = next(s for s in brief["sections"] if s["heading"] in ("Frappes", "Strikes"))
    (item,) = strikes["items"]
    assert {c["document"] for c in item["citations"]} == {"wire-en", "journal-fr", "novyny-uk"}
    assert item["event"] and item["event"].split("#e")[0] in {"wire-en", "journal-fr", "novyny-uk"}
    place = "Koupiansk" if lang == "fr" else "Kupiansk"
    assert place in item["text"]
    # differing figures side by side, each with its source, never averaged
    assert ("8 blessés" if lang == "fr" else "8 injured") in item["text"]
    assert ("6 blessés" if lang == "fr" else "6 injured") in item["text"]
    assert "Le Journal" in item["text"] and "Front Line Wire" in item["text"]
    assert "7" not in item["text"]
    # the day's other happening keeps its own item, named in the brief's spelling
    front = next(s for s in brief["sections"] if s["heading"] in ("Sur le front", "Front line"))
    (fight,) = front["items"]
    assert ("Bakhmout" if lang == "fr" else "Bakhmut") in fight["text"]
    assert [c["document"] for c in fight["citations"]] == ["wire-en"]
    assert place in brief["title"] and brief["title"].startswith("Jour 455" if lang == "fr" else "Day 455")
    assert_citations_exist(store, brief)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_brief_cites_its_day_and_nothing_of_another(store, lang):
    store.save(digest("d455-fr", "fr", "2023-05-24", 455))
    store.save(digest("d455-uk", "uk", "2023-05-24", 455, surface="Бахмуті"))
    store.save(digest("d456-fr", "fr", "2023-05-25", 456))
    brief = build_brief(store, date(2023, 5, 24), lang)
    cited = {c["document"] for _, cites in all_citations(brief) for c in cites}
    assert cited == {"d455-fr", "d455-uk"}
    fight = brief["sections"][0]["items"][0]
    assert {c["document"] for c in fight["citations"]} == {"d455-fr", "d455-uk"}
    # a claim stays a claim
    assert fight["claimed_by"] == "kb:general_staff_ua"
    assert ("selon l’état-major général" if lang == "fr" else "according to the General Staff") in fight["text"]
    statements = next(s for s in brief["sections"] if s["heading"] in ("Déclarations", "Statements"))
    (peskov,) = statements["items"]
    assert peskov["claimed_by"] == "kb:peskov"
    if lang == "fr":
        assert peskov["text"].startswith("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré : « La situation")
    else:
        assert peskov["text"].startswith("Kremlin spokesman Dmitry Peskov")
    assert {c["document"] for c in peskov["citations"]} == {"d455-fr", "d455-uk"}
    later = build_brief(store, date(2023, 5, 25), lang)
    assert {c["document"] for _, cites in all_citations(later) for c in cites} == {"d456-fr"}


def test_a_document_without_a_date_joins_the_day_its_events_are_dated_to(store):
    store.save(strike_en())
    undated = strike_fr(doc_id="undated-fr", day=None)
    undated["events"][0]["date"] = "2023-05-24"
    store.save(undated)
    brief = build_brief(store, date(2023, 5, 24), "en")
    strike = next(s for s in brief["sections"] if s["heading"] == "Strikes")["items"][0]
    assert {c["document"] for c in strike["citations"]} == {"wire-en", "undated-fr"}


def test_a_document_with_only_a_day_counter_belongs_to_that_day(store):
    doc = digest("counter-only", "fr", None, 455)
    store.save(doc)
    brief = build_brief(store, resolve_day(day=455), "fr")
    assert {c["document"] for _, cites in all_citations(brief) for c in cites} == {"counter-only"}


def test_since_previous_day_names_new_places_more_strikes_and_new_speakers(store):
    store.save(digest("d454", "fr", "2023-05-23", 454))              # Bakhmut fighting, Peskov
    store.save(strike_en())                                          # Kupiansk strike, Bakhmut fighting
    d = Doc("gs-uk", "uk", "2023-05-24", "General Staff")
    s = d.open("Обстріляно ")
    d.mention("ua:dvorichna", "Дворічну")
    d.say(".")
    d.event(s, place="ua:dvorichna")
    d.say(" ")
    d.quote("kb:malyar", "Hanna Malyar", "Ганна Маляр", "Бої тривають")
    store.save(d.build())
    brief = build_brief(store, date(2023, 5, 24), "en")
    new = [i["text"] for i in brief["since_previous_day"]]
    assert any(t.startswith("New place: Kupiansk") for t in new)
    assert any(t.startswith("New place: Dvorichna") for t in new)
    assert not any("Bakhmut" in t for t in new)                     # fought over the day before too
    assert "More strikes: 2 places hit, against 0 the day before." in new
    assert "Newly quoted: Hanna Malyar." in new
    assert not any("Peskov" in t for t in new)
    assert brief["previous_day"] == {"date": "2023-05-23", "documents": 1}
    assert_citations_exist(store, brief)


def test_markdown_and_html_read_on_paper(store):
    for doc in (strike_en(), strike_fr(), strike_uk()):
        store.save(doc)
    brief = build_brief(store, date(2023, 5, 24), "fr")
    md = to_markdown(brief)
    assert md.startswith("# Jour 455 de résistance : ")
    assert "*Mercredi 24 mai 2023*" in md and "## Frappes" in md and "## Sources" in md
    assert "[1][2][3]" in md and "Le Journal" in md
    page = to_html(brief, {("journal-fr", 0, 10): "Une frappe"})
    assert page.startswith("<!doctype html>") and "@media print" in page and 'id="src-1"' in page
    assert "<script" not in page


# -- the command line ----------------------------------------------------------------------------

def test_cli_brief_formats_and_errors(tmp_path):
    db = str(tmp_path / "cli.db")
    with Store(db) as s:
        for doc in (strike_en(), strike_fr(), strike_uk()):
            s.save(doc)
    runner = CliRunner()
    res = runner.invoke(app, ["brief", "--day", "455", "--db", db, "--lang", "en", "--format", "json"])
    assert res.exit_code == 0, res.output
    brief = json.loads(res.stdout)
    assert brief_errors(brief) == [] and brief["title"].startswith("Day 455 of the full-scale war: ")
    out = tmp_path / "b.html"
    res = runner.invoke(app, ["brief", "--date", "2023-05-24", "--db", db, "--format", "html", "--out", str(out)])
    assert res.exit_code == 0 and "Jour 455" in out.read_text(encoding="utf-8")
    res = runner.invoke(app, ["brief", "--day", "456", "--db", db])
    assert res.exit_code == 1 and "nothing stored for day 456 (2023-05-25)" in res.stderr
    for args, words in ((["--day", "0"], "not a day of the war"), (["--date", "2021-12-31"], "before the full-scale"),
                        (["--day", "455", "--date", "2023-05-24"], "not both"), (["--date", "2999-01-01"], "future"),
                        (["--day", "455", "--lang", "de"], "--lang")):
        res = runner.invoke(app, ["brief", *args, "--db", db])
        assert res.exit_code == 2 and words in res.stderr, (args, res.stderr)
        assert res.stdout == ""


def test_the_day_lookups_use_indexes(store):
    from sqlalchemy import text

    if store.dialect != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    with store.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM documents WHERE coalesce(date, published, '') = '2023-05-24'")))
        assert "USING" in plan and "INDEX" in plan, plan
        plan = " ".join(str(r[-1]) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM documents WHERE day_of_war = 455")))
        assert "ix_khr_brief_documents_dow" in plan, plan


# -- the HTTP API --------------------------------------------------------------------------------

def test_api_serves_the_same_brief(tmp_path):
    from fastapi.testclient import TestClient

    from khronika.serve import create_app

    db = str(tmp_path / "api.db")
    with Store(db) as s:
        for doc in (strike_en(), strike_fr(), strike_uk(), digest("d457", "fr", "2023-05-26", 457)):
            s.save(doc)
        expected = build_brief(s, date(2023, 5, 24), "en")
    with TestClient(create_app(db)) as client:
        r = client.get("/api/briefs/2023-05-24", params={"lang": "en"})
        assert r.status_code == 200 and r.json() == expected
        assert client.get("/api/briefs/2023-05-24").json()["language"] == "fr"
        r = client.get("/api/briefs/2023-05-25")
        assert r.status_code == 404 and "nothing stored for day 456" in r.json()["detail"]
        assert client.get("/api/briefs/2021-05-25").status_code == 422
        assert client.get("/api/briefs/2099-05-25").status_code == 422
        assert client.get("/api/briefs/2023-05-24", params={"lang": "de"}).status_code == 422
        assert client.get("/api/briefs/2023-05-25/neighbours").json() == {"previous": "2023-05-24",
                                                                         "next": "2023-05-26"}


def test_a_claim_of_an_organisation_known_only_by_a_cyrillic_case_form_is_attributed_to_its_source(store):
    d = Doc("ova-uk", "uk", "2023-05-24", "Novyny")
    s = d.open("За даними ")
    d.mention("org:oblasnoi-administratsii", "обласної військової адміністрації", "ORG",
              "обласної військової адміністрації")
    d.say(", обстріляно ")
    d.mention("ua:dvorichna", "Дворічну")
    d.say(".")
    d.event(s, place="ua:dvorichna", claimed_by="org:oblasnoi-administratsii")
    store.save(d.build())
    for lang, words in (("fr", "selon une source citée par Novyny"), ("en", "according to a source quoted by Novyny")):
        (item,) = build_brief(store, date(2023, 5, 24), lang)["sections"][0]["items"]
        assert item["claimed_by"] == "org:oblasnoi-administratsii" and item["text"].endswith(words + "."), item


def test_a_report_placed_in_a_region_joins_the_strike_on_the_town_it_names(store):
    store.save(strike_en())
    d = Doc("digest-fr", "fr", "2023-05-24", None, day_of_war=455)
    s = d.open("L’armée russe a visé le centre de ")
    d.mention("ua:kupiansk", "Koupiansk")
    d.say(", dans la ")
    d.mention("iso:UA-63", "région de Kharkiv")
    d.say(".")
    d.event(s, place="iso:UA-63")
    store.save(d.build())
    brief = build_brief(store, date(2023, 5, 24), "fr")
    (strike,) = next(s for s in brief["sections"] if s["heading"] == "Frappes")["items"]
    assert {c["document"] for c in strike["citations"]} == {"wire-en", "digest-fr"}
    assert strike["text"].startswith("Frappe de missiles russes sur Koupiansk (région de Kharkiv)")


def test_a_phone_call_without_a_place_is_a_diplomacy_item_and_can_lead_the_title(store):
    d = Doc("call-en", "en", "2023-05-24", "Wire")
    s = d.open("")
    d.mention("kb:zelensky", "Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky")
    d.say(" spoke by phone with ")
    d.mention("kb:macron", "Emmanuel Macron", "PERSON", "Emmanuel Macron")
    d.say(".")
    d.event(s, acled=None, plover=("CONSULT", "phone"), actors=["kb:zelensky", "kb:macron"])
    store.save(d.build())
    for lang, words in (("fr", "Entretien téléphonique entre "), ("en", "Phone call between ")):
        brief = build_brief(store, date(2023, 5, 24), lang)
        (section,) = brief["sections"]
        assert section["heading"] == ("Diplomatie et visites" if lang == "fr" else "Diplomacy and visits")
        (item,) = section["items"]
        assert item["text"].startswith(words) and "Macron" in item["text"] and "Zelensky" in item["text"]
        assert words.lower() in brief["title"]
