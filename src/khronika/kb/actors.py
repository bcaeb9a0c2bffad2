"""Curated knowledge base of the war's recurring actors (kb/data/actors.json).

Pure data access: no NLP here. The matcher (nlp/kb_ruler.py) builds its index from
`KnowledgeBase.aliases()`, and the linker resolves a lone surname with `lookup()`.
Both compare names through `normalize_name`, so the two must agree on one key.

Data conventions (checked at load, a bad entry raises ValueError naming it):
- id: "kb:<slug>", unique; type: PERSON | ORG | UNIT | MISC (places live in the gazetteer);
- wikidata: "Q<digits>" or null (null whenever the curator was not sure of the id);
- gender: "m" / "f" for persons, null otherwise;
- country: ISO 3166-1 alpha-2 of the state a person serves or an organisation or unit
  belongs to (for armed groups: the state whose forces they fight in), null for
  international bodies and their officials;
- names: one name in each of en, fr, uk, ru; aliases: other surface forms. Names are
  aliases too, whether or not the file repeats them;
- surnames (optional, persons only): the surname forms when the last word of a name is
  not one (Le Pen, Xi Jinping, Pope Francis); [] keeps the person out of the surname
  index. Without it, the last word of each name is the surname.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

TYPES = frozenset({"PERSON", "ORG", "UNIT", "MISC"})
LANGS = ("en", "fr", "uk", "ru")
_ID = re.compile(r"^kb:[a-z0-9_]+$")
_QID = re.compile(r"^Q\d+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
# A lone surname shorter than this is a word ("Xi", "Li", "І"), never a safe key.
MIN_SURNAME_LEN = 3


@dataclass(frozen=True)
class Actor:
    id: str
    type: str
    name: str
    wikidata: str | None
    gender: str | None
    country: str | None
    # Mappings are excluded from the hash (dicts are unhashable) but kept in equality.
    names: dict[str, str] = field(hash=False)
    aliases: tuple[str, ...] = ()
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    # Explicit surname forms; None means "the last word of each name" (see _surnames).
    surnames: tuple[str, ...] | None = None

    def surfaces(self) -> tuple[str, ...]:
        """Every surface form: the main name, each language's name, then the aliases."""
        seen: dict[str, None] = {}
        for s in (self.name, *self.names.values(), *self.aliases):
            seen.setdefault(s, None)
        return tuple(seen)


# -- normalisation --------------------------------------------------------------------
_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼ`‘ʻ′´"), None)
# Combining marks that make Cyrillic letters of their own: breve (й, ў) and diaeresis
# (ї, ё). Every other mark (Latin accents, stress marks on Cyrillic) is dropped.
_CYRILLIC_MARKS = {"\u0306", "\u0308"}
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―.]+")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def normalize_name(s: str) -> str:
    """Exact matching key of a name: 'Zelenskyy', 'ZELENSKYY' and 'Zelénskyy' agree.

    Casefolds, drops apostrophes and Latin diacritics (é→e, ğ→g) but keeps Cyrillic
    letters whole (й, ї stay; only ё→е, as Russian writing itself does), and turns runs
    of hyphens, dots and whitespace into one space. Titles (M., Mme, пан) are kept:
    callers strip them, since "M." is also an initial.
    """
    s = s.translate(_APOSTROPHES)
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", s.casefold()):
        if unicodedata.combining(ch):
            if ch in _CYRILLIC_MARKS and out and _is_cyrillic(out[-1]):
                out.append(ch)
            continue
        out.append(ch)
    s = unicodedata.normalize("NFC", "".join(out)).replace("ё", "е")
    return _SEPARATORS.sub(" ", s).strip()


# -- validation -----------------------------------------------------------------------
def _fail(where: str, message: str) -> ValueError:
    return ValueError(f"actors.json: {where}: {message}")


def _str_list(value: Any, where: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, f"{what} must be a list of non-empty strings")
    return tuple(value)


def _actor(raw: Any, index: int) -> Actor:
    if not isinstance(raw, dict):
        raise _fail(f"entry #{index}", "not an object")
    aid = raw.get("id")
    where = f"entry #{index} ({aid!r})"
    if not isinstance(aid, str) or not _ID.match(aid):
        raise _fail(where, "id must look like 'kb:<lowercase_slug>'")
    atype = raw.get("type")
    if atype not in TYPES:
        raise _fail(where, f"type {atype!r} not in {sorted(TYPES)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, "name must be a non-empty string")
    qid = raw.get("wikidata")
    if qid is not None and (not isinstance(qid, str) or not _QID.match(qid)):
        raise _fail(where, f"wikidata {qid!r} must match ^Q\\d+$ or be null")
    gender = raw.get("gender")
    if gender not in (None, "m", "f") or (gender is not None and atype != "PERSON"):
        raise _fail(where, f"gender {gender!r} must be 'm'/'f' for persons, null otherwise")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _COUNTRY.match(country)):
        raise _fail(where, f"country {country!r} must be an ISO alpha-2 code or null")
    names = raw.get("names")
    if not isinstance(names, dict) or any(not isinstance(names.get(lang), str) or not names[lang].strip()
                                          for lang in LANGS):
        raise _fail(where, f"names must give a non-empty name in each of {', '.join(LANGS)}")
    aliases = _str_list(raw.get("aliases", []), where, "aliases")
    roles_raw = raw.get("roles", {})
    if not isinstance(roles_raw, dict):
        raise _fail(where, "roles must be an object lang -> list of strings")
    roles = {lang: _str_list(v, where, f"roles[{lang!r}]") for lang, v in roles_raw.items()}
    surnames = None
    if "surnames" in raw:
        if atype != "PERSON":
            raise _fail(where, "surnames are for persons only")
        surnames = _str_list(raw["surnames"], where, "surnames")
    unknown = set(raw) - {"id", "type", "name", "wikidata", "gender", "country", "names", "aliases", "roles", "surnames"}
    if unknown:
        raise _fail(where, f"unknown field(s) {sorted(unknown)}")
    return Actor(id=aid, type=atype, name=name, wikidata=qid, gender=gender, country=country,
                 names=dict(names), aliases=aliases, roles=roles, surnames=surnames)


# -- the knowledge base ---------------------------------------------------------------
class KnowledgeBase:
    """Actors by id, by normalised alias, and persons by an unambiguous surname."""

    def __init__(self, actors: Iterable[Actor]):
        self.actors: dict[str, Actor] = {}
        qids: dict[str, str] = {}
        for actor in actors:
            if actor.id in self.actors:
                raise _fail(repr(actor.id), "duplicate id")
            if actor.wikidata and actor.wikidata in qids:
                # Two entries for one Wikidata item is a curation slip (a duplicate actor).
                raise _fail(repr(actor.id), f"wikidata {actor.wikidata} already used by {qids[actor.wikidata]!r}")
            if actor.wikidata:
                qids[actor.wikidata] = actor.id
            self.actors[actor.id] = actor
        # normalised alias -> ids (an alias shared by two actors is kept, ambiguous).
        self._by_alias: dict[str, list[str]] = {}
        for actor in self.actors.values():
            for surface in actor.surfaces():
                key = normalize_name(surface)
                if key:
                    ids = self._by_alias.setdefault(key, [])
                    if actor.id not in ids:
                        ids.append(actor.id)
        self.surname_index: dict[str, str] = self._surnames()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> KnowledgeBase:
        """Validate the parsed JSON document ({"version": 1, "actors": [...]})."""
        if not isinstance(data, Mapping) or data.get("version") != 1 or not isinstance(data.get("actors"), list):
            raise ValueError('actors.json: expected {"version": 1, "actors": [...]}')
        return cls([_actor(raw, i) for i, raw in enumerate(data["actors"])])

    def _surnames(self) -> dict[str, str]:
        """Surname -> person, kept only where a single person has that surname.

        The surname is the curated `surnames` when given, else the last whitespace-
        separated word of each name, taken before normalising so that a hyphenated
        surname stays whole (Lvova-Belova -> "lvova belova", not "belova"). A word that
        is any part of another person's name also counts as shared: "Kim" is Vitaliy
        Kim's surname but also opens "Kim Jong Un", so it is nobody's.
        """
        owners: dict[str, set[str]] = {}
        users: dict[str, set[str]] = {}  # every word of every person name -> persons
        for actor in self.actors.values():
            if actor.type != "PERSON":
                continue
            names = (actor.name, *actor.names.values())
            for name in names:
                for word in name.split():
                    users.setdefault(normalize_name(word), set()).add(actor.id)
            if actor.surnames is not None:
                keys = {normalize_name(s) for s in actor.surnames}
            else:
                keys = {normalize_name(n.split()[-1]) for n in names if len(n.split()) >= 2}
                keys = {k for k in keys if len(k) >= MIN_SURNAME_LEN}
            for key in keys - {""}:
                owners.setdefault(key, set()).add(actor.id)
        return {key: next(iter(ids)) for key, ids in owners.items()
                if len(ids) == 1 and users.get(key, ids) == ids}

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def actor(self, actor_id: str) -> Actor:
        """The actor of an id this knowledge base gave (a mention's kb id): KeyError otherwise."""
        return self.actors[actor_id]

    def lookup(self, surface: str) -> list[Actor]:
        """Actors whose alias or name equals `surface` once normalised; failing that,
        the one person whose surname it is. Several actors mean an ambiguous alias."""
        key = normalize_name(surface)
        if not key:
            return []
        ids = self._by_alias.get(key)
        if ids:
            return [self.actors[i] for i in ids]
        owner = self.surname_index.get(key)
        return [self.actors[owner]] if owner else []

    def aliases(self) -> Iterator[tuple[str, str]]:
        """(surface form, actor id) for every name and alias, to build a matcher.

        Surnames from `surname_index` are not included: a bare surname is matched only
        where the curator listed it as an alias (Peskov yes, Johnson no).
        """
        for actor in self.actors.values():
            for surface in actor.surfaces():
                yield surface, actor.id


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The packaged knowledge base, parsed and validated once per process."""
    text = resources.files("khronika.kb.data").joinpath("actors.json").read_text(encoding="utf-8")
    return KnowledgeBase.from_data(json.loads(text))


@lru_cache(maxsize=8)
def load_kb_file(path: str) -> KnowledgeBase:
    """A knowledge base of the same format from a file of the user's ("" = the packaged one)."""
    if not path:
        return load_kb()
    with open(path, encoding="utf-8") as fh:
        return KnowledgeBase.from_data(json.load(fh))
