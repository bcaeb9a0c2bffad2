"""The speaker phrase next to a cue: the parsed subject (fr/en) or the words before or after it.

Lexical phrases are what Ukrainian and Russian get (no parser), and what every language gets
after an incise verb ("», a déclaré le porte-parole du Kremlin", "— заявив Синєгубов"),
where the French parser often takes the inverted subject for an object.
"""
from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Token

from khronika.nlp.quotes.cues import REPORT_NOUNS, fold
from khronika.nlp.quotes.frames import Char
from khronika.nlp.quotes.segment import doc_sentences

# Words that may continue a name or role phrase ("porte-parole du Kremlin", "Secretary of State").
CONNECTORS = {"de", "du", "des", "d'", "l'", "la", "le", "les", "of", "the", "for", "и", "та"}
# Words that end a phrase after an incise verb: a place or a medium, not the speaker.
STOPS = {"sur", "lors", "dans", "devant", "à", "au", "aux", "en", "par", "pendant", "après", "avant", "mercredi",
         "in", "on", "at", "to", "during", "after", "before", "while", "from", "with", "via", "as", "and",
         "в", "у", "на", "під", "во", "при", "після", "после", "з", "із", "с", "со", "для", "до",
         "про", "о", "об", "за", "і", "й", "и", "а", "але", "но", "також", "также", "журналистам", "журналістам"}
AUX_LEMMAS = {"avoir", "être", "have", "be", "do", "will", "would", "could", "may", "might", "shall", "should", "can"}
MAX_WORDS = 14


def _is_stop(t: Token) -> bool:
    if fold(t.text) in STOPS:
        return True
    if t.is_punct or t.is_space or "\n" in t.text:
        return True
    return t.pos_ in ("VERB", "AUX", "SCONJ", "ADP") and fold(t.text) not in CONNECTORS


def right_phrase(doc: Doc, i: int) -> Char | None:
    """The words after token i (an inverted subject), up to a stop; ", Name" appositions included."""
    out: list[Token] = []
    j = i + 1
    sent_end_char = doc_sentences(doc).of(doc[i].idx)[1]
    sent_end = len(doc)
    while j < sent_end and doc[j].idx < sent_end_char and len(out) < MAX_WORDS:
        t = doc[j]
        if t.text == "," and out and j + 1 < sent_end and doc[j + 1].idx < sent_end_char and doc[j + 1].text[:1].isupper() and \
                doc[j + 1].pos_ in ("PROPN", "") and not _is_stop(doc[j + 1]):
            j += 1      # "la vice-ministre de la défense, Hanna Malyar"
            continue
        if t.text in ("-t", "-t-") or (t.text.startswith("-") and len(t.text) > 1 and not out):
            out.append(t)   # "a-t-elle affirmé" splits as "a", "-t", "-elle": keep the pronoun
            j += 1
            continue
        if _is_stop(t) and not (not out and t.pos_ == "AUX"):
            break
        out.append(t)
        j += 1
    while out and fold(out[-1].text) in CONNECTORS:
        out.pop()
    if not out:
        return None
    return out[0].idx, out[-1].idx + len(out[-1].text)


def left_phrase(doc: Doc, i: int, limit: int) -> Char | None:
    """The words before token i back to the clause start (not before char `limit`), auxiliaries
    and adverbs next to the verb left out: "Генеральний штаб ЗСУ [повідомляє]"."""
    j = i - 1
    limit = max(limit, doc_sentences(doc).of(doc[i].idx)[0])
    out: list[Token] = []
    while j >= 0 and doc[j].idx >= limit and len(out) < MAX_WORDS:
        t = doc[j]
        if t.is_punct and t.text not in ("-", "'", "’", ".") or "\n" in t.text:
            break
        out.append(t)
        j -= 1
    out.reverse()
    # drop auxiliaries, adverbs, negation and dates next to the verb
    while out and (fold(out[-1].lemma_) in AUX_LEMMAS or out[-1].pos_ in ("AUX", "ADV", "PART")
                   or fold(out[-1].text) in ("також", "также", "вчера", "вчора", "ще", "уже", "вже", "не", "ne", "n'",
                                             "also", "sería", "сьогодні", "сегодня")):
        out.pop()
    if not out:
        return None
    return out[0].idx, out[-1].idx + len(out[-1].text)


class Subject(NamedTuple):
    span: Char                  # the words standing as subject here ("who", "he", "the ministry")
    head: int | None            # char offset of their head word
    antecedent: Char | None     # for a relative pronoun, the noun phrase it stands for


RELATIVES = {"who", "which", "that", "qui", "lequel", "laquelle", "lesquels"}


def _participle(v: Token) -> bool:
    return v.tag_ == "VBG" or "VerbForm=Ger" in str(v.morph) or "VerbForm=Part|Tense=Pres" in str(v.morph)


def subject_of(verb: Token, lang: str = "en") -> Subject | None:
    """The parsed subject of a cue verb, climbing to the verb it shares its subject with:
    "Il a qualifié ... et a justifié", "X wants to say", "X spoke, saying ...", "X, qui a déclaré"."""
    v = verb
    for _ in range(4):
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is None:
            agent = next((c for c in v.children if c.dep_ in ("agent", "obl:agent")), None)
            if agent is not None:
                subj = next((c for c in agent.children if c.dep_ == "pobj"), agent)
        if subj is not None:
            break
        if v.head is not v and (v.dep_ in ("conj", "xcomp") or v.dep_ == "advcl" and _participle(v)):
            v = v.head
            continue
        if v.dep_ in ("relcl", "acl:relcl") and v.head.pos_ in ("NOUN", "PROPN") or v.dep_ == "acl" and (
                v.head.pos_ == "PROPN" or fold(v.head.lemma_) in REPORT_NOUNS.get(lang, ())):
            head = v.head       # "le Corps, ..., qui a lancé", "a statement saying": the noun it hangs on
            return Subject(np_span(head), head.idx, None)
        return None
    if subj is None or subj.is_punct:
        return None     # closing quote marks parsed as the subject ("...,’’ said Allen") are none
    if subj.lower_ in RELATIVES and v.head is not v and v.dep_ in ("relcl", "acl:relcl"):
        # "Sanders, who lost the primaries, said": the relative stands here for the noun before it
        span = (subj.idx, subj.idx + len(subj.text))
        return Subject(span, subj.idx, np_span(v.head))
    return Subject(np_span(subj), subj.idx, None)


def np_span(head: Token) -> Char:
    """The noun phrase of `head` without relative clauses, participles or long modifiers."""
    keep = [head]
    for c in head.children:
        if c.dep_ in ("relcl", "acl:relcl", "acl", "punct", "cc", "conj", "advcl", "dep", "parataxis"):
            continue
        if c.dep_ in ("appos", "flat", "flat:name", "compound", "amod", "det", "poss", "nmod", "nmod:poss",
                      "case", "prep", "nummod", "fixed", "det:poss", "nn"):
            keep.extend(c.subtree if c.dep_ != "appos" else _appos(c))
    toks = [t for t in keep if not t.is_punct or t.text in ("-", "'", "’")]
    toks = [t for t in toks if not (t.is_punct and t.i in (min(x.i for x in toks), max(x.i for x in toks)))]
    if not toks:        # nothing but punctuation: the head alone
        return head.idx, head.idx + len(head.text)
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def _appos(t: Token) -> list[Token]:
    return [x for x in t.subtree if x.dep_ not in ("relcl", "acl:relcl", "acl")]
