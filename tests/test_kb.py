"""The curated actor knowledge base: data integrity, lookups across scripts, validation."""
from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from khronika.kb.actors import LANGS, TYPES, Actor, KnowledgeBase, load_kb, normalize_name


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(resources.files("khronika.kb.data").joinpath("actors.json").read_text(encoding="utf-8"))


def one(kb: KnowledgeBase, surface: str) -> Actor:
    found = kb.lookup(surface)
    assert len(found) == 1, f"{surface!r} -> {[a.id for a in found]}"
    return found[0]


# -- data integrity -------------------------------------------------------------------
def test_ids_unique_and_prefixed(kb: KnowledgeBase, raw: dict) -> None:
    ids = [a["id"] for a in raw["actors"]]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("kb:") for i in ids)
    assert len(kb) == len(ids)


def test_size_and_types(kb: KnowledgeBase) -> None:
    types = {a.type for a in kb}
    assert types <= TYPES
    assert {"PERSON", "ORG", "UNIT"} <= types
    assert 150 <= len(kb) <= 300


def test_every_actor_named_in_all_languages(kb: KnowledgeBase) -> None:
    for actor in kb:
        assert all(actor.names.get(lang, "").strip() for lang in LANGS), actor.id


def test_persons_have_gender_others_do_not(kb: KnowledgeBase) -> None:
    for actor in kb:
        if actor.type == "PERSON":
            assert actor.gender in ("m", "f"), actor.id
        else:
            assert actor.gender is None, actor.id


def test_no_alias_shared_between_actors(kb: KnowledgeBase) -> None:
    # An alias that names two actors is unusable by the matcher; the curator must split it.
    owners: dict[str, set[str]] = {}
    for alias, actor_id in kb.aliases():
        owners.setdefault(normalize_name(alias), set()).add(actor_id)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared


def test_aliases_include_every_name(kb: KnowledgeBase) -> None:
    pairs = set(kb.aliases())
    for actor in kb:
        for name in (actor.name, *actor.names.values()):
            assert (name, actor.id) in pairs


def test_wikidata_ids_where_known(kb: KnowledgeBase) -> None:
    assert kb.get("kb:putin").wikidata == "Q7747"
    assert kb.get("kb:nato").wikidata == "Q7184"
    qids = [a.wikidata for a in kb if a.wikidata]
    assert len(qids) == len(set(qids))


# -- lookups --------------------------------------------------------------------------
def test_zelensky_in_every_spelling(kb: KnowledgeBase) -> None:
    ids = {one(kb, s).id for s in ("Zelenskyi", "Зеленський", "Zelensky", "Зеленский", "Zelenskyy",
                                     "Volodymyr Zelensky", "Володимир Зеленський", "ZELENSKY")}
    assert ids == {"kb:zelensky"}


def test_putin_in_french(kb: KnowledgeBase) -> None:
    assert one(kb, "Poutine").id == "kb:putin"
    assert one(kb, "Vladimir Poutine").id == "kb:putin"
    assert one(kb, "Путін").id == "kb:putin"


def test_russian_volunteer_corps(kb: KnowledgeBase) -> None:
    rdk = one(kb, "Corps des volontaires russes")
    assert rdk.type == "UNIT"
    for s in ("Русский добровольческий корпус", "Російський добровольчий корпус", "RDK", "РДК", "CDR"):
        assert one(kb, s) is rdk


def test_freedom_of_russia_legion(kb: KnowledgeBase) -> None:
    legion = one(kb, "Légion de la liberté de la Russie")
    assert legion.type == "UNIT" and legion.id != "kb:rdk"
    for s in ("Légion russe de la liberté", "Легион «Свобода России»", "Легіон «Свобода Росії»", "Freedom of Russia Legion"):
        assert one(kb, s) is legion


def test_isw_acronym_and_french_name(kb: KnowledgeBase) -> None:
    isw = one(kb, "ISW")
    assert isw.type == "ORG"
    assert one(kb, "Institut américain pour l'étude de la guerre") is isw
    # Typographic apostrophe, as in the French digests.
    assert one(kb, "Institut américain pour l’étude de la guerre") is isw


def test_hur_acronyms(kb: KnowledgeBase) -> None:
    hur = one(kb, "HUR")
    assert {one(kb, s).id for s in ("GUR", "ГУР", "Renseignements sur la défense de l'Ukraine")} == {hur.id}
    # Russia's GRU is another organisation.
    assert one(kb, "ГРУ").id != hur.id


def test_international_acronyms(kb: KnowledgeBase) -> None:
    assert {one(kb, s).id for s in ("UN", "ONU", "ООН", "United Nations")} == {"kb:un"}
    assert {one(kb, s).id for s in ("NATO", "OTAN", "НАТО")} == {"kb:nato"}
    assert {one(kb, s).id for s in ("FSB", "ФСБ")} == {"kb:fsb"}
    assert {one(kb, s).id for s in ("SBU", "СБУ")} == {"kb:sbu"}


def test_transliteration_variants(kb: KnowledgeBase) -> None:
    assert {one(kb, s).id for s in ("Yusov", "Iusov", "Ioussov", "Юсов")} == {"kb:yusov"}
    assert {one(kb, s).id for s in ("Malyar", "Maliar", "Hanna Maliar", "Ганна Маляр")} == {"kb:malyar"}
    assert {one(kb, s).id for s in ("Zaluzhnyi", "Valeri Zaloujny", "Залужний")} == {"kb:zaluzhnyi"}
    assert {one(kb, s).id for s in ("Sergueï Choïgou", "Shoigu", "Шойгу")} == {"kb:shoigu"}
    assert one(kb, "Boudanov").id == "kb:budanov"
    assert one(kb, "Sodol").id == "kb:sodol"


def test_peskov_roles_and_names(kb: KnowledgeBase) -> None:
    peskov = kb.get("kb:peskov")
    assert peskov is not None and peskov.type == "PERSON" and peskov.gender == "m" and peskov.country == "RU"
    assert any("porte-parole" in r for r in peskov.roles["fr"])
    assert one(kb, "Dmitri Peskov") is peskov
    assert one(kb, "Пєсков") is peskov


def test_surname_index_finds_unlisted_surnames(kb: KnowledgeBase) -> None:
    # "Danilov" is not a curated alias (a common surname) but names one person in the KB.
    assert "Danilov" not in kb.get("kb:danilov").aliases
    assert kb.surname_index.get("danilov") == "kb:danilov"
    assert one(kb, "Danilov").id == "kb:danilov"
    # A hyphenated surname stays whole.
    assert one(kb, "Lvova-Belova").id == "kb:lvova_belova"


def test_surname_index_drops_shared_words(kb: KnowledgeBase) -> None:
    # Nazar Voloshyn is the only Voloshyn; but "Kim" also opens "Kim Jong Un".
    assert "kim" not in kb.surname_index
    assert kb.lookup("Kim") == []
    # Surname-first names are curated: "Jinping" is no surname.
    assert "jinping" not in kb.surname_index
    assert one(kb, "Xi").id == "kb:xi_jinping"


def test_unknown_surface(kb: KnowledgeBase) -> None:
    assert kb.lookup("Jean Dupont") == []
    assert kb.lookup("") == []
    assert kb.get("kb:nobody") is None


def test_load_kb_is_cached() -> None:
    assert load_kb() is load_kb()


# -- normalisation --------------------------------------------------------------------
def test_normalize_keeps_cyrillic_letters() -> None:
    assert normalize_name("Й") == "й"
    assert normalize_name("Сергій Їжак") == "сергій їжак"
    assert normalize_name("й") != normalize_name("и")
    assert normalize_name("Аксёнов") == "аксенов"
    assert normalize_name("Пу\u0301тин") == "путин"  # a stress mark is not a letter


def test_normalize_latin_apostrophes_separators() -> None:
    assert normalize_name("Erdoğan") == "erdogan"
    assert normalize_name("Sergueï  Choïgou") == "serguei choigou"
    assert normalize_name("В’ячеслав") == normalize_name("В'ячеслав") == normalize_name("Вʼячеслав") == "вячеслав"
    assert normalize_name("Jean-Noël Barrot") == "jean noel barrot"
    assert normalize_name("U.N.") == "u n"
    # Titles are the caller's business.
    assert normalize_name("M. Peskov") == "m peskov"


# -- validation -----------------------------------------------------------------------
def _entry(**changes) -> dict:
    entry = {"id": "kb:test", "type": "PERSON", "name": "Test Person", "wikidata": None, "gender": "m", "country": "UA",
             "names": {"en": "Test Person", "fr": "Test Person", "uk": "Тест Персона", "ru": "Тест Персона"},
             "aliases": [], "roles": {}}
    entry.update(changes)
    return entry


@pytest.mark.parametrize("changes, message", [
    ({"id": "test"}, "kb:"),
    ({"type": "PLACE"}, "type"),
    ({"wikidata": "42"}, "wikidata"),
    ({"names": {"en": "Test"}}, "names"),
    ({"gender": "x"}, "gender"),
    ({"aliases": "Test"}, "aliases"),
    ({"colour": "red"}, "unknown field"),
])
def test_validation_names_the_bad_entry(changes: dict, message: str) -> None:
    bad = _entry(id="kb:bad")
    bad.update(changes)
    with pytest.raises(ValueError, match=message) as err:
        KnowledgeBase.from_data({"version": 1, "actors": [_entry(), bad]})
    assert "entry #1" in str(err.value)


def test_validation_rejects_duplicates(raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["actors"].append(copy.deepcopy(data["actors"][0]))
    with pytest.raises(ValueError, match="duplicate id"):
        KnowledgeBase.from_data(data)
    with pytest.raises(ValueError, match="version"):
        KnowledgeBase.from_data({"actors": []})
