"""Who is the subject of a cue verb in Ukrainian and Russian, without a parser: pymorphy3's case,
number and gender, punctuation and the entity mentions.

- the subject is in the nominative and agrees with the verb: «заявила» wants a feminine singular
  subject, «заявили» a plural one (or none: «У Кремлі заявили»), «заявив» a masculine one;
  «після переговорів з Путіним канцлер Меркель заявила» -> Меркель (Путіним is instrumental);
- it stands in the verb's clause: a relative clause («X, який ..., заявив»), a participle or
  gerund phrase, or an adverbial between commas is stepped over;
- a person mention beats an organisation, which beats a pronoun, which beats a common noun
  («компанія», «прем'єр»): the resolver gives those their antecedents;
- after the verb («— заявив міністр Хайко Маас», «сообщила газета Handelsblatt») the first
  agreeing nominative is the inverted subject.
A subject nowhere to be found («і додав, що ...») is elided: the verb's own gender and number
say what the resolver should look for, like a pronoun.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from khronika.nlp.morph import parses
from khronika.nlp.quotes.cues import fold, is_doc_cue
from khronika.nlp.quotes.segment import doc_sentences

_LATIN = re.compile(r"[A-Za-z]")
RELATIVES = {"який", "яка", "яке", "які", "якого", "якої", "якому", "якій", "яким", "якими", "котрий", "котра",
             "котрі", "который", "которая", "которое", "которые", "которого", "которой", "которому", "которым",
             "которыми", "где", "де", "куди", "куда", "чий", "чия", "чей", "чья", "що", "что", "хто", "кто", "коли",
             "когда", "якщо", "если", "щоб", "чтобы", "бо", "оскільки", "поскольку", "хоча", "хотя"}
PRONOUNS = {"він": ("m", "sg"), "вона": ("f", "sg"), "воно": ("n", "sg"), "вони": (None, "pl"),
            "он": ("m", "sg"), "она": ("f", "sg"), "оно": ("n", "sg"), "они": (None, "pl")}
# «У компанії заявили», «в МИД отметили»: a plural verb without subject speaks for the place
LOCATIVE = {"в", "у", "во"}
THINGS = {"це", "это", "то", "що", "что", "все", "всё"}
SOMEONE = {"один", "одна", "одно", "хтось", "кто-то", "кожен", "каждый", "ніхто", "никто", "дехто", "некто"}
BREAKS = {",", "—", "–", "(", ")", ";", ":"}
SENT_STOPS = {".", "!", "?", "…"}
MAX_BACK = 40
RANK = {"PERSON": 0, "ORG": 1, "UNIT": 1, "MISC": 2, "EVENT": 2, "PLACE": 7}
# Endings of unknown names that cannot be nominative («Алёхиной», «Синєгубову», «Коваленком»)
OBLIQUE = ("ой", "ою", "ої", "ую", "ому", "ого", "ему", "его", "ым", "ыми", "ими", "ові", "ом", "ем")


@dataclass(frozen=True)
class VerbForm:
    gender: str | None      # "m", "f", "n" for a singular past tense
    number: str | None      # "sg", "pl"


@dataclass(frozen=True)
class Found:
    span: tuple[int, int]               # the words that name the subject
    head: int                           # char offset of its head word
    kind: str                           # "mention", "pronoun", "noun", "locative", "elided"
    form: VerbForm | None = None        # for "elided": what the verb says of its subject


def verb_form(word: str, lang: str) -> VerbForm | None:
    """Gender and number a finite cue verb asks of its subject; None for gerunds and infinitives."""
    for p in parses(word, lang):
        tag = p.tag
        if tag.POS != "VERB":
            continue
        number = "pl" if "plur" in tag else "sg"
        gender = {"masc": "m", "femn": "f", "neut": "n"}.get(tag.gender or "") if "past" in tag else None
        return VerbForm(gender, number)
    return None


@lru_cache(maxsize=65536)     # once per distinct word: a mention's words recur across its mentions
def _nominative(word: str, lang: str, number: str | None) -> str | None:
    """'noun', 'pron', 'name', 'foreign' when `word` can be a nominative subject of that number."""
    if _LATIN.search(word):
        return "foreign"
    if not word[:1].isalpha():
        return None
    low = fold(word)
    if low in PRONOUNS:
        return "pron" if number is None or PRONOUNS[low][1] == number else None
    readings = parses(word, lang)
    if readings[0].tag.POS not in ("NOUN", "NPRO") or any(
            p.tag.POS in ("PREP", "CONJ", "PRCL", "INTJ", "ADVB", "PRED") for p in readings):
        readings = []       # «По», «до», «Як», «Как»: a function word, whatever else it may be
    for p in readings:
        tag = p.tag
        if tag.POS not in ("NOUN", "NPRO") or "nomn" not in tag:
            continue
        if number is not None and ("plur" in tag) != (number == "pl") and "Fixd" not in tag:
            continue
        if tag.POS == "NPRO":
            continue
        return "name" if {"Name", "Surn", "Patr"} & set(tag.grammemes) and word[:1].isupper() else "noun"
    if word[:1].isupper() and not p_known(word, lang) and not low.endswith(OBLIQUE):
        return "name"
    return None


# Inanimate nouns that speak: bodies, media, documents («компанія заявила», «в заяві йдеться»).
ORG_NOUNS = {
    "uk": set("""компанія авіакомпанія лоукостер перевізник уряд міністерство відомство суд видання газета агентство
        телеканал канал служба штаб партія профспілка рада комісія організація посольство влада центр інститут
        адміністрація керівництво командування прокуратура поліція міліція парламент кабмін фонд банк сайт
        офіс апарат департамент управління колегія об'єднання асоціація союз спілка група ЗМІ редакція
        повідомлення заява звіт документ лист опитування дослідження допис прес-реліз реліз блог мікроблог
        заклик звернення""".split()),
    "ru": set("""компания авиакомпания лоукостер перевозчик правительство министерство ведомство суд издание газета
        агентство телеканал канал служба штаб партия профсоюз совет комиссия организация посольство власть
        власти центр институт администрация руководство командование прокуратура полиция парламент кабмин
        фонд банк сайт офис аппарат департамент управление коллегия объединение ассоциация союз группа СМИ
        редакция сообщение заявление отчёт отчет доклад документ письмо опрос исследование пресс-служба
        пресс-релиз релиз блог микроблог призыв обращение""".split()),
}


def is_name_word(word: str, lang: str) -> bool:
    """A first name or surname by the dictionary, or a capitalised word it does not know."""
    ps = parses(word, lang)
    return any({"Name", "Surn"} & set(p.tag.grammemes) for p in ps[:2]) or not p_known(word, lang)


def speaking_noun(word: str, lang: str) -> bool:
    """A common noun that can be a speaker: a person («прем'єр», «науковець») or a body («компанія»)."""
    ps = [p for p in parses(word, lang) if p.tag.POS == "NOUN"]
    if any("anim" in p.tag for p in ps[:2]):
        return True
    nouns = ORG_NOUNS.get(lang, set())
    return fold(word) in nouns or any(p.normal_form in nouns for p in ps)


def p_known(word: str, lang: str) -> bool:
    return any(p.is_known for p in parses(word, lang))


def name_gender(text: str, lang: str) -> str | None:
    """A person's gender from a first name or surname form in the nominative."""
    for word in text.split():
        for p in parses(word, lang):
            if "Name" in p.tag and "nomn" in p.tag and p.tag.gender in ("masc", "femn") and "Fixd" not in p.tag:
                return "m" if p.tag.gender == "masc" else "f"
    return None


def _mention_ok(text: str, lang: str, form: VerbForm | None, etype: str, gender: str | None) -> bool:
    words = [w for w in re.findall(r"[\w'’-]+", text) if w[:1].isalpha()]
    if not words:
        return False
    number = form.number if form else None
    if etype == "PERSON":
        if number == "pl":
            return False
        named = [w for w in words if any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses(w, lang))]
        first = [w for w in named if any("Name" in p.tag for p in parses(w, lang))][:1]
        unsure = [w for w in words[1:] if not fold(w).endswith(OBLIQUE) and not any(
            "Surn" in p.tag and "Fixd" not in p.tag for p in parses(w, lang))]
        # «Памелы Андерсон»: the first name says the case; «Мартина Биг» (a woman's name the
        # dictionary reads as Мартин's genitive) may still be a nominative when the surname cannot say
        maybe_f = bool(first) and bool(unsure) and any(
            "Name" in p.tag and "masc" in p.tag and fold(p.normal_form) + "а" == fold(first[0])
            for p in parses(first[0], lang))      # «Мартина» = Мартин's genitive or a woman's name
        if not maybe_f and not any(_nominative(w, lang, "sg") for w in (first or named or words)):
            return False
        g = gender or name_gender(text, lang)
        return not (form and form.gender and g and g != form.gender)
    # organisations: «Газпром», «Генеральний штаб ЗСУ», «Ryanair»: the first word carries the case
    return _nominative(words[0], lang, number) is not None or any(
        p.tag.POS in ("ADJF", "PRTF") and "nomn" in p.tag for p in parses(words[0], lang))


@lru_cache(maxsize=16384)     # once per distinct name: an entity's mentions repeat its name
def nominative_mention(text: str, lang: str, etype: str) -> bool:
    """Can this mention be a subject (nominative), whatever the verb?"""
    return _mention_ok(text, lang, None, etype, None)


def _segments(doc: Doc, lo: int, cue_i: int) -> list[list[Token]]:
    """The tokens before the cue in its sentence, cut at commas, dashes and brackets, nearest first.
    Quote marks are kept: «Газпром» is a name."""
    segs: list[list[Token]] = [[]]
    j = cue_i - 1
    while j >= 0 and doc[j].idx >= lo and cue_i - j <= MAX_BACK:
        t = doc[j]
        if t.text in SENT_STOPS or "\n" in t.text:
            break
        if t.text in BREAKS:
            segs.append([])
        elif not t.is_space:
            segs[-1].insert(0, t)
        j -= 1
    return segs


def _is_clause(seg: list[Token], lang: str) -> bool:
    """A relative, participle or gerund clause, or one with its own finite verb."""
    first = fold(seg[0].text)
    if first in RELATIVES or first in ("і", "и", "та", "а", "але", "но") and len(seg) > 1 and fold(seg[1].text) in RELATIVES:
        return True
    for t in seg:
        p = parses(t.text, lang)[0] if t.text[:1].isalpha() else None
        if p is not None and p.tag.POS in ("GRND", "PRTF") and t.i == seg[0].i:
            return True
    return False


def _has_verb(seg: list[Token], lang: str) -> bool:
    return any(t.text[:1].isalpha() and parses(t.text, lang)[0].tag.POS == "VERB" for t in seg)


def _in_quotes(t: Token, seg: list[Token]) -> bool:
    before = "".join(x.text for x in seg if x.i < t.i)
    return before.count("«") > before.count("»") or before.count("“") > before.count("”")


def _candidates(seg, lang, form, mentions, doc_cue: bool = False) -> list[tuple[int, Found]]:
    """(rank, subject) for one segment; lower rank wins. `doc_cue`: the verb is a document's
    («йдеться», «говорится»), whose speaker is «у заяві X» / «в сообщении X»."""
    out = []
    s0, s1 = seg[0].idx, seg[-1].idx + len(seg[-1].text)
    covered: set[int] = set()
    for ms, me, etype, gender in mentions:
        if not (s0 <= ms and me <= s1):
            continue
        toks = [t for t in seg if ms <= t.idx < me]
        covered.update(t.i for t in toks)
        lead = _lead(seg, seg.index(toks[0]), lang) if toks else ""
        if lead in LOCATIVE or lead in ("з", "із", "зі", "с", "со", "до", "від", "от", "для", "про", "о", "об",
                                        "на", "по", "за", "при", "між", "между", "після", "после", "перед"):
            # «В «Нафтогазе» отметили»: a plural verb's place of speaking
            if lead in LOCATIVE and form and form.number == "pl":
                out.append((5, Found((ms, me), ms, "locative")))
            continue
        text = " ".join(t.text for t in toks)
        if _mention_ok(text, lang, form, etype, gender):
            out.append((RANK.get(etype, 3), Found((ms, me), ms, "mention")))
        elif etype == "PERSON" and form and form.number == "pl" and _mention_ok(text, lang, None, etype, None) \
                and _coordinated(seg, toks, lang):
            # «Борис Джонсон и министр Дэвид Дэвис заявили»: the first of them names the claim
            out.append((0, Found((ms, me), ms, "mention")))
    for k, t in enumerate(seg):
        if t.i in covered or _in_quotes(t, seg):
            continue
        low = fold(t.text)
        prev = _lead(seg, k, lang)
        if low in PRONOUNS:
            g, n = PRONOUNS[low]
            if form is None or (form.number == n and not (form.gender and g and form.gender != g)):
                out.append((4, Found((t.idx, t.idx + len(t.text)), t.idx, "pronoun")))
            continue
        if low in THINGS:
            out.append((8, Found((t.idx, t.idx + len(t.text)), t.idx, "thing")))   # «Это говорит о том»
            continue
        if low in SOMEONE and (form is None or form.number == "sg"):
            # «одна из них заявила»: a speaker the text does not name
            out.append((6, Found((t.idx, seg[-1].idx + len(seg[-1].text)), t.idx, "noun")))
            continue
        kind = _nominative(t.text, lang, form.number if form else None) or _adjective_head(seg, k, lang, form)
        if kind in ("noun", "name", "foreign") and prev not in LOCATIVE:
            end = seg[-1].idx + len(seg[-1].text)
            j = k
            while j > 0 and _adjectival(seg[j - 1], lang):
                j -= 1      # «Генеральний штаб», «Украинские военные»: the phrase from its first adjective
            first = seg[j].idx
            adjective = _adjectival(t, lang)
            if kind in ("name", "foreign"):
                # a name the recogniser missed («Мохаммад Джавад Заріф»): its capitalised words
                run = [x for x in seg[k:]]
                n_caps = next((i for i, x in enumerate(run) if not x.text[:1].isupper()), len(run))
                last = run[max(0, n_caps - 1)]
                person = any({"Name", "Surn"} & set(p.tag.grammemes) for p in parses(t.text, lang)[:2])
                out.append((0 if person else 5, Found((t.idx, last.idx + len(last.text)), t.idx, "noun")))
            elif kind == "noun" and not adjective and not speaking_noun(t.text, lang):
                out.append((8, Found((first, end), t.idx, "thing")))   # «Перерахунок підтвердив»
            else:
                out.append((6, Found((first, end), t.idx, "noun")))
        elif prev in LOCATIVE and t.text[:1].isalpha() and (doc_cue or form and form.number == "pl"):
            p = parses(t.text, lang)[0]
            if p.tag.POS == "NOUN" and doc_cue and speaking_noun(t.text, lang):
                # «говорится в сообщении офиса премьер-министра»: the document and its owner
                out.append((3, Found((_lead_at(seg, k, lang), seg[-1].idx + len(seg[-1].text)), t.idx, "locative")))
            elif p.tag.POS == "NOUN" and not doc_cue:
                out.append((7, Found((_lead_at(seg, k, lang), t.idx + len(t.text)), t.idx, "locative")))
    return out


def _adjectival(t: Token, lang: str) -> bool:
    return t.text[:1].isalpha() and parses(t.text, lang)[0].tag.POS in ("ADJF", "PRTF")


def _adjective_head(seg: list[Token], k: int, lang: str, form: VerbForm | None) -> str | None:
    """«Украинские военные утверждают»: an adjective standing for a noun, last of its phrase."""
    t = seg[k]
    if not _adjectival(t, lang) or (k + 1 < len(seg) and seg[k + 1].text[:1].isalpha()
                                    and parses(seg[k + 1].text, lang)[0].tag.POS in ("NOUN", "ADJF", "PRTF")):
        return None
    tag = parses(t.text, lang)[0].tag
    if "nomn" not in tag or form is not None and ("plur" in tag) != (form.number == "pl"):
        return None
    return "noun" if "plur" in tag else None


def _coordinated(seg: list[Token], toks: list[Token], lang: str) -> bool:
    """The mention is the first of two or more joined by «і/и/та»."""
    after = [fold(t.text) for t in seg if t.i > toks[-1].i]
    return bool(after) and any(w in ("і", "й", "и", "та") for w in after[:6]) and not any(
        fold(t.text) in ("і", "й", "и", "та") for t in seg if t.i < toks[0].i)


def _lead_index(seg: list[Token], k: int, lang: str) -> int:
    """Index of the word governing seg[k], over adjectives: «В упомянутом издании» -> «В»."""
    j = k - 1
    while j >= 0 and (seg[j].text in "«»“”„\"" or seg[j].text[:1].isalpha()
                      and parses(seg[j].text, lang)[0].tag.POS in ("ADJF", "PRTF", "NUMR")):
        j -= 1
    return j


def _lead(seg: list[Token], k: int, lang: str) -> str:
    j = _lead_index(seg, k, lang)
    return fold(seg[j].text) if j >= 0 else ""


def _lead_at(seg: list[Token], k: int, lang: str) -> int:
    return seg[max(0, _lead_index(seg, k, lang))].idx


def subject_before(doc: Doc, cue: Token, lo: int, lang: str, mentions) -> Found | None:
    """The cue verb's subject among the words before it in its sentence (not before char `lo`)."""
    form = verb_form(cue.text, lang)
    lo = max(lo, doc_sentences(doc).of(cue.idx)[0])
    for n, seg in enumerate(_segments(doc, lo, cue.i)):
        if not seg:
            continue
        if _is_clause(seg, lang):
            if n == 0 and is_doc_cue(cue, lang):
                # «характеристика, где говорится»: the document is a noun before, not a speaker
                return Found((seg[0].idx, seg[0].idx + len(seg[0].text)), seg[0].idx, "thing")
            continue        # a relative or participle clause: the subject is further left
        verbs = [k for k, t in enumerate(seg) if _finite_verb(t, lang)]
        if verbs:
            if n > 0 or verbs[-1] == len(seg) - 1:
                break       # another clause with its own verb
            seg = seg[verbs[-1] + 1:]   # «Він приїхав і заявив»: the subject is left out here
        cands = _candidates(seg, lang, form, mentions, is_doc_cue(cue, lang)) if seg else []
        if cands:
            return min(cands, key=lambda c: (c[0], -c[1].head))[1]
        if verbs:
            break
    return None


def _finite_verb(t: Token, lang: str) -> bool:
    if not t.text[:1].isalpha():
        return False
    tag = parses(t.text, lang)[0].tag
    return tag.POS == "VERB" and "infn" not in set(tag.grammemes)


def subject_after(doc: Doc, cue: Token, lang: str, mentions) -> Found | None:
    """The inverted subject after the cue: «— заявив Синєгубов», «сообщила газета Handelsblatt»."""
    form = verb_form(cue.text, lang)
    sent_end = doc_sentences(doc).of(cue.idx)[1]
    seg: list[Token] = []
    for t in doc[cue.i + 1:cue.i + 16]:
        if t.idx >= sent_end or t.text in BREAKS or t.text in SENT_STOPS or "\n" in t.text:
            break
        if not t.is_space:
            seg.append(t)
    if not seg:
        return None
    cands = _candidates(seg, lang, form, mentions, is_doc_cue(cue, lang))
    if not cands:
        return None
    rank, found = min(cands, key=lambda c: (c[0], c[1].head))
    if found.kind == "noun" and rank >= 6:
        # «пообещал лидер партии, радикальный проповедник Хадим Ризви»: the name in apposition
        apposed = _apposition(doc, seg[-1], sent_end, lang, form, mentions)
        if apposed is not None:
            return Found((found.span[0], apposed.span[1]), apposed.head, apposed.kind)
    if found.kind == "noun":
        # «заявив міністр Хайко Маас»: the noun and the name after it; the phrase ends at the clause
        found = Found((found.span[0], _phrase_end(seg, found.span[0], lang)), found.head, "noun")
    return found


def _apposition(doc: Doc, last: Token, sent_end: int, lang: str, form, mentions) -> Found | None:
    if last.i + 1 >= len(doc) or doc[last.i + 1].text != ",":
        return None
    seg = []
    for t in doc[last.i + 2:last.i + 10]:
        if t.idx >= sent_end or t.text in BREAKS or t.text in SENT_STOPS or "\n" in t.text:
            break
        seg.append(t)
    cands = [c for c in _candidates(seg, lang, form, mentions) if c[0] == 0] if seg else []
    return min(cands, key=lambda c: c[1].head)[1] if cands else None


def _phrase_end(seg: list[Token], start: int, lang: str) -> int:
    end = start
    for t in seg:
        if t.idx < start:
            continue
        low = fold(t.text)
        if t.text[:1].isalpha() and parses(t.text, lang)[0].tag.POS in ("PREP", "VERB", "CONJ") and low not in ("і", "и", "та"):
            break
        end = t.idx + len(t.text)
    return end


def elided(cue: Token, lang: str) -> Found | None:
    """No subject in sight: the verb itself stands for it («..., і додав, що»)."""
    form = verb_form(cue.text, lang)
    if form is None:
        return None
    return Found((cue.idx, cue.idx + len(cue.text)), cue.idx, "elided", form)
