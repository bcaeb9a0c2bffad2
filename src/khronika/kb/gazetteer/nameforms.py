"""Name forms the builder indexes besides a place's own names: romanisations of Ukrainian and
Russian names (translitua, iuliia), demonym forms, the relational adjectives of region names
(Белгород -> Белгородская, Луганськ -> Луганська), and which alternate names are usable at all.
"""
from __future__ import annotations

from .normalize import cyrillic_language, is_cyrillic


def usable_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin or Cyrillic, not codes, not lowercase romanisations."""
    if not name or len(name) > 60 or "http" in name:
        return False
    letters = [ch for ch in name if ch.isalpha()]
    if not letters:
        return False
    for ch in letters:
        o = ord(ch)
        if not (o < 0x250 or 0x400 <= o < 0x530 or 0x1E00 <= o < 0x1F00):
            return False
    if is_cyrillic(name):
        return True
    if not name[0].isupper() and name[:2] not in ("d'", "l'", "'s"):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return True



# romanisation of Cyrillic names
def uk_variants(name: str) -> tuple[str | None, list[str]]:
    """(official KMU romanisation, other romanisations) of a Ukrainian name."""
    import translitua as T
    out = []
    official = None
    for table in (T.UkrainianKMU, T.UkrainianFrench, T.UkrainianBritish, T.UkrainianBGN, T.UkrainianGerman):
        try:
            v = T.translit(name, table)
        except Exception:
            continue
        if table is T.UkrainianKMU:
            official = v
        out.append(v)
    return official, out


def ru_variants(name: str) -> list[str]:
    import iuliia
    out = []
    for schema in (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.MOSMETRO, iuliia.YANDEX_MAPS,
                   iuliia.ICAO_DOC_9303, iuliia.MVD_310_FR, iuliia.SCIENTIFIC):
        try:
            out.append(schema.translate(name))
        except Exception:
            continue
    return out


def cyrillic_variants(name: str, country: str) -> list[str]:
    lang = cyrillic_language(name)
    out: list[str] = []
    if lang in ("uk", None) and country in ("UA",):
        out += uk_variants(name)[1]
    if lang in ("ru", None) or country != "UA":
        out += ru_variants(name)
    if lang == "uk" and country != "UA":
        out += uk_variants(name)[1]
    return out


def en_demonym_forms(form: str) -> list[str]:
    out = [form]
    low = form.lower()
    if not (low.endswith(("s", "sh", "ch", "ese", "x", "z", "men")) or low in ("thai", "swiss", "french", "dutch",
                                                                               "british", "irish", "danish")):
        out.append(form + "s")
    return out


def fr_demonym_forms(form: str) -> list[str]:
    out = [form]
    if form.endswith("e"):
        out.append(form + "s")
    elif form.endswith("ien") or form.endswith("on"):
        out += [form + "ne", form + "s", form + "nes"]
    elif form.endswith("s"):
        out += [form + "e", form + "es"]
    elif form.endswith("c"):
        out += [form + "s", form[:-1] + "que", form[:-1] + "ques", form + "que", form + "ques"]
    else:
        out += [form + "e", form + "s", form + "es"]
    # capitalised noun forms: les Russes, les Ukrainiens
    out += [w[0].upper() + w[1:] for w in list(out)]
    return out


# (ending of the noun that takes the bare feminine ending, bare ending, full "-ська"/"-ская" suffix)
_ADJ_RULES = {"ru": (("ск", "цк"), "ая", "ская"), "uk": (("ськ", "цьк"), "а", "ська")}


def region_adjectives(noun: str, lang: str) -> list[str]:
    """Regular relational adjectives (feminine, as "область" takes) of a region's centre name:
    Белгород -> Белгородская (ru), Луганськ -> Луганська (uk)."""
    n = noun.strip()
    low = n.lower()
    endings, bare, full = _ADJ_RULES[lang]
    out = []
    if low.endswith(endings):
        out.append(n + bare)
    if low.endswith("ь"):
        out.append(n[:-1] + full)
    if low[-1:] in ("а", "о", "я", "е"):
        out.append(n[:-1] + full)
    out.append(n + full)
    return out
