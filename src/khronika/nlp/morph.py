"""pymorphy3 for Ukrainian and Russian names: lemmas, and whether a word can name a person.

natasha's NER, trained on Russian, often tags Ukrainian place names and adverbs as
persons («У Бахмуті», «Вчора»); the dictionary's tags (Name, Surn, anim/inan) tell them apart.
"""
from __future__ import annotations

import re
from functools import lru_cache

INFLECTED = ("uk", "ru")
PERSON_TAGS = {"Name", "Surn", "Patr"}


@lru_cache(maxsize=4)
def analyzer(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=65536)
def _parses_of_lower(word_lower: str, lang: str) -> list:
    return analyzer(lang).parse(word_lower)


def parses(word: str, lang: str) -> list:
    """pymorphy3's readings of one word, best first (cached). pymorphy3 reads a word in lower case
    whatever its capitals, so the cache holds one parse for «Комісії» and «комісії»."""
    return _parses_of_lower(word.lower(), lang)


def lemma(word: str, lang: str) -> str:
    return parses(word, lang)[0].normal_form


# Surname endings by case, for surnames the dictionary does not hold: (oblique ending, nominative).
_MASC_ENDINGS = [("ського", "ський"), ("ському", "ський"), ("ським", "ський"), ("ского", "ский"),
                 ("скому", "ский"), ("ским", "ский"), ("енка", "енко"), ("енку", "енко"), ("енком", "енко"),
                 ("ова", "ов"), ("ову", "ов"), ("овим", "ов"), ("овым", "ов"), ("ові", "ов"), ("ове", "ов"),
                 ("ева", "ев"), ("еву", "ев"), ("евим", "ев"), ("евым", "ев"), ("ина", "ин"), ("ину", "ин"),
                 ("иним", "ин"), ("иным", "ин"), ("іна", "ін"), ("іну", "ін"), ("іним", "ін"), ("єва", "єв"),
                 ("єву", "єв"), ("євим", "єв"), ("ля", "ль"), ("лю", "ль"), ("лем", "ль"), ("лём", "ль")]
_FEM_ENDINGS = [("ської", "ська"), ("ській", "ська"), ("ську", "ська"), ("ською", "ська"), ("ской", "ская"),
                ("скую", "ская"), ("овой", "ова"), ("ову", "ова"), ("овою", "ова"), ("евой", "ева"), ("еву", "ева"),
                ("иной", "ина"), ("ину", "ина"), ("ою", "а"), ("ої", "а"), ("ой", "а"), ("ую", "ая")]


def name_gender(words: list[str], lang: str) -> str | None:
    """'m' or 'f' when the first names of a person's name agree on it («Ірину», «Анна»)."""
    genders = set()
    for word in words:
        for p in parses(word, lang)[:4]:
            if "Name" in p.tag and p.is_known and "plur" not in p.tag and p.tag.gender in ("masc", "femn"):
                genders.add(p.tag.gender)
        if genders:
            break
    if len(genders) > 1:
        # «Юлії», «Валерію»: either; a declined surname says which («Тимошенко» cannot, «Залужному» can)
        surn = {p.tag.gender for w in words for p in parses(w, lang)
                if "Surn" in p.tag and "Fixd" not in p.tag and p.tag.gender in ("masc", "femn")}
        genders = surn if len(surn) == 1 else genders
    return {"masc": "m", "femn": "f"}.get(genders.pop()) if len(genders) == 1 else None


def _by_endings(word: str, table: list[tuple[str, str]], min_stem: int = 3) -> str | None:
    low = word.casefold()
    for ending, nominative in table:
        if low.endswith(ending) and len(low) - len(ending) >= min_stem:
            return word[: len(word) - len(ending)] + nominative
    return None


def _inflect_nominative(p, word: str) -> str:
    form = p.inflect({"nomn"})
    out = form.word if form is not None else p.normal_form
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


def _nominative_word(word: str, lang: str, gender: str | None) -> str:
    found = [p for p in parses(word, lang) if PERSON_TAGS & set(p.tag.grammemes) and "plur" not in p.tag
             and (p.is_known or "Surn" in p.tag)]
    want = {"m": "masc", "f": "femn"}.get(gender or "")
    fitting = [p for p in found if want is None or p.tag.gender == want or "Fixd" in p.tag]
    if want is None:
        # masculine surnames in the genitive look feminine nominative: prefer the masculine reading
        fitting = [p for p in fitting if "masc" in p.tag] or fitting
    if fitting:
        return word if "Fixd" in fitting[0].tag else _inflect_nominative(fitting[0], word)
    guessed = _by_endings(word, _FEM_ENDINGS if gender == "f" else _MASC_ENDINGS) if gender else None
    if guessed:
        return guessed
    return _inflect_nominative(found[0], word) if found else word


# Feminine first names the dictionary lacks, in an oblique case («Асии», «Азию»): -ия / -ія.
_FEM_FIRST = [("ией", "ия"), ("ии", "ия"), ("ию", "ия"), ("ією", "ія"), ("ії", "ія"), ("ію", "ія")]
_CONSONANT_END = re.compile(r"[бвгґджзклмнпрстфхцчшщ]$", re.I)


def person_lemma(text: str, lang: str) -> str:
    """Nominative of a person's name, word by word («Олега Синєгубова» -> «Олег Синєгубов»,
    «Анну Смирнову» -> «Анна Смирнова», «Ірини Мельничук» -> «Ірина Мельничук»): the first
    name says the gender, the surname follows it; unknown surnames go by their endings."""
    words = text.split()
    gender = name_gender(words, lang)
    out = [_nominative_word(w, lang, gender) if w[:1].isalpha() else w for w in words]
    if len(words) >= 2 and not any("Name" in p.tag and "masc" in p.tag and p.is_known for p in parses(words[0], lang)):
        out[0] = _by_endings(words[0], _FEM_FIRST, min_stem=2) or out[0]     # «Азии», «Асию»
    first = parses(words[0], lang)
    if len(words) >= 2 and out[0] == words[0] and any(p.tag.case == "nomn" and p.is_known for p in first) and \
            not any("Fixd" in p.tag.grammemes for p in first):
        # «Азія Бібі»: a first name in the nominative (and declinable), so is the rest of the name,
        # whatever oblique form the dictionary knows («Біба»)
        out = list(words)
    if len(words) >= 2 and gender == "m":
        # «Доминика Рааба», «Хадима Хусейна Ризви»: the words the dictionary declined say the case
        # of the foreign ones it left as written
        cases = _oblique_cases([w for w, o in zip(words, out) if o != w], lang)
        out = [_declined_foreign(w, cases, lang) if o == w and w[:1].isalpha() else o for w, o in zip(words, out)]
    return " ".join(out)


def _oblique_cases(declined: list[str], lang: str) -> set[str]:
    """The cases every declined word of a name can be in (none when none was declined)."""
    sets = [{p.tag.case for p in parses(w, lang) if PERSON_TAGS & set(p.tag.grammemes) and p.is_known
             and p.tag.case not in (None, "nomn")} for w in declined]
    sets = [c for c in sets if c]
    return set.intersection(*sets) if sets else set()


# A foreign masculine surname declined like its first name, by the first name's case: (ending, case,
# nominative ending). «Доминика Рааба» -> Рааб, «Винсента Виолу» -> Виола (accusative of -а),
# «Винсента Виолы» -> Виола; endings that two declensions share (-е, -і) are left alone.
_SURNAME_CASES = [("ом", "ablt", ""), ("ым", "ablt", ""), ("ем", "ablt", ""), ("ой", "ablt", "а"),
                  ("ою", "ablt", "а"), ("а", "gent", ""), ("а", "accs", ""), ("у", "accs", "а"),
                  ("у", "datv", ""), ("ы", "gent", "а"), ("и", "gent", "а")]


_VELAR_SIBILANT = re.compile(r"[гкхжшчщ]$", re.I)


def _declined_foreign(word: str, cases: set[str], lang: str) -> str:
    if not cases or any("Fixd" in p.tag.grammemes and p.is_known for p in parses(word, lang)):
        return word      # «Шойгу», «Баррозу»: indeclinable
    low = word.casefold()
    for ending, case, nominative in _SURNAME_CASES:
        stem = word[: len(word) - len(ending)]
        if not (low.endswith(ending) and case in cases and len(stem) >= 3 and _CONSONANT_END.search(stem)):
            continue
        if ending == "и" and lang == "ru" and not _VELAR_SIBILANT.search(stem):
            continue     # Russian -ы after other consonants: «Ризви» is no genitive of «Ризва»
        return stem + nominative
    return word


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")


def _agrees(adj, noun) -> bool:
    """Does an adjective reading agree with a noun reading in case, number and (singular) gender?"""
    a, n = adj.tag, noun.tag
    if a.case != n.case or (a.number or "sing") != (n.number or "sing"):
        return False
    return a.number == "plur" or n.number == "plur" or a.gender is None or n.gender is None or a.gender == n.gender


def _is_word(word: str) -> bool:
    return word[:1].isalpha() and not re.search(r"[A-Za-z]", word)


# Endings only an adjective has: «Білого» is «білий» before «дому», though the dictionary knows
# the noun «біле»; «Раді» (рада) is no adjective before «Європи», though «радий» has that form.
_ADJ_ENDING = re.compile(r"(?:ого|его|ього|ому|ему|ьому|ої|ою|ій|ий|им|их|ими|ім|ая|яя|ое|ее|ые|ие|ой|ую|юю|ых|ым|ыми|ый|ом|ем)$")


def head_index(words: list[str], lang: str) -> int | None:
    """Index of the head noun after the leading adjectives, or None: «Білого дому» -> 1,
    «Рада Європи» -> 0."""
    for k, word in enumerate(words):
        if not _is_word(word):
            return None
        found = parses(word, lang)
        nouns = [p for p in found if p.tag.POS == "NOUN"]
        adjs = [p for p in found if p.tag.POS in ("ADJF", "PRTF")]
        nxt = [p for p in parses(words[k + 1], lang) if p.tag.POS in ("NOUN", "ADJF", "PRTF")] \
            if adjs and k + 1 < len(words) and _is_word(words[k + 1]) else []
        if nxt and (not nouns or _ADJ_ENDING.search(word.casefold())) and \
                any(_agrees(a, n) for a in adjs for n in nxt):
            continue
        return k if nouns else None
    return None


def _head_parse(word: str, adjectives: list[str], lang: str):
    """The head noun's reading that its adjectives agree with; alone, the nominative, else a
    singular reading whose lemma is closest in length («Раді» is рада's, not рад's)."""
    nouns = [p for p in parses(word, lang) if p.tag.POS == "NOUN"]
    for adj in adjectives:
        readings = [p for p in parses(adj, lang) if p.tag.POS in ("ADJF", "PRTF")]
        nouns = [n for n in nouns if any(_agrees(a, n) for a in readings)] or nouns
    return min(nouns, key=lambda p: (p.tag.case != "nomn" or p.tag.number == "plur", p.tag.number == "plur",
                                     abs(len(p.normal_form) - len(word)), "Name" in p.tag))


def head_noun(name: str, lang: str) -> tuple[int, str] | None:
    """(index, dictionary form) of a name's head noun («Європейської комісії» -> (1, «комісія»)),
    read in agreement with its adjectives; None when no noun heads it."""
    words = name.split()
    head = head_index(words, lang)
    if head is None:
        return None
    return head, _head_parse(words[head], words[:head], lang).normal_form


def _nominative_keep_number(p, word: str) -> str:
    if p.tag.case == "nomn":
        return word
    form = p.inflect({"nomn", p.tag.number}) if p.tag.number else p.inflect({"nomn"})
    out = form.word if form is not None else p.normal_form
    # the capitals of each hyphenated part as written («Нью-Йоркскую» -> «Нью-Йоркская»)
    parts, written = out.split("-"), word.split("-")
    if len(parts) == len(written):
        return "-".join(o[:1].upper() + o[1:] if w[:1].isupper() else o for o, w in zip(parts, written))
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


@lru_cache(maxsize=16384)
def phrase_lemma(text: str, lang: str) -> str:
    """An organisation's or place's name in the nominative: its leading adjectives and head noun
    inflected in agreement, the rest kept («Верховного суду Пакистану» -> «Верховний суд
    Пакистану», «Сполученим Штатам» -> «Сполучені Штати», «Европейского суда» -> «Европейский
    суд», «Нафтогазі» -> «Нафтогаз»). Latin words stay as written."""
    words = text.split()
    head = head_index(words, lang)
    if head is None:
        return _adjectives_alone(words, lang)
    hp = _head_parse(words[head], words[:head], lang)
    out = []
    for adj in words[:head]:
        readings = [p for p in parses(adj, lang) if p.tag.POS in ("ADJF", "PRTF")]
        agreeing = [p for p in readings if _agrees(p, hp)] or readings
        out.append(_nominative_keep_number(agreeing[0], adj))
    out.append(_nominative_keep_number(hp, words[head]))
    return " ".join(out + words[head + 1:])


def _adjectives_alone(words: list[str], lang: str) -> str:
    """No head noun: leading adjectives each in the nominative of their own first reading."""
    out: list[str] = []
    for k, word in enumerate(words):
        found = parses(word, lang) if _is_word(word) else []
        if not found or found[0].tag.POS not in ("ADJF", "PRTF"):
            return " ".join(out + words[k:])
        p = next((p for p in found if p.tag.POS == found[0].tag.POS and "plur" not in p.tag), found[0])
        out.append(_inflect_nominative(p, word))
    return " ".join(out)


def role_prefix(text: str, lang: str) -> int:
    """Characters of common nouns a model took into a person's name («Заступниця Ірина Мельничук»)."""
    words = text.split(" ")
    cut = 0
    for _k, word in enumerate(words[:-2]):
        found = parses(word, lang)
        if any(PERSON_TAGS & set(p.tag.grammemes) for p in found) or not found[0].is_known or \
                found[0].tag.POS not in ("NOUN", "ADJF"):
            break
        cut += len(word) + 1
    return cut


def is_patronymic(word: str, lang: str) -> bool:
    return any("Patr" in p.tag.grammemes and p.is_known for p in parses(word, lang))


def word_kind(word: str, lang: str) -> str:
    """'person', 'place', 'both' or 'other' for one capitalised word the NER called a name."""
    found = parses(word, lang)
    person = any(PERSON_TAGS & set(p.tag.grammemes) for p in found)
    place = any("Geox" in p.tag.grammemes for p in found)
    if person or place:
        return "both" if person and place else ("person" if person else "place")
    top = found[0]
    if top.tag.POS == "NOUN":
        return "place" if "inan" in top.tag.grammemes and top.is_known else "person"
    if not top.is_known and top.tag.POS not in ("ADJF", "ADVB", "VERB", "INFN", "PRTF", "GRND"):
        return "person"
    return "other"
