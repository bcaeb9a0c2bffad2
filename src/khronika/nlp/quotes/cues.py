"""Cue lexicons: the words that say someone said, wrote, thinks or reports something.

Verbs are matched on lemmas (spaCy's for fr/en, pymorphy3's for uk/ru). The lists are
split by strength: SPEECH verbs introduce a claim whatever follows them; the weaker
COGNITION verbs (think, want, believe...) only count with a clause or an infinitive after
them, because "he wants a car" is not a claim.
"""
from __future__ import annotations

import re
from functools import lru_cache


def _words(s: str) -> frozenset[str]:
    return frozenset(w.replace("_", " ") for w in s.split())


SPEECH: dict[str, frozenset[str]] = {
    "fr": _words("""déclarer dire affirmer ajouter indiquer annoncer expliquer souligner préciser estimer assurer
        écrire confirmer rapporter signaler noter insister répéter rappeler reconnaître démentir nier avertir
        prévenir menacer promettre dénoncer accuser qualifier juger considérer évoquer raconter confier
        déplorer regretter réclamer exiger demander appeler réagir répondre conclure commenter observer
        marteler admettre avouer soutenir prétendre revendiquer publier tweeter informer
        communiquer relever constater faire_savoir mentionner alerter fustiger condamner saluer féliciter
        critiquer"""),
    "en": _words("""say tell add write ask note report announce suggest argue describe tweet declare explain
        acknowledge criticize criticise accuse claim state warn promise insist predict reply respond reveal
        confirm deny admit concede assert contend maintain allege emphasize emphasise stress mention comment
        testify complain urge recall vow pledge threaten boast joke quip post retweet email text inform assure
        remind announce disclose concede caution estimate call dismiss denounce praise slam blast condemn
        decry lament question tout hail applaud reject counter observe agree disagree propose demand
        recommend advise instruct order insist reiterate repeat publish release signal hint imply speculate
        conclude cite point_out laud commend congratulate thank apologize blame charge attack criticize rip
        lambaste mock ridicule taunt scold chide rebuke fault endorse back oppose support defend champion
        echo answer retort rebut dispute challenge contest refute describe portray depict characterize
        characterise label brand dub liken compare link reference highlight address discuss acknowledge
        confess swear guarantee implore beg request invite encourage advocate push lobby decline refuse show
        sing chant shout yell scream whisper mutter joke brag announce proclaim unveil document detail
        outline summarize summarise rate rank poll survey forecast project predict expect estimate
        recount relate recall remark explain clarify argue assert allege protest complain object grumble
        vow promise pledge threaten warn caution alert notify inform advise urge"""),
    "uk": _words("""заявити заявляти повідомити повідомляти сказати казати наголосити наголошувати зазначити
        зазначати додати додавати написати писати підкреслити підкреслювати розповісти розповідати пояснити
        пояснювати підтвердити підтверджувати запевнити запевняти заперечити заперечувати попередити
        попереджати визнати визнавати оголосити оголошувати відповісти відповідати уточнити уточнювати
        висловитися звернутися закликати закликати стверджувати вважати констатувати прокоментувати
        коментувати проінформувати інформувати нагадати нагадувати наполягати застерегти застерігати вказати
        вказувати пообіцяти обіцяти пригрозити поскаржитися скаржитися визнати зізнатися розкритикувати
        резюмувати
        йтися говоритися зазначатися повідомлятися наголошуватися вказуватися підкреслюватися"""),
    "ru": _words("""заявить заявлять сообщить сообщать сказать говорить отметить отмечать подчеркнуть
        подчёркивать подчеркивать написать писать добавить добавлять рассказать рассказывать пояснить
        пояснять подтвердить подтверждать заверить заверять опровергнуть опровергать предупредить
        предупреждать признать признавать объявить объявлять ответить отвечать уточнить уточнять
        утверждать считать констатировать прокомментировать комментировать проинформировать
        информировать напомнить напоминать настаивать призвать призывать указать указывать пообещать обещать
        пригрозить пожаловаться признаться поделиться раскритиковать предостеречь говориться сообщаться
        резюмировать
        отмечаться указываться подчёркиваться подчеркиваться"""),
}

# Impersonal verbs of a document speaking: «йдеться в повідомленні», «говорится в заявлении».
DOC_CUES = {"uk": _words("йтися говоритися зазначатися повідомлятися наголошуватися вказуватися підкреслюватися"),
            "ru": _words("говориться сообщаться отмечаться указываться подчёркиваться подчеркиваться")}

# Speech verbs only beside a quote: elsewhere they mean going on doing something.
INCISE_ONLY: dict[str, frozenset[str]] = {
    "fr": _words("poursuivre lancer continuer enchaîner reprendre renchérir ironiser plaisanter s'exclamer s'écrier"),
    "en": _words("continue go begin start conclude exclaim chime interject"),
    "uk": _words("продовжити продовжувати підсумувати"),
    "ru": _words("продолжить продолжать подытожить"),
}

# Need a clause ("that ...") or an infinitive after them to count as a claim.
COGNITION: dict[str, frozenset[str]] = {
    "fr": _words("""penser croire craindre espérer vouloir souhaiter savoir douter prévoir envisager
        compter refuser"""),
    "en": _words("""think believe want hope expect fear know feel worry doubt understand realize realise
        recognize recognise decide intend wish plan prefer suspect wonder show find indicate suggest
        seek refuse vow agree remember learn see consider assume guess imagine predict forecast project
        threaten promise offer aim hear sense insist conclude determine acknowledge reveal demonstrate
        prove confirm assess judge view regard deem anticipate envision worry fret dread"""),
    "uk": _words("""вважати думати сподіватися вірити знати боятися хотіти прагнути"""),
    "ru": _words("""считать думать надеяться верить знать бояться хотеть стремиться полагать"""),
}

# Speech verbs whose object alone is a claim ("a qualifié les combattants de ...", "announced his
# resignation"); the others need a clause ("poursuivre leurs opérations" is no claim, "a-t-il
# poursuivi" after a quote is).
OBJECT_OK: dict[str, frozenset[str]] = {
    "fr": _words("""qualifier évoquer dénoncer annoncer confirmer démentir nier accuser condamner critiquer saluer
        fustiger déplorer regretter féliciter réclamer exiger promettre menacer revendiquer"""),
    "en": _words("""say announce deny confirm criticize criticise praise condemn call describe dismiss reject slam
        blast tout hail applaud decry lament question accuse propose demand recommend cite mention promise
        predict reveal acknowledge admit claim ask tweet write post threaten vow pledge denounce urge warn
        disclose laud commend congratulate thank blame charge attack rip lambaste mock ridicule taunt scold
        chide rebuke fault endorse back oppose support defend champion echo answer dispute challenge contest
        refute portray depict characterize characterise label brand dub liken compare link reference
        highlight address discuss request invite encourage advocate sing chant shout document detail outline
        rate rank forecast project estimate recount recall emphasize emphasise stress note report
        publish release unveil proclaim declare reiterate repeat insist show offer comment"""),
}

# "selon X, ...", "according to X, ..." — the words before the source, as folded strings.
SOURCE_PREPS: dict[str, tuple[str, ...]] = {
    "fr": ("selon", "d'après", "d’après", "de l'avis de", "de l’avis de", "aux dires de", "pour reprendre les mots de"),
    "en": ("according to", "per", "in the words of", "as reported by", "quoting"),
    "uk": ("за словами", "за даними", "на думку", "як повідомив", "як повідомила", "як повідомили", "як заявив",
           "як заявила", "як заявили", "за інформацією", "як зазначив", "як зазначила", "як зазначили",
           "як повідомляє", "як повідомляють", "як зазначає", "як заявляє", "за повідомленням", "як йдеться",
           "як зазначається", "як наголошується", "за оцінкою", "за версією", "як стверджують", "як стверджує"),
    "ru": ("по словам", "по данным", "по мнению", "как сообщил", "как сообщила", "как сообщили", "как заявил",
           "как заявила", "как заявили", "по информации", "как отметил", "как отметила", "как отметили",
           "как сообщает", "как сообщают", "как отмечает", "как заявляет", "по сообщению", "как говорится",
           "как отмечается", "как подчеркивается", "по оценке", "по версии", "как утверждают", "как утверждает"),
}

def _as_forms(lead: str, stems: str, endings: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{lead} {stem}{e}" for stem in stems.split() for e in endings)


# «Как напомнил юрист X», «Як пояснила речниця X»: past forms of common speech verbs
SOURCE_PREPS["ru"] += _as_forms("как", "напомни подчеркну поясни рассказа уточни добави сказа написа", ("л", "ла", "ли"))
SOURCE_PREPS["uk"] += _as_forms("як", "нагада наголоси поясни розповi розпові уточни дода сказа написа підкресли",
                                ("в", "ла", "ли"))

# A sentence that hands the previous one to its speaker: "C'est ce qu'a déclaré X",
# "That is what X said", "Про це повідомив X", "Об этом сообщил X".
CATAPHORA: dict[str, re.Pattern[str]] = {
    "fr": re.compile(r"^\s*(?:c['’]est|ce sont|voilà|telle est|tel est)\s+(?:en tout cas\s+|du moins\s+)?"
                     r"(?:ce\s+qu(?:e|['’])|l['’](?:analyse|avis|estimation|information)\s+(?:de|d['’]))", re.I),
    "en": re.compile(r"^\s*(?:that|this)(?:['’]s| is| was)\s+"
                     r"(?:what|according to|the (?:assessment|view|conclusion) of)\b", re.I),
    "uk": re.compile(r"^\s*(?:про\s+це|таку\s+інформацію|такі\s+дані|таку\s+заяву)\b", re.I),
    "ru": re.compile(r"^\s*(?:об\s+этом|о\s+том|такую\s+информацию|такие\s+данные|такое\s+заявление)\b", re.I),
}

# Nouns of saying or thinking whose "that" clause is a claim: "Trump's claim that ...".
CLAIM_NOUNS: dict[str, frozenset[str]] = {
    "en": _words("""claim statement assertion argument belief view warning promise pledge allegation accusation
        suggestion contention insistence assessment conclusion announcement prediction hope fear concern
        charge admission acknowledgment acknowledgement denial message notion position insinuation
        proposal vow threat boast complaint"""),
    "fr": _words("""affirmation déclaration assertion argument conviction avertissement promesse accusation
        allégation annonce estimation conclusion crainte espoir certitude"""),
}

# Nouns for a cited document: its author is the speaker, the document the cited source.
REPORT_NOUNS: dict[str, frozenset[str]] = {
    "fr": _words("rapport communiqué note bilan analyse étude document déclaration publication message vidéo"),
    "en": _words("report statement assessment study analysis document release post video memo poll survey"),
    "uk": _words("звіт повідомлення заява аналіз дослідження документ відео допис"),
    "ru": _words("доклад отчёт отчет сообщение заявление анализ исследование документ видео"),
}

# Pronouns that can stand for a speaker: gender (m/f/None), number, and the entity types
# they may stand for (French "il" and Slavic он/він also stand for masculine organisations).
Pron = tuple[str | None, str, tuple[str, ...]]
_P, _O = ("PERSON",), ("PERSON", "ORG", "UNIT")
PRONOUNS: dict[str, dict[str, Pron]] = {
    "fr": {"il": ("m", "sg", _O), "lui": ("m", "sg", _O), "elle": ("f", "sg", _O), "-t-il": ("m", "sg", _O),
           "-t-elle": ("f", "sg", _O), "-il": ("m", "sg", _O), "-elle": ("f", "sg", _O),
           "ils": (None, "pl", ("ORG", "UNIT")), "eux": (None, "pl", ("ORG", "UNIT")),
           "celui-ci": ("m", "sg", _O), "celle-ci": ("f", "sg", _O)},
    "en": {"he": ("m", "sg", _P), "him": ("m", "sg", _P), "she": ("f", "sg", _P), "her": ("f", "sg", _P),
           "it": (None, "sg", ("ORG", "UNIT")), "they": (None, "pl", ("ORG", "UNIT"))},
    "uk": {"він": ("m", "sg", _O), "його": ("m", "sg", _O), "нього": ("m", "sg", _O), "вона": ("f", "sg", _O),
           "її": ("f", "sg", _O), "неї": ("f", "sg", _O), "вони": (None, "pl", ("ORG", "UNIT"))},
    "ru": {"он": ("m", "sg", _O), "его": ("m", "sg", _O), "него": ("m", "sg", _O), "она": ("f", "sg", _O),
           "её": ("f", "sg", _O), "ее": ("f", "sg", _O), "неё": ("f", "sg", _O), "нее": ("f", "sg", _O),
           "они": (None, "pl", ("ORG", "UNIT"))},
}

# Complementisers opening the content of an indirect claim: dropped from the content.
COMPLEMENTIZERS = {"fr": ("que", "qu'", "qu’"), "en": ("that",), "uk": ("що", "щоб"), "ru": ("что", "чтобы")}


def fold(word: str) -> str:
    return word.replace("’", "'").casefold()


def is_speech(lemma: str, lang: str) -> bool:
    return fold(lemma) in SPEECH.get(lang, SPEECH["en"])


def is_cognition(lemma: str, lang: str) -> bool:
    return fold(lemma) in COGNITION.get(lang, COGNITION["en"])


def pronoun(word: str, lang: str) -> Pron | None:
    return PRONOUNS.get(lang, {}).get(fold(word))


# French lemmas from the lookup lemmatizer are sometimes the form itself ("indique"); a
# verb's ending stripped and the infinitive endings put back finds it in the lexicon.
_FR_ENDINGS = ("èrent", "aient", "erait", "eront", "ait", "ant", "ées", "ée", "és", "ent", "era", "ons", "ez", "es",
               "é", "e", "a", "it", "is", "i", "t", "u", "ue", "us")


def _fr_candidates(word: str) -> list[str]:
    out = []
    for end in _FR_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            stem = word[: -len(end)]
            out += [stem + "er", stem + "ir", stem + "re"]
    return out


def _finite(word: str, lang: str) -> bool:
    """A third-person finite verb (or a past tense): not an infinitive, gerund, participle,
    imperative or first/second person."""
    from khronika.nlp.morph import parses

    p = parses(word, lang)[0]
    if p.tag.POS != "VERB":
        return p.tag.POS not in ("INFN", "GRND", "PRTF", "PRTS")
    return not ({"1per", "2per", "impr", "infn"} & set(p.tag.grammemes))


def is_doc_cue(token, lang: str) -> bool:
    return fold(token.lemma_ or token.text) in DOC_CUES.get(lang, ())


def cue_strength(token, lang: str, incise: bool = False) -> int:
    """2 for a speech verb, 1 for a cognition verb, 0 otherwise. `incise`: the verb stands next
    to a quote, where "continued" and "a poursuivi" say that someone went on speaking."""
    return strength_of(token.pos_, token.lemma_, token.text, lang, incise)


@lru_cache(maxsize=65536)
def strength_of(pos: str, lemma_: str, text: str, lang: str, incise: bool) -> int:
    """cue_strength of a token by what it reads (its tag, lemma and form): once per distinct word."""
    if pos in ("PUNCT", "DET", "ADP", "PRON", "PROPN", "NUM", "CCONJ", "SCONJ"):
        return 0
    lemma = fold(lemma_ or text)
    speech, cognition = SPEECH.get(lang, SPEECH["en"]), COGNITION.get(lang, COGNITION["en"])
    if lang in ("uk", "ru"):
        if not (lemma in speech or lemma in cognition or incise and lemma in INCISE_ONLY.get(lang, ())):
            return 0    # no cue verb: the parse that says whether it is finite is not needed
        if not _finite(text, lang):
            return 0    # «Варто зазначити», «Напомним», «утверждая»: no one is said to say anything here
    if lemma in speech or incise and lemma in INCISE_ONLY.get(lang, ()):
        return 2
    if lemma in cognition:
        return 1
    if lang == "fr" and pos in ("VERB", "AUX", "NOUN", "ADJ", ""):
        for cand in _fr_candidates(fold(text)):
            if cand in speech:
                return 2
            if cand in cognition:
                return 1
    return 0
