"""Roles and titles the text gives a person: "le porte-parole du Kremlin, Dmitri Peskov",
"Kremlin spokesman Dmitry Peskov", "Valeriy Chaly, ambassadeur d'Ukraine aux États-Unis".

A role is a noun phrase standing right before the name (with or without a comma) or in
apposition right after it, and it must contain a role word from the lexicon below: that
keeps ordinary nouns ("la ville de Kyiv, ...") from becoming titles.
"""
from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Doc, Span, Token

ROLE_WORDS = {
    "fr": """président présidente premier première ministre vice-ministre porte-parole général générale
        lieutenant-général colonel commandant commandante chef cheffe représentant représentante
        ambassadeur ambassadrice gouverneur gouverneure maire conseiller conseillère secrétaire directeur
        directrice expert experte analyste journaliste publiciste dirigeant dirigeante patron officier
        procureur procureure député députée sénateur sénatrice chancelier chancelière roi reine pape
        haut-commissaire commissaire envoyé envoyée négociateur fondateur fondatrice responsable
        vice-président vice-présidente vice-premier chercheur chercheuse politologue militaire""",
    "en": """president premier minister secretary spokesman spokeswoman spokesperson general commander chief
        head governor mayor adviser advisor ambassador representative director analyst expert journalist
        official colonel lieutenant chancellor envoy leader founder prosecutor lawmaker senator mp deputy
        commissioner researcher officer publicist""",
    "uk": """президент прем'єр-міністр премʼєр-міністр міністр речник речниця генерал командувач командир голова
        очільник очільниця представник представниця посол губернатор мер радник радниця заступник заступниця
        аналітик експерт експертка журналіст журналістка директор секретар прессекретар прес-секретар
        начальник керівник""",
    "ru": """президент премьер-министр министр пресс-секретарь представитель генерал командующий командир глава
        губернатор мэр советник заместитель посол аналитик эксперт журналист директор секретарь руководитель
        начальник спикер""",
}
_ROLE_WORDS = {lang: {w.casefold() for w in words.split()} for lang, words in ROLE_WORDS.items()}
CONNECTORS = {"de", "du", "des", "d", "la", "l", "le", "les", "of", "the", "for", "aux", "au", "à", "sur", "pour",
              "en", "chez", "et", "and"}
ARTICLES = {"le", "la", "l", "les", "un", "une", "the", "a", "an", "son", "sa", "ses", "his", "her", "its"}
STOP_POS = {"VERB", "AUX", "PUNCT", "PRON", "SCONJ", "CCONJ", "NUM", "SYM"}
# English premodifiers reach back over "of"/"for" ("Secretary of State") but not "with", "from", ...
EN_CONNECTORS = {"of", "for", "the"}
MAX_ROLE_TOKENS = 12


def _fold(word: str) -> str:
    word = word.replace("’", "'").casefold().strip("'")
    return unicodedata.normalize("NFC", word)


def is_role_word(token_text: str, lemma: str, lang: str) -> bool:
    words = _ROLE_WORDS.get(lang, _ROLE_WORDS["en"])
    return _fold(token_text) in words or _fold(lemma) in words


def _has_role_word(tokens, lang: str) -> bool:
    return any(is_role_word(t.text, t.lemma_, lang) for t in tokens)


def _clean(tokens) -> tuple[int, int] | None:
    """Char span of the phrase without leading articles and trailing connectors."""
    toks = list(tokens)
    while toks and (_fold(toks[0].text) in ARTICLES or toks[0].is_punct):
        toks.pop(0)
    while toks and (_fold(toks[-1].text) in CONNECTORS or toks[-1].is_punct):
        toks.pop()
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _phrase_left(doc: Doc, end: int, lang: str) -> list[Token]:
    """Tokens of the noun phrase ending just before token `end`, right to left."""
    out: list[Token] = []
    i = end - 1
    tagged = doc.has_annotation("POS")
    while i >= 0 and len(out) < MAX_ROLE_TOKENS:
        t = doc[i]
        if (t.is_sent_end and i != end - 1) or t.is_space or "\n" in t.text:
            break
        if lang == "en" and t.pos_ == "ADP" and _fold(t.text) not in EN_CONNECTORS:
            break
        if t.is_punct and t.text not in ("-", "’", "'"):
            break
        if tagged and t.pos_ in STOP_POS:
            break
        if t.ent_type_ == "PERSON" or t.ent_type_ == "PER":
            break
        word = _fold(t.text)
        if word in ARTICLES and not (i > 0 and _fold(doc[i - 1].text) in CONNECTORS):
            break
        if t.is_sent_start:
            out.append(t)
            break
        out.append(t)
        i -= 1
    return list(reversed(out))


def _phrase_right(doc: Doc, start: int, lang: str) -> list[Token]:
    """Tokens of an apposition starting at token `start`, up to the next comma or period."""
    out: list[Token] = []
    i = start
    while i < len(doc) and len(out) < MAX_ROLE_TOKENS * 2:
        t = doc[i]
        if t.is_punct and t.text not in ("-", "’", "'") or t.text == "\n" or "\n" in t.text:
            break
        if doc.has_annotation("POS") and t.pos_ in ("VERB", "AUX"):
            return []
        out.append(t)
        i += 1
    return out


def roles_of(span: Span, lang: str) -> list[tuple[int, int]]:
    """Char spans of the roles standing next to the person mention `span`."""
    doc = span.doc
    found: list[tuple[int, int]] = []
    start = span.start
    # "Le porte-parole du Kremlin, Dmitri Peskov" — skip one comma between role and name.
    left_end = start - 1 if start > 0 and doc[start - 1].text == "," else start
    left = _phrase_left(doc, left_end, lang)
    while left and not is_role_word(left[0].text, left[0].lemma_, lang) and lang in ("fr", "uk", "ru"):
        # French and Slavic roles open with their head word: "porte-parole du Kremlin"
        left = left[1:]
    if left and _has_role_word(left, lang):
        cleaned = _clean(left)
        if cleaned:
            found.append(cleaned)
    # "Valeriy Chaly, ambassadeur d'Ukraine ..." / "Andriy Yusov, a spokesman for HUR, said"
    if span.end < len(doc) and doc[span.end].text == ",":
        right = _phrase_right(doc, span.end + 1, lang)
        body = [t for t in right if _fold(t.text) not in ARTICLES] or right
        if body and is_role_word(body[0].text, body[0].lemma_, lang) or (lang == "en" and _has_role_word(right[:4], lang)):
            cleaned = _clean(right)
            if cleaned:
                found.append(cleaned)
    return found


def title_mentions(text: str, role: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Other places the text names a person by a distinctive role alone ("le porte-parole du Kremlin").

    Only roles of two words or more count: "président" alone names too many people.
    """
    if len(role.split()) < 2:
        return []
    out = []
    body = "['’]".join(re.escape(part) for part in re.split(r"['’]", role))
    pattern = re.compile(r"(?<!\w)" + body + r"(?!\w)", re.I)
    for m in pattern.finditer(text):
        s, e = m.span()
        if any(s < te and ts < e for ts, te in taken):
            continue
        following = text[e:e + 3]
        if following[:2] in (", ",) and text[e + 2:e + 3].isupper():
            continue  # "…, Dmitri Peskov": the name follows, already a mention
        if text[e:e + 1] == " " and text[e + 1:e + 2].isupper():
            continue
        out.append((s, e))
    return out


def split_roles(text: str) -> list[str]:
    """'publiciste, journaliste, analyste' -> three roles; commas inside brackets don't split."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def add_role(roles: list[str], role: str) -> None:
    """Add `role` unless it says less than one already there; a fuller form replaces a shorter."""
    key = _fold(role)
    for i, have in enumerate(roles):
        old = _fold(have)
        if old == key or old.startswith(key):
            return
        if key.startswith(old):
            roles[i] = role
            return
    roles.append(role)
