"""Linker: turns entity spans into the document's entities, one id per real-world entity.

- a knowledge-base span keeps its kb id;
- a surname alone ("Peskov", "M. Peskov", «Пєскова») links to the full name in the same
  document, whatever label the model gave it;
- a role alone ("le porte-parole du Kremlin") links to the person the text gave that role;
- an acronym defined in parentheses ("... pour l'étude de la guerre (ISW)") links to its name;
- any other name gets a deterministic id from its folded form (names.slug_id).
Places are grouped by spelling here; the geocoder gives them their final ids.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate

from spacy.language import Language
from spacy.tokens import Doc, Span

from khronika.kb.actors import KnowledgeBase, load_kb_file
from khronika.kb.gazetteer import get_gazetteer
from khronika.nlp.georetype import single_person_type
from khronika.nlp.morph import INFLECTED, is_patronymic, person_lemma, phrase_lemma, role_prefix, word_kind
from khronika.nlp.orgrefs import OrgRefs
from khronika.nlp.names import name_key, skeleton, slug_id, strip_honorific
from khronika.nlp.roles import add_role, roles_of, title_mentions
from khronika.nlp.extensions import doc_text, pipeline_lang
from khronika.nlp.tokenarrays import token_words

# pymorphy's readings behind these are dear: once per distinct name or word
_person_lemma = lru_cache(maxsize=16384)(person_lemma)
_word_kind = lru_cache(maxsize=65536)(word_kind)

LABELS = {
    "PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "UNIT": "UNIT", "MISC": "MISC", "EVENT": "EVENT",
    "LOC": "PLACE", "GPE": "PLACE", "FAC": "PLACE", "PLACE": "PLACE",
}
ID_PREFIX = {"PERSON": "person", "ORG": "org", "UNIT": "unit", "MISC": "misc", "EVENT": "event", "PLACE": "place"}
# Words models tag as names that are list labels or headings, not entities.
NOT_NAMES = {"invités", "invité", "invitée", "guests", "guest", "гості", "гости", "гость", "участники",
             "regardez", "consultez", "selon", "according", "update", "breaking", "key takeaways"}
# Models join "Запоріжжі та Херсонщині" or a heading and the next line into one name.
# ... and a name with its spelling or acronym in brackets: «Марком Цукербергом (Mark Zuckerberg)», «... газа (ФСЭГ)».
_SPLIT = {True: re.compile(r"\s+(?:та|і|й|и)\s+|\s*\n\s*|\s+\((?=[^()]+\)$)"), False: re.compile(r"\s*\n\s*")}
# ... and take in the preposition before a place: «У Бахмуті», «Біля Авдіївки».
_LEADING_PREP = re.compile(r"^(?:у|в|біля|на|під|до|з|із|від|при|поблизу|около|возле|под|из|от|во)\s+(?=\w)", re.I)
# «В. Путин», «В. В. Путин»: initials before a surname make no full name
_INITIALS = re.compile(r"^(?:[A-ZА-ЯЁІЇЄҐ]\.\s?){1,2}\s*(?=\w)")
_VOWEL_END = re.compile(r"[aeiouy]+$")
# A model's own MISC/EVENT labels are too noisy to keep unless the KB knows the name.
MODEL_TYPES_KEPT = {"PERSON", "ORG", "PLACE"}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Char span without honorifics, surrounding spaces, quotes and trailing punctuation."""
    cut, _ = strip_honorific(text[start:end])
    start += cut
    while start < end and (text[start].isspace() or text[start] in "«“\"'’(-–•"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "»”\"'),.:;-–"):
        end -= 1
    return start, _closed(text, start, end)


_CLOSERS = {"«": "»", "(": ")", "“": "”", "„": "“"}


def _closed(text: str, start: int, end: int) -> int:
    """The end past the closing quote or bracket the trim cut off a name that opened one:
    'ТОВ «Бомбардир»', 'ОАО "Башкирэнерго"', not 'ТОВ «Бомбардир'."""
    name = text[start:end]
    for opener, closer in _CLOSERS.items():
        if name.count(opener) > name.count(closer) and text[end:end + 1] == closer:
            return end + 1
    if name.count('"') % 2 == 1 and not name.startswith('"') and text[end:end + 1] == '"':
        return end + 1
    return end


def _pieces(text: str, start: int, end: int, inflected: bool) -> list[tuple[int, int]]:
    """The names inside one model span, split at conjunctions and line breaks, prepositions cut."""
    out = []
    pos = start
    for m in list(_SPLIT[inflected].finditer(text, start, end)) + [None]:
        piece_end = m.start() if m else end
        lead = _LEADING_PREP.match(text[pos:piece_end])
        if lead and text[pos + lead.end():pos + lead.end() + 1].isupper():
            pos += lead.end()
        out.append((pos, piece_end))
        if m:
            pos = m.end()
    return out


def _is_noise(text: str, label: str, has_kb: bool, quoted: bool = False) -> bool:
    if has_kb:
        return False
    folded = text.casefold()
    if folded in NOT_NAMES or not any(c.isupper() for c in text[:1]):
        return True
    return len(text) < 2 and not (label == "ORG" and quoted)     # «"Ъ"»: Kommersant's one-letter name


class Linker:
    def __init__(self, nlp: Language, kb: KnowledgeBase, gazetteer_path: str = ""):
        self.kb = kb
        self.gazetteer_path = gazetteer_path    # read lazily: only uk/ru one-word persons need it
        self.lang = pipeline_lang(nlp)

    def __call__(self, doc: Doc) -> Doc:
        mentions = self._mentions(doc)
        entities = self._link(doc, mentions)
        doc._.khr_entities = entities
        return doc

    # -- mentions -------------------------------------------------------------------------
    def _mentions(self, doc: Doc) -> list[dict]:
        out = []
        text_all = doc_text(doc)
        # "Hier" or "Вчора" opening a sentence look like names to a model; the dates step knows better.
        dates = [(d["start"], d["end"]) for d in doc._.khr_dates or []]
        lines = {(s["start"], s["start"] + len(s["heading"])) for s in doc._.khr_sections or []}
        for ent in doc.ents:
            etype = LABELS.get(ent.label_)
            kb_id = ent.kb_id_ or None
            if etype is None or (not kb_id and etype not in MODEL_TYPES_KEPT):
                continue
            pieces = [(ent.start_char, ent.end_char)] if kb_id else _pieces(text_all, ent.start_char, ent.end_char, self.lang in INFLECTED)
            for ps, pe in pieces:
                start, end = _trim(text_all, ps, pe)
                text = text_all[start:end]
                if etype == "PERSON" and not kb_id and self.lang in INFLECTED:
                    cut = role_prefix(text, self.lang)     # «Заступниця Ірина Мельничук»
                    start, text = start + cut, text[cut:]
                quoted = text_all[start - 1:start] in ('"', "«") and text_all[end:end + 1] in ('"', "»")
                if start >= end or _is_noise(text, etype, bool(kb_id), quoted):
                    continue
                if not kb_id and (any(ds <= start and end <= de for ds, de in dates)
                                  or ((start, end) in lines and " " not in text)):
                    continue  # a date, or a one-word heading ("Diplomatie")
                out.append({"start": start, "end": end, "text": text, "type": etype, "kb": kb_id, "span": ent})
        return out

    # -- linking --------------------------------------------------------------------------
    def _link(self, doc: Doc, mentions: list[dict]) -> list[dict]:
        entities: dict[str, dict] = {}
        persons_by_surname: dict[str, str] = {}
        first_names: dict[str, str] = {}        # first name -> the one person named so in full ("" if several)

        def entity(eid: str, etype: str, name: str, wikidata: str | None = None) -> dict:
            if eid not in entities:
                entities[eid] = {"id": eid, "type": etype, "name": name, "wikidata": wikidata, "roles": [],
                                 "geo": None, "mentions": [], "gender": None}
            return entities[eid]

        def add(eid: str, m: dict) -> None:
            ent = entities[eid]
            ent["mentions"].append({"start": m["start"], "end": m["end"], "text": m["text"]})

        # 1. knowledge-base entities and multi-word person names first: they anchor surnames.
        for m in mentions:
            if m["kb"]:
                actor = self.kb.actor(m["kb"])
                ent = entity(actor.id, actor.type, actor.name, actor.wikidata)
                ent["gender"] = actor.gender
                add(actor.id, m)
                m["linked"] = actor.id
                if actor.type == "PERSON":
                    for key in self._surname_keys(actor.name, *actor.names.values()):
                        persons_by_surname.setdefault(key, actor.id)
                    for full in {actor.name, *actor.names.values()}:
                        if full and len(full.split()) >= 2:
                            first = self._first_name_key(full)
                            first_names[first] = actor.id if first_names.get(first, actor.id) == actor.id else ""
            elif m["type"] == "PERSON" and len(name_key(m["text"]).split()) >= 2 and not _INITIALS.match(m["text"]):
                name = self._person_name(m["text"])
                actor = self._kb_person(name)
                if actor:
                    entity(actor.id, actor.type, actor.name, actor.wikidata)["gender"] = actor.gender
                    eid = actor.id
                else:
                    eid = slug_id("person", self._without_patronymic(name))
                    entity(eid, "PERSON", name)
                add(eid, m)
                m["linked"] = eid
                for key in self._surname_keys(name):
                    persons_by_surname.setdefault(key, eid)
                first = self._first_name_key(name)
                first_names[first] = eid if first_names.get(first, eid) == eid else ""
        # 2. single names: a surname of a person named in full, else its own entity.
        acronyms = self._acronyms(doc, mentions)
        refs = self._org_refs(mentions)
        deferred: list[tuple[dict, dict]] = []
        for m in mentions:
            if m.get("linked"):
                continue
            initials = _INITIALS.match(m["text"])
            text = m["text"][initials.end():] if initials else m["text"]
            single = len(name_key(text).split()) == 1
            target = self._by_surname(persons_by_surname, text) if single else None
            if target is None and single and m["type"] == "PERSON":
                # «Дональд», «Мелания» alone: the one person of the text with that first name
                target = first_names.get(self._first_name_key(self._person_name(text))) or None
            if target is None and single and self.lang in INFLECTED and m["type"] == "PERSON":
                retyped = self._single_person_type(text, m["start"], doc)
                if retyped is None:
                    continue
                m["type"] = retyped
            if target is None and m["type"] == "PERSON":
                target = self._kb_person_by_surname(text)
                if target:
                    actor = self.kb.actor(target)
                    entity(actor.id, actor.type, actor.name, actor.wikidata)["gender"] = actor.gender
            if target is None and name_key(m["text"]) in acronyms:
                target = acronyms[name_key(m["text"])]
            if target is None and m["type"] in ("ORG", "PLACE") and self.lang in INFLECTED:
                target = self._kb_by_nominative(text)
                if target:
                    actor = self.kb.actor(target)
                    entity(actor.id, actor.type, actor.name, actor.wikidata)
                elif single and (antecedent := refs.nearest(text, m["start"])) is not None:
                    deferred.append((m, antecedent))
                    continue
            if target is None:
                etype = m["type"]
                name = self._nominative(strip_honorific(text)[1], etype)
                target = slug_id(ID_PREFIX[etype], name)
                entity(target, etype, name)
            add(target, m)
            m["linked"] = target
        for m, antecedent in deferred:     # «Комісія» after «Європейська комісія»: that commission
            if antecedent.get("linked") in entities:
                add(antecedent["linked"], m)
                m["linked"] = antecedent["linked"]
        if self.lang in INFLECTED:
            self._inflected_surnames(doc, mentions, entities, persons_by_surname)
            self._missed_org_refs(doc, mentions, entities, refs)
        self._add_roles(doc, mentions, entities)
        return [e for e in entities.values() if e["mentions"]]

    def _inflected_surnames(self, doc: Doc, mentions: list[dict], entities: dict[str, dict],
                            persons: dict[str, str]) -> None:
        """uk/ru: a surname of a person named in full, in a case the model did not tag
        («Коваленка підтримали», «— сказав Синєгубову»), is a mention of that person."""
        if not persons:
            return
        text = doc_text(doc)
        taken = sorted((m["start"], m["end"]) for m in mentions)
        # the mentions starting before a word's end are a prefix of `taken`; one of them reaches
        # into the word when the furthest end of that prefix does (no pairwise scan)
        starts = [s for s, _ in taken]
        furthest = list(accumulate((e for _, e in taken), max))
        for idx, word in token_words(doc, text):
            if len(word) < 4 or not word[:1].isupper() or not word.isalpha():
                continue
            k = bisect_left(starts, idx + len(word))
            if k > 0 and furthest[k - 1] > idx:
                continue
            if _word_kind(word, self.lang) not in ("person", "both"):
                continue
            target = self._by_surname(persons, word)
            if target is None or target not in entities:
                continue
            entities[target]["mentions"].append({"start": idx, "end": idx + len(word), "text": word})

    def _missed_org_refs(self, doc: Doc, mentions: list[dict], entities: dict[str, dict], refs: OrgRefs) -> None:
        """uk/ru: «Комісія», «ЄК» the model did not tag, where the document names that organisation."""
        text = doc_text(doc)
        taken = [(m["start"], m["end"]) for e in entities.values() for m in e["mentions"]]
        for start, end, antecedent in refs.missed(token_words(doc, text), taken):
            if antecedent.get("linked") in entities:
                entities[antecedent["linked"]]["mentions"].append({"start": start, "end": end, "text": text[start:end]})

    def _nominative(self, name: str, etype: str) -> str:
        """uk/ru: the name in the nominative, so «Нафтогазі» and «Нафтогаз», «Синєгубову» and
        «Синєгубов» get one id (places keep their spelling: the geocoder names them)."""
        if self.lang not in INFLECTED or etype == "PLACE":
            return name
        return _person_lemma(name, self.lang) if etype == "PERSON" else phrase_lemma(name, self.lang)

    def _kb_by_nominative(self, text: str) -> str | None:
        """uk/ru: the kb organisation an inflected name is in the nominative («Білого дому»)."""
        name = phrase_lemma(strip_honorific(text)[1], self.lang)
        if name == text:
            return None      # the kb ruler saw that form already
        return next((a.id for a in self.kb.lookup(name) if a.type != "PERSON"), None)

    def _org_refs(self, mentions: list[dict]) -> OrgRefs:
        """uk/ru: the head nouns and initials of the document's organisation names."""
        refs = OrgRefs(self.lang)
        if self.lang not in INFLECTED:
            return refs
        for m in mentions:
            if m["kb"]:
                actor = self.kb.actor(m["kb"])
                if actor.type in ("ORG", "UNIT"):
                    refs.add(m, [m["text"], actor.names.get(self.lang, "")])
            elif m["type"] == "ORG":
                refs.add(m, [m["text"]])
        return refs

    def _person_name(self, text: str) -> str:
        name = strip_honorific(text)[1]
        return _person_lemma(name, self.lang) if self.lang in INFLECTED else name

    def _kb_person(self, name: str):
        for variant in self._inflection_variants(name):
            actor = next((a for a in self.kb.lookup(variant) if a.type == "PERSON"), None)
            if actor:
                return actor
        return None

    def _inflection_variants(self, name: str) -> list[str]:
        """The name, then (uk/ru) its last word without a case ending: «Олег Синєгубова» -> «Олег Синєгубов»."""
        out = [name]
        words = name.split()
        if len(words) >= 3:     # «Владимир Владимирович Путин», «Дональд Джон Трамп»: first name and surname
            out.append(f"{words[0]} {words[-1]}")
        if self.lang in INFLECTED and " " in name:
            head, last = name.rsplit(" ", 1)
            for ending in ("ові", "ого", "ому", "ом", "ем", "ой", "а", "у", "ю", "я"):
                if last.endswith(ending) and len(last) - len(ending) >= 4:
                    out.append(f"{head} {last[:-len(ending)]}")
        return out

    def _without_patronymic(self, name: str) -> str:
        """uk/ru: «Олег Петрович Синєгубов» has the id of «Олег Синєгубов»."""
        words = name.split()
        if self.lang not in INFLECTED or len(words) < 3:
            return name
        return " ".join(w for k, w in enumerate(words) if k in (0, len(words) - 1) or not is_patronymic(w, self.lang))

    def _by_surname(self, persons: dict[str, str], text: str) -> str | None:
        key = self._surname_key(self._person_name(text))
        if key in persons or self.lang not in INFLECTED:
            return persons.get(key)
        # inflected surnames: «Пєскова», «Синєгубова» are Пєсков, Синєгубов with an ending;
        # «Виолу», «Виолой», «Обаме» are Виола, Обама with another vowel ending
        stem = _VOWEL_END.sub("", key)
        for known, eid in persons.items():
            short, long_ = sorted((known, key), key=len)
            if len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 2:
                return eid
            if len(short) == 3 and long_.startswith(short) and len(long_) == 4 and long_[-1] in "aeiuy":
                return eid      # «Рааба», «Гоува»: a short surname and one vowel of a case ending
            if len(stem) >= 4 and known != stem and _VOWEL_END.sub("", known) == stem:
                return eid
        return None

    def _first_name_key(self, text: str) -> str:
        words = skeleton(text).split()
        return words[0] if words else ""

    def _surname_key(self, text: str) -> str:
        words = skeleton(text).split()
        return words[-1] if words else ""

    def _surname_keys(self, *names: str) -> set[str]:
        return {self._surname_key(n) for n in names if n and len(n.split()) >= 2} - {""}

    def _single_person_type(self, word: str, start: int, doc: Doc) -> str | None:
        return single_person_type(word, start, doc_text(doc), self.lang, get_gazetteer(self.gazetteer_path or None))

    def _kb_person_by_surname(self, text: str) -> str | None:
        actor = self._kb_person(self._person_name(text))
        return actor.id if actor else None

    def _acronyms(self, doc: Doc, mentions: list[dict]) -> dict[str, str]:
        """'Institut ... de la guerre (ISW)': the acronym names the entity before the brackets."""
        out = {}
        text = doc_text(doc)
        for m in mentions:
            if m.get("linked") is None or m["type"] not in ("ORG", "UNIT"):
                continue
            after = text[m["end"]:m["end"] + 14]
            if after.startswith(" (") and ")" in after:
                acro = after[2:after.index(")")]
                if acro.isupper() and 2 <= len(acro) <= 8:
                    out[name_key(acro)] = m["linked"]
        return out

    def _add_roles(self, doc: Doc, mentions: list[dict], entities: dict[str, dict]) -> None:
        text = doc_text(doc)
        # Role-only mentions may contain other names ("porte-parole du Kremlin") but not persons.
        taken = [(m["start"], m["end"]) for m in mentions if entities.get(m.get("linked") or "", {}).get("type") == "PERSON"]
        for m in mentions:
            ent = entities.get(m.get("linked") or "")
            if not ent or ent["type"] != "PERSON":
                continue
            span: Span = m["span"]
            for rs, re_ in roles_of(span, self.lang):
                add_role(ent["roles"], text[rs:re_])
                taken.append((rs, re_))
        for ent in entities.values():
            for role in ent["roles"]:
                for s, e in title_mentions(text, role, taken):
                    ent["mentions"].append({"start": s, "end": e, "text": text[s:e], "role_only": True})
                    taken.append((s, e))
            ent["mentions"].sort(key=lambda x: x["start"])


@Language.factory("khronika_linker", default_config={"kb_path": "", "gazetteer_path": ""},
                  requires=["doc.ents", "doc._.khr_dates", "doc._.khr_sections"], assigns=["doc._.khr_entities"])
def make_linker(nlp: Language, name: str, kb_path: str, gazetteer_path: str) -> Linker:
    return Linker(nlp, load_kb_file(kb_path), gazetteer_path)
