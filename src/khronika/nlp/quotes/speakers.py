"""Who a speaker phrase names: an entity mention in it, or what its pronoun, role or common noun
stands for.

- a phrase holding entity mentions takes the best of them: the one on the phrase's head word,
  else a person, else an organisation or unit (a place only when nothing else is there:
  "Kyiv said" is a government speaking);
- a head that is a report noun ("un rapport de l'ISW") makes the mention inside it the speaker
  and the phrase the cited source;
- a pronoun ("Selon lui", "she said", "-t-elle", «вона») takes the most recent compatible
  antecedent: a speaker of an earlier claim or an entity in subject position, by gender,
  number and type;
- a role alone ("le porte-parole", "the spokesman", «губернатор») takes the nearest person the
  text gave that role; a definite common noun ("le corps", "the ministry") the nearest
  organisation whose name holds it.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from khronika.nlp.morph import INFLECTED, parses
from khronika.nlp.names import skeleton
from khronika.nlp.quotes.agreement import is_name_word, name_gender, nominative_mention, speaking_noun, verb_form
from khronika.nlp.quotes.cues import DOC_CUES, PRONOUNS, REPORT_NOUNS, fold, pronoun
from khronika.nlp.quotes.frames import Char, Frame, trim
from khronika.nlp.quotes.segment import doc_text
from khronika.nlp.quotes.spans import PartIndex
from khronika.nlp.tokenarrays import dependencies
from khronika.nlp.roles import is_role_word

TYPE_RANK = {"PERSON": 0, "ORG": 1, "UNIT": 1, "MISC": 3, "EVENT": 3, "PLACE": 2}
LOOKBACK = 2000          # chars an antecedent may stand before its pronoun
MAX_PHRASE_WORDS = 12    # a longer unresolved phrase is cut to its head
DEFINITE = {"le", "la", "l'", "les", "the", "this", "that", "ce", "cet", "cette", "це", "цей", "ця", "этот", "эта"}
# «В Киеве заявили», «У Кремлі заявили»: the seat of a government speaking for it
PLACE_LEAD = {"в", "у", "во", "in"}
# «— нагадав телеканал»: a medium is the one the text named as such, not any organisation
MEDIA_NOUNS = {"телеканал", "канал", "газета", "видання", "издание", "агентство", "інформагентство", "информагентство",
               "сайт", "портал", "радіостанція", "радиостанция", "журнал"}
# Speakers the text describes but does not name: never the last person named.
UNNAMED = {"представитель", "представник", "представниця", "источник", "джерело", "собеседник", "співрозмовник",
           "сотрудник", "співробітник", "очевидец", "очевидець", "свидетель", "свідок", "житель", "мешканець",
           "местный", "місцевий", "некий", "анонимный", "анонімний", "неназванный", "один", "одна", "пользователь",
           "користувач", "жителька"}
PREPOSITIONS = {"в", "у", "во", "на", "з", "із", "с", "со", "від", "от", "для", "до", "при"}
_WORD = re.compile(r"[\w'’-]+")
# First names whose ending misleads the -a rule below.
_MALE_A = {"nikita", "ilya", "ilia", "kuzma", "foma", "luka", "joshua", "ezra", "mustafa", "musa", "isa", "andrea",
           "micha", "sasha", "misha", "illia", "никита", "илья", "ілля", "кузьма", "лука", "фома", "микола"}
_FEMALE = {"hillary", "kellyanne", "hope", "huma", "ivanka", "melania", "michelle", "elizabeth", "nancy", "sarah",
           "karen", "carly", "jill", "ruth", "kate", "ann", "anne", "katy", "megyn", "condoleezza", "susan", "janet",
           "kamala", "betsy", "nikki", "ursula", "iryna", "olena", "hanna", "anna", "maria", "marie", "catherine",
           "christine", "jen", "jennifer", "karine", "liz", "kaja", "annalena", "giorgia", "madeleine", "emine"}


@dataclass
class Mention:
    start: int
    end: int
    entity: str
    type: str
    gender: str | None
    subject: bool           # in subject position (fr/en parse) or unknown (uk/ru: always True)


_FEMALE_SKELETONS = {skeleton(n) for n in _FEMALE}


def guess_gender(name: str) -> str | None:
    """A first name's usual gender, for persons the knowledge base does not know («Хілларі»
    is Hillary by its transliteration skeleton)."""
    first = fold(name.split()[0]) if name.split() else ""
    if first in _FEMALE or first and not first.isascii() and skeleton(first) in _FEMALE_SKELETONS:
        return "f"
    if first in _MALE_A or len(first) < 3:
        return None if len(first) < 3 else "m"
    if first.endswith(("a", "ia", "ya", "а", "я")) and len(name.split()) >= 2:
        return "f"
    return None


# «..., передає Reuters», «пишет Bloomberg», «в Facebook»: a medium, not who «він» or «она» is
_SOURCE_LEAD = re.compile(r"(?:переда[єеё]т?|пише|пишет|повідомля[єе]|сообща[ею]т|цитує|цитирует|посиланням\s+на|"
                          r"ссылкой\s+на|з\s+посиланням|в\s+эфире|в\s+ефірі|на\s+сайті|на\s+сайте|(?:в|у)\s+(?:Facebook|"
                          r"Twitter|Telegram|Instagram|Фейсбуці|Твіттері|Телеграмі))"
                          r"(?:\s+(?:агентство|агентства|видання|издание|издания|газета|газети|газеты|телеканал|"
                          r"портал|сайт|інформагентство|информагентство))?[\s,«\"]*$", re.I)


def _subject_tokens(doc) -> list[int]:
    """Indices of the subjects' tokens (and of the names in apposition or compound to a subject)."""
    deps, heads = dependencies(doc)
    return [i for i, dep in enumerate(deps) if dep.startswith("nsubj") or
            (dep in ("appos", "flat", "flat:name", "compound") and deps[heads[i]].startswith("nsubj"))]


def build_mentions(doc, entities: list[dict], lang: str = "") -> list[Mention]:
    parsed = doc.has_annotation("DEP")
    text = doc_text(doc)
    subjects = [(t.idx, t.idx + len(t.text)) for t in map(doc.__getitem__, _subject_tokens(doc))] if parsed else []
    # subjects come in text order: those starting before a mention's end are a prefix, and one of
    # them reaches into the mention when the furthest end of that prefix does (no pairwise scan)
    subject_starts = [s for s, _ in subjects]
    furthest = list(accumulate((t for _, t in subjects), max))
    out = []
    for e in entities:
        gender = e.get("gender") or (guess_gender(e["name"]) if e["type"] == "PERSON" else None)
        # «Байдена» beside «Байден» elsewhere in the text: the longer form is a case ending
        lasts = {fold(m["text"].split()[-1]) for m in e["mentions"] if m["text"].split()}
        for m in e["mentions"]:
            if lang in INFLECTED and fold(m["text"]) in PRONOUNS.get(lang, {}):
                continue    # «Вона» opening a sentence, taken by the model for a name
            if lang in INFLECTED:
                # no parse: a mention in the nominative, not a pronoun the model took for a name
                # («Вона» tagged a place) nor a medium quoted as the channel («передає Reuters»)
                last = fold(m["text"].split()[-1]) if m["text"].split() else ""
                inflected = any(last != x and last.startswith(x) and len(last) - len(x) <= 3 for x in lasts)
                subj = not (inflected or fold(m["text"]) in PRONOUNS.get(lang, {}) or
                            _SOURCE_LEAD.search(text[max(0, m["start"] - 30):m["start"]]) or
                            not nominative_mention(m["text"], lang, e["type"]))
            else:
                k = bisect_left(subject_starts, m["end"])
                subj = not parsed or (k > 0 and furthest[k - 1] > m["start"])
            out.append(Mention(m["start"], m["end"], e["id"], e["type"], gender, subj))
    out.sort(key=lambda m: m.start)
    return out


class SpeakerResolver:
    def __init__(self, doc, entities: list[dict], lang: str):
        self.text = doc_text(doc)
        self.lang = lang
        self.entities = {e["id"]: e for e in entities}
        self.mentions = build_mentions(doc, entities, lang)
        # mentions are sorted by start: a stretch of text finds its mentions by bisection
        self._starts = [m.start for m in self.mentions]
        self._longest = max((m.end - m.start for m in self.mentions), default=0)
        self.contents: list[Char] = []      # contents of the claims found, set by the caller
        self.frames: list[Frame] = []       # ... and the claims themselves
        self._asking: Frame | None = None   # the claim whose speaker is being resolved
        self._parts_of: list[Frame] | None = None
        self._parts = PartIndex([])

    # -- one frame ------------------------------------------------------------------------
    def resolve(self, frame: Frame, earlier: list[Frame]) -> None:
        if frame.speaker is None:
            return
        self._asking = frame
        if frame.elided is not None:
            self._resolve_elided(frame, frame.elided, earlier)
            return
        if frame.antecedent is not None:
            # "Sanders, who lost the primaries, said": the text says "who"; the entity is Sanders
            here = frame.speaker
            frame.speaker, frame.antecedent = frame.antecedent, None
            self.resolve(frame, earlier)
            frame.speaker = here
            return
        s, e = frame.speaker
        apposed = self._person_at(e + 2) if self.text[e:e + 2] == ", " else None
        if apposed is not None:
            e = apposed     # "Le porte-parole du Kremlin, Dmitri Peskov": the name after the role
        inside = [m for m in self._from(s - self._longest, e) if m.start < e and s < m.end and not _in_parts(m, frame.parts)]
        if self.lang in INFLECTED and frame.origin in ("lexical", "direct", "cataphora"):
            # «захисник Алёхиной Александр ...», «адвокат Смилянца»: a person in the genitive is
            # whose the speaker is, not the speaker; «представники «Нафтогазу»» speak for it
            inside = [m for m in inside if m.subject or m.type != "PERSON"]
        best = self._best(inside, frame.head, s) if inside else None
        if best is not None and self.lang in INFLECTED and best.type in ("ORG", "UNIT") and frame.head is not None \
                and not best.start <= frame.head < best.end:
            # «глава RT сообщила»: the head of the organisation speaks, the one the text quoted
            person = self._role_holder(frame, earlier)
            if person is not None:
                frame.entity = person
                return
        if best is not None:
            words = _WORD.findall(self.text[s:best.start])
            if words and best.type != "PLACE" and fold(words[-1]) in ("de", "du", "des", "d'", "of", "by", "l'") \
                    and any(fold(w) in REPORT_NOUNS.get(self.lang, ()) for w in words[:3]):
                frame.source = trim(self.text, s, e)
            frame.entity, frame.speaker = best.entity, (best.start, best.end)
            return
        self._resolve_words(frame, s, e, earlier)

    def _resolve_elided(self, frame: Frame, elided: tuple[str | None, str], earlier: list[Frame]) -> None:
        """«..., і додав, що»: the subject left out is who the verb's gender and number allow."""
        gender, number = elided
        if self._doc_cue(frame):
            # «Зазначається, що ...», «отмечается»: the report last cited goes on
            if not self._past_impersonal(frame):
                recent = [f for f in reversed(earlier) if f.entity and 0 < frame.cue[0] - f.cue[0] < 1500]
                reports = [f for f in recent if f.origin in ("cataphora", "prep") or self._doc_cue(f)]
                frame.entity = (reports[0].entity if reports else None) or self._last_org(frame.cue[0]) or (
                    recent[0].entity if recent else None)
            return
        types = ("PERSON", "ORG", "UNIT") if number == "sg" else ("ORG", "UNIT")
        frame.entity = self._antecedent(frame.cue[0], (gender, number, types), earlier)

    def _resolve_words(self, frame: Frame, s: int, e: int, earlier: list[Frame]) -> None:
        """A speaker phrase holding no mention: a pronoun, a name the recogniser missed, a role,
        a common noun."""
        words = _WORD.findall(self.text[s:e])
        if not words:
            return
        first = words[0].lstrip("-")
        pron = pronoun(first, self.lang) or pronoun(words[-1].lstrip("-"), self.lang)
        if pron and len(words) <= 2:
            frame.entity = self._antecedent(s, pron, earlier)
            m = re.search(r"\w[\w'’]*", self.text[s:e])
            if m and self.text[s + m.start() - 1:s + m.start()] == "-" and pronoun(m.group(), self.lang) is None:
                m = re.search(r"(?<=-)\w+$", self.text[s:e]) or m   # "-t-elle" -> "elle"
            if m:
                frame.speaker = (s + m.start(), s + m.end())
            return
        if self.lang in INFLECTED and frame.head is not None and s <= frame.head < e:
            # «Обраний президент»: the head the agreement found, not the adjective before it
            hm = _WORD.match(self.text, frame.head)
            if hm:
                words = [hm.group()] + [w for w in words if w != hm.group()]
                if hm.group()[:1].isupper() and hm.start() > 0 and self.text[hm.start() - 1] not in "\n" and \
                        not speaking_noun(hm.group(), self.lang) and is_name_word(hm.group(), self.lang):
                    return      # «Олів'є Веран наголосив»: a name the recogniser missed, nobody else
        if self.lang in INFLECTED and len(words) >= 2 and words[0][:1].isupper() and words[1][:1].isupper() \
                and is_name_word(words[1], self.lang) and not speaking_noun(words[1], self.lang):
            return      # «повідомила Зіта Сонді»: a name the recogniser missed, nobody else
        frame.entity = self._by_role(words, s, frame) or self._by_common_noun(words, s)
        if frame.entity is None and self.lang in INFLECTED:
            noun = next((w for w in words if fold(w) not in PREPOSITIONS and
                         any(p.tag.POS == "NOUN" for p in parses(w, self.lang)[:1])), words[0])
            frame.entity = self._by_noun(noun, s, frame, earlier)
        if len(words) > MAX_PHRASE_WORDS and frame.head is not None:
            hm = _WORD.search(self.text, frame.head)
            if hm:
                frame.speaker = (hm.start(), hm.end())

    def _from(self, lo: int, hi: int) -> list[Mention]:
        """The mentions starting at lo or after and before hi, in order."""
        return self.mentions[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]

    def _person_at(self, start: int) -> int | None:
        return next((m.end for m in self._from(start, start + 1) if m.type == "PERSON"), None)

    def _best(self, inside: list[Mention], head: int | None, phrase_start: int) -> Mention | None:
        if head is not None:
            on_head = [m for m in inside if m.start <= head < m.end]
            if on_head:
                return on_head[0]
        best = min(inside, key=lambda m: (TYPE_RANK.get(m.type, 3), m.start))
        if best.type == "PLACE":
            # "Kyiv says" is a government speaking; "le parquet régional de Kharkiv" is not Kharkiv
            lead = _WORD.findall(self.text[phrase_start:best.start])
            off_head = head is not None and not best.start <= head < best.end
            if off_head or any(fold(w) not in DEFINITE and fold(w) not in PLACE_LEAD for w in lead):
                return None
        return best

    # -- pronouns -------------------------------------------------------------------------
    def _antecedent(self, pos: int, pron, earlier: list[Frame]) -> str | None:
        gender, number, types = pron
        if self.lang in INFLECTED and number == "sg" and "PERSON" in types and len(types) > 1:
            # «сказав він», «по его словам»: a person if one is in sight, not the agency quoted
            person = self._antecedent(pos, (gender, number, ("PERSON",)), earlier)
            if person is not None:
                return person
        best: tuple[int, str] | None = None
        for f in earlier:
            if not (f.entity and f.speaker and pos - LOOKBACK < f.speaker[0] < pos):
                continue
            if self.lang in INFLECTED and _SOURCE_LEAD.search(self.text[max(0, f.speaker[0] - 30):f.speaker[0]]):
                continue    # «..., повідомляє Голос Америки»: the channel, not whom «його» stands for
            if self._fits(f.entity, gender, number, types):
                if best is None or f.speaker[0] > best[0]:
                    best = (f.speaker[0], f.entity)
        for m in self._from(pos - LOOKBACK, pos):
            if not m.subject or self._quoted(m.start) or self._reported(m):
                continue
            if self._fits(m.entity, gender, number, types) and (best is None or m.start > best[0]):
                best = (m.start, m.entity)
        return best[1] if best else None

    def _reported(self, m: Mention) -> bool:
        """Inside what someone said: «Маляр заявила, що Сили оборони ...» does not make the
        Defence Forces the next «вона»."""
        if self.lang in INFLECTED and self.frames:
            # «Кулеба провёл переговоры, сообщает Интерфакс»: what an organisation reports is who
            # the text is about; what a person says is not
            # «... Хант считает ... Об этом он заявил»: the claim a cataphora hands on names its speaker
            return any(f is not self._asking and self.entities.get(f.entity or "", {}).get("type") not in ("ORG", "UNIT")
                       for f in self._claims_holding(m))
        return any(s <= m.start and m.end <= e for s, e in self.contents)

    def _claims_holding(self, m: Mention) -> list[Frame]:
        # the claims are set by the caller after construction: indexed when first asked
        if self._parts_of is not self.frames:
            self._parts_of, self._parts = self.frames, PartIndex(self.frames)
        return self._parts.holding(m.start, m.end)

    def _fits(self, eid: str, gender: str | None, number: str, types: tuple[str, ...]) -> bool:
        ent = self.entities.get(eid)
        if not ent or ent["type"] not in types:
            return False
        if self.lang in INFLECTED and gender and ent["type"] != "PERSON" and not _grammatical_gender(ent["name"], gender, self.lang):
            return False    # «Она» is no «CBS» and no «Газпром»
        if ent["type"] == "PERSON":
            if number == "pl":
                return False
            eg = ent.get("gender") or guess_gender(ent["name"]) or (
                name_gender(ent["name"], self.lang) if self.lang in INFLECTED else None)
            return gender is None or eg is None or eg == gender
        return True

    def _quoted(self, pos: int) -> bool:
        """Inside quotation marks on its line: a name in a quote is not the one speaking."""
        line_start = self.text.rfind("\n", 0, pos) + 1
        before = self.text[line_start:pos]
        return before.count("«") > before.count("»") or before.count("“") > before.count("”")

    # -- roles and common nouns -------------------------------------------------------------
    def _head_word(self, words: list[str]) -> str:
        """The phrase's head: English puts it last ("the Kremlin spokesman", "the head of ..."),
        French and the Slavic languages first ("le porte-parole du Kremlin", «губернатор региона»)."""
        body = [re.sub(r"^(?:l|d|qu)['’]", "", w) for w in words]
        body = [w for w in body if fold(w) not in DEFINITE and fold(w) not in ("a", "an", "un", "une", "des", "m.", "mr")]
        if not body:
            return ""
        if self.lang == "en":
            cut = next((i for i, w in enumerate(body) if fold(w) in ("of", "for", "at", "from", "in")), len(body))
            return body[max(0, cut - 1)]
        return body[0]

    def _by_role(self, words: list[str], pos: int, frame: Frame) -> str | None:
        head = self._head_word(words)
        roles = [fold(head)] if head and is_role_word(head, head, self.lang) else []
        if not roles:
            return None
        best: tuple[int, str] | None = None
        verb = verb_form(self.text[frame.cue[0]:frame.cue[1]], self.lang) if self.lang in INFLECTED else None
        for m in self.mentions:
            if m.type != "PERSON" or _in_parts(m, frame.parts):
                continue
            if verb is not None and verb.gender and not self._fits(m.entity, verb.gender, "sg", ("PERSON",)):
                continue    # «Обраний президент заявив»: not the woman the text called a candidate
            ent_roles = " ".join(fold(r) for r in self.entities[m.entity]["roles"])
            if not any(re.search(r"(?<!\w)" + re.escape(r) + r"(?!\w)", ent_roles) for r in roles):
                continue
            dist = pos - m.start if m.start < pos else (m.start - pos) * 4   # prefer antecedents
            if best is None or dist < best[0]:
                best = (dist, m.entity)
        return best[1] if best else None

    def _role_holder(self, frame: Frame, earlier: list[Frame]) -> str | None:
        if frame.head is None:
            return None
        hm = _WORD.match(self.text, frame.head)
        verb = verb_form(self.text[frame.cue[0]:frame.cue[1]], self.lang)
        if not hm or verb is None or verb.gender is None or not is_role_word(hm.group(), hm.group(), self.lang):
            return None
        return next((f.entity for f in reversed(earlier) if f.entity and f.speaker and
                     0 < frame.cue[0] - f.speaker[0] < 800 and self._fits(f.entity, verb.gender, "sg", ("PERSON",))),
                    None)

    def _called(self, m: Mention, stem: str) -> bool:
        """«в издании Axios», «телеканал TA3»: the organisation named right after the noun."""
        before = _WORD.findall(self.text[max(0, m.start - 30):m.start])
        return bool(before) and any(p.normal_form == stem for p in parses(before[-1], self.lang)[:2])

    def _doc_cue(self, frame: Frame) -> bool:
        word = self.text[frame.cue[0]:frame.cue[1]]
        return any(fold(p.normal_form) in DOC_CUES.get(self.lang, ()) for p in parses(word, self.lang)[:1])

    def _past_impersonal(self, frame: Frame) -> bool:
        """«Раніше повідомлялося», «как сообщалось»: said by someone, some time: no one to name."""
        p = parses(self.text[frame.cue[0]:frame.cue[1]], self.lang)[0]
        return "past" in p.tag

    def _last_org(self, pos: int) -> str | None:
        orgs = [m for m in self._from(pos - 599, pos) if m.type in ("ORG", "UNIT")]
        return orgs[-1].entity if orgs else None

    def _by_noun(self, word: str, pos: int, frame: Frame, earlier: list[Frame]) -> str | None:
        """uk/ru: «сказав науковець», «отметил премьер», «компанія заявила»: a person noun stands
        for the last person in view, a body noun for the last organisation holding the word
        (else the last one named)."""
        if not speaking_noun(word, self.lang):
            return None
        end = frame.speaker[1] if frame.speaker else pos
        if any(m.type == "PERSON" and not m.subject for m in self._from(pos, end)):
            return None     # «його адвокат», «дочь Мендонсы»: someone's, whom the text does not name
        ps = [p for p in parses(word, self.lang) if p.tag.POS == "NOUN"]
        if any("anim" in p.tag for p in ps[:2]):
            verb = verb_form(self.text[frame.cue[0]:frame.cue[1]], self.lang)
            if all("plur" in p.tag for p in ps) or verb is not None and verb.number == "pl":
                return None     # «Украинские военные утверждают»: many, unnamed
            phrase = [fold(w) for w in _WORD.findall(self.text[frame.speaker[0]:frame.speaker[1]])] if frame.speaker else []
            if fold(ps[0].normal_form) in UNNAMED or any(w in UNNAMED for w in phrase[:2]) or len(phrase) > 3:
                return None     # «представитель полиции», «источник в ведомстве», «местный имам»: unnamed
            gender = verb.gender if verb else None
            # «По мнению премьера»: the person last quoted, before anyone merely named
            spoke = next((f.entity for f in reversed(earlier) if f.entity and f.speaker and 0 < pos - f.speaker[0] < LOOKBACK
                          and self._fits(f.entity, gender, "sg", ("PERSON",))), None)
            return spoke or self._antecedent(pos, (gender, "sg", ("PERSON",)), earlier)
        if ps and all("plur" in p.tag for p in ps):
            return None     # «Уряди Німеччини, Франції ...»: many bodies, none in particular
        stem = ps[0].normal_form if ps else fold(word)
        orgs = [m for m in self._from(pos - LOOKBACK + 1, pos) if m.type in ("ORG", "UNIT")
                and not _in_parts(m, frame.parts) and not self._quoted(m.start)]
        named = [m for m in orgs if stem[:4] in fold(self.text[m.start:m.end]) or
                 stem in fold(self.entities[m.entity]["name"]) or self._called(m, stem)]
        pick = named or ([] if stem in MEDIA_NOUNS else [m for m in orgs if m.subject])
        if not pick:
            return None
        # «компанія повідомила» after a rival was named: the company the text is about
        count = {m.entity: sum(x.entity == m.entity for x in self.mentions if x.start < pos) for m in pick}
        return max(reversed(pick), key=lambda m: count[m.entity]).entity

    def _by_common_noun(self, words: list[str], pos: int) -> str | None:
        folded = [fold(w) for w in words]
        if folded[0] not in DEFINITE or len(folded) > 4:
            return None
        noun = folded[-1] if len(folded) <= 2 else folded[1]
        if len(noun) < 4:
            return None
        pattern = re.compile(r"(?<!\w)" + re.escape(noun) + r"(?!\w)")
        for m in reversed(self.mentions):
            if m.start >= pos or m.type not in ("ORG", "UNIT"):
                continue
            if pattern.search(fold(self.text[m.start:m.end])):
                return m.entity
        return None


def _grammatical_gender(name: str, gender: str, lang: str) -> bool:
    """Does an organisation's name take a he/she of this gender («Газпром» він, «компанія» вона)?"""
    words = name.split()
    if not words or re.search(r"[A-Za-z]", words[0]):
        return False
    want = {"m": "masc", "f": "femn", "n": "neut"}[gender]
    return any(p.tag.gender == want for p in parses(words[0], lang)[:2] if p.tag.POS == "NOUN")


def _in_parts(m: Mention, parts: list[Char]) -> bool:
    return any(s <= m.start and m.end <= e for s, e in parts)
