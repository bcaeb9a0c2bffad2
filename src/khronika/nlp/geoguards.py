"""Guards: a place name used as something else — a given name before a surname or after a
title ("Jordan Smith", "President Georgia ..."), or a capital or seat of government standing
for its government ("Moscou a déclaré", "the Kremlin said").
"""
from __future__ import annotations

import re

from khronika.kb.gazetteer import FLAG_CAPITAL, FLAG_GOV, Gazetteer, lexicon, normalize_name
from khronika.nlp.geomention import FEATURE_WORDS, Mention

__all__ = ["is_person_like", "metonymic_mention"]


_TOKEN_AFTER = re.compile(r"\s*([^\W\d_][\w'’\-]*)")
_TOKEN_BEFORE = re.compile(r"([^\W\d_][\w'’\-\.]*)\s*$")


def is_person_like(m: Mention, text: str) -> bool:
    """A given name that is also a place, followed by a surname or preceded by a title."""
    key = normalize_name(m.base)
    if not text or key not in lexicon.GIVEN_NAMES:
        return False    # both readings below need a given name (most places are none: no search)
    before = _TOKEN_BEFORE.search(text[max(0, m.start - 30):m.start])
    if before and normalize_name(before.group(1)).rstrip(".") in lexicon.PERSON_TITLES and key in lexicon.GIVEN_NAMES:
        return True
    if key not in lexicon.GIVEN_NAMES or " " in key:
        return False
    after = _TOKEN_AFTER.match(text, m.end)
    if after:
        nxt = after.group(1)
        if nxt[:1].isupper() and normalize_name(nxt) not in FEATURE_WORDS and text[m.end:after.start(1)].strip() == "":
            return True
    return False


_LOCATIVE = re.compile(r"(?:\b(?:à|au|aux|en|dans|vers|près de|in|at|near|to|into|from|у|в|во|на|під|біля|под|около|із|з|из)\s+"
                       r"(?:la |le |l['’]|the )?)$", re.I)
_GOV_CUES_AFTER = re.compile(
    r"^\s*(?:a |has |have |had |will |would |is |was |also |ne |n['’]|s['’]|se |l['’]|a-t-il |aurait |va |veut |"
    r"a également |already |)*(?:déclar|affirm|accus|exig|refus|veut|voul|dénonc|annonc|estim|répond|prévien|menac|"
    r"réclam|rejet|nié|nie |salu|condamn|assur|insist|souhait|propos|appel|demand|consid|sa[iy]|told|claim|warn|"
    r"den[yi]|insist|accus|want|refus|reject|announc|urg|demand|condemn|welcom|respond|call|threat|believ|"
    r"заяв|вимаг|відмов|звинув|требу|отказ|обвин|считае|вважа|наполяга|настаива|пригрози|погрожу)", re.I)
_GOV_CUES_BEFORE = re.compile(
    r"(?:efforts?|position|politique|décision|pression|diplomatie|régime|porte-parole|autorités|gouvernement|"
    r"spokesman|spokeswoman|spokesperson|officials?|policy|decision|pressure|diplomacy|regime|government|"
    r"relations\s+(?:entre|between)|entre|between|de la part|on behalf)\s+(?:de |d['’]|du |of |the |with )?(?:la |le |l['’])?$",
    re.I)


def metonymic_mention(gaz: Gazetteer, p: int, m: Mention, text: str, capitals_in_doc: set[str]) -> bool:
    flags = int(gaz.flags[p])
    is_gov = bool(flags & FLAG_GOV)
    is_capital = bool(flags & FLAG_CAPITAL)
    if not (is_gov or is_capital) or not text:
        return False
    before = text[max(0, m.start - 40):m.start]
    after = text[m.end:m.end + 60]
    if is_gov:
        # "les murs du Kremlin", "inside the White House": the building itself
        if re.search(r"(?:murs?|enceinte|intérieur|walls?|inside|lawn|grounds|palais|bâtiment|building|"
                     r"стін[иа]|стены|стен)\s+(?:du |de la |de l['’]|of the |of |des )?(?:la |le |l['’]|the )?$",
                     before, re.I):
            return False
        return True
    if _LOCATIVE.search(before):
        return False
    if _GOV_CUES_AFTER.match(after) or _GOV_CUES_BEFORE.search(before):
        return True
    # "Kyiv et Moscou", "Washington and Beijing"
    pair = re.match(r"^\s*(?:et|and|і|и|та|ou|or)\s+([^\W\d_][\w’'\-]+)", after)
    if pair and normalize_name(pair.group(1)) in capitals_in_doc:
        return True
    pair = re.search(r"([^\W\d_][\w’'\-]+)\s+(?:et|and|і|и|та|ou|or)\s+$", before)
    if pair and normalize_name(pair.group(1)) in capitals_in_doc:
        return True
    if re.match(r"^['’]s\s", text[m.end:m.end + 3]):
        return True   # "Beijing's position"
    return False
