"""Claims marked by a phrase rather than a verb, in every language:

- a source preposition: "Selon lui, ...", "..., selon un représentant du HUR, Andriy Yusov.",
  "According to Maliar, ...", «За словами Синєгубова, ...», «По его данным, ...»;
- a cataphora handing the previous sentence to its speaker: "C'est ce qu'a déclaré la
  vice-ministre, Hanna Malyar.", "C'est ce qu'indique un rapport de l'ISW.", «Об этом сообщил ...».
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from khronika.nlp.quotes.cues import CATAPHORA, SOURCE_PREPS, cue_strength, fold
from khronika.nlp.quotes.frames import Char, Frame, Who, trim
from khronika.nlp.quotes.phrases import right_phrase
from khronika.nlp.quotes.segment import doc_sentences, doc_text

# «по его данным», «за її словами»: the pronoun between the preposition and its noun
_PRON_PREP = {
    "uk": re.compile(r"(?<!\w)(за|на)\s+(його|її|їхніми|їхньою|їхню|їх)\s+(словами|даними|інформацією|думку)(?!\w)", re.I),
    "ru": re.compile(r"(?<!\w)(по|на)\s+(его|ее|её|их)\s+(словам|данным|информации|мнению)(?!\w)", re.I),
}


def _prep_pattern(lang: str) -> re.Pattern[str]:
    alts = sorted(SOURCE_PREPS.get(lang, ()), key=len, reverse=True)
    body = "|".join(re.escape(a).replace("'", "['’]").replace("’", "['’]") for a in alts)
    return re.compile(r"(?<![\w'’])(?:" + body + r")(?!\w)", re.I)


_PREPS = {lang: _prep_pattern(lang) for lang in SOURCE_PREPS}


def _source_phrase(text: str, start: int, sent_end: int, person_starts: dict[int, int]) -> Char | None:
    """From `start` to the next comma or the sentence end; ", Name." appositions included."""
    end = start
    while end < sent_end and text[end] not in ",;:.!?\n()" or (end < sent_end and text[end] == "." and
                                                               text[end - 1:end].isupper()):
        end += 1
    if end < sent_end and text[end] == ",":
        k = end + 1
        while k < sent_end and text[k] == " ":
            k += 1
        name_end = person_starts.get(k)
        if name_end is not None and text[name_end:name_end + 1] in (".", ",", "!", "?", ""):
            end = name_end
    s, e = trim(text, start, end)
    return (s, e) if e > s else None


def prep_frames(doc: Doc, lang: str, person_starts: dict[int, int]) -> list[Frame]:
    text = doc_text(doc)
    out = []
    pattern = _PREPS.get(lang)
    for s0, s1 in doc_sentences(doc):
        chunk = text[s0:s1]
        hits: list[tuple[int, int, Char | None]] = (
            [(m.start(), m.end(), None) for m in pattern.finditer(chunk)] if pattern else [])
        if lang in _PRON_PREP:
            hits += [(m.start(), m.end(), (m.start(2), m.end(2))) for m in _PRON_PREP[lang].finditer(chunk)]
        for a, b, pron in hits:
            a, b = a + s0, b + s0
            phrase = (pron[0] + s0, pron[1] + s0) if pron else _source_phrase(text, b, s1, person_starts)
            if phrase is None:
                continue
            p_end = phrase[1] if not pron else b
            lead = text[s0:a].strip(" ,\n\t")
            rest_start = p_end
            while rest_start < s1 and text[rest_start] in " ,:\n":
                rest_start += 1
            if not lead or lead.endswith((",", ";")) and len(lead.split()) <= 1:
                parts = [trim(text, rest_start, s1)]                    # Selon X, content.
            elif not text[rest_start:s1].strip(" .!?\n"):
                parts = [trim(text, s0, a)]                             # content, selon X.
            else:
                parts = [trim(text, s0, a), trim(text, rest_start, s1)]  # content, selon X, content.
            parts = [p for p in parts if p[1] > p[0]]
            if not parts or sum(len(text[p[0]:p[1]].split()) for p in parts) < 3:
                continue
            out.append(Frame(cue=(a, b), parts=parts, speaker=phrase, kind="indirect",
                             frame=[(a, p_end)], strength=2, origin="prep"))
    return out


def cataphora_frames(doc: Doc, lang: str) -> list[Frame]:
    pattern = CATAPHORA.get(lang)
    if pattern is None:
        return []
    text = doc_text(doc)
    out = []
    sents = doc_sentences(doc).spans
    for n, (s0, s1) in enumerate(sents):
        m = pattern.match(text[s0:s1])
        # the claim of a cataphora is the sentence before, in the same paragraph
        if not m or n == 0 or "\n" in text[sents[n - 1][1]:s0]:
            continue
        prev = sents[n - 1]
        span = doc.char_span(s0, s1, alignment_mode="expand")
        cue_tok = next((t for t in span if t.idx >= s0 + m.end() - 1 and cue_strength(t, lang)), None) if span else None
        after_prep = re.search(r"according to\s+", text[s0 + m.start():s1], re.I) if lang == "en" else None
        if cue_tok is not None:
            cue = (s0 + m.start(), cue_tok.idx + len(cue_tok.text))
            if "," in text[cue[0]:cue[1]]:      # «Об этом вчера, 23 мая, сообщил»: the verb alone
                cue = (cue_tok.idx, cue[1])
            speaker = trim(text, cue_tok.idx + len(cue_tok.text), s1)
            if speaker[1] - speaker[0] > 120:
                speaker = right_phrase(doc, cue_tok.i) or speaker
            # "This is what X said": the speaker stands before the verb
            if lang == "en" and cue_tok.idx > s0 + m.end():
                speaker = trim(text, s0 + m.end(), cue_tok.idx)
        elif after_prep:
            cue = (s0 + m.start(), s0 + m.start() + after_prep.end())
            speaker = trim(text, cue[1], s1)
        else:
            continue
        content = trim(text, *prev)
        if content[1] - content[0] < 10 or speaker[1] <= speaker[0]:
            continue
        who: Who = {"speaker": speaker}
        if lang in ("uk", "ru") and cue_tok is not None:
            if not _cataphora_speaker_ok(doc, cue_tok, speaker, lang):
                continue
            who = _agreeing_speaker(doc, cue_tok, s0 + m.end(), lang) or who
        out.append(Frame(cue=cue, parts=[content], kind="indirect", frame=[(s0, s1)], strength=2,
                         origin="cataphora", **who))
    return out


def _agreeing_speaker(doc: Doc, cue_tok, lo: int, lang: str) -> Who | None:
    """«Об этом он заявил в интервью»: the verb's subject by agreement, before or after it."""
    from khronika.nlp.quotes.agreement import subject_after, subject_before
    from khronika.nlp.quotes.lexical import doc_mentions, speaker_of

    mentions = doc_mentions(doc)
    found = subject_before(doc, cue_tok, lo, lang, mentions) or subject_after(doc, cue_tok, lang, mentions)
    if found is None or found.kind in ("thing", "elided"):
        return None
    return speaker_of(found)


def _cataphora_speaker_ok(doc: Doc, cue_tok, speaker: Char, lang: str) -> bool:
    """«Про це повідомляє УНН» names a speaker; «Про це пише видання», a channel, does not, and
    «Про це повідомляє Бортпровідники ... проведуть» (a link lost from the page) names nobody."""
    from khronika.nlp.morph import parses
    from khronika.nlp.quotes.lexical import CHANNEL_VERBS

    if fold(cue_tok.lemma_) in CHANNEL_VERBS:
        return False
    span = doc.char_span(speaker[0], speaker[1], alignment_mode="expand")
    words = [t.text for t in span if t.text[:1].isalpha()] if span is not None else []
    return not any(parses(w, lang)[0].tag.POS == "VERB" for w in words)


# "PENCE: And that's why ...", "Sanders: Clinton needs to ...", "Poll: Clinton and Trump in dead heat"
_COLON = re.compile(r"^([^\n:]{2,60}?)[^\S\n]*:[^\S\n]+(?=\S)", re.M)
LABEL_NOUNS = {"poll", "report", "study", "survey", "analysis", "sondage", "rapport", "étude", "опитування",
               "звіт", "опрос", "доклад"}


def colon_frames(doc: Doc, mentions: list[tuple[int, int, str]]) -> list[Frame]:
    """A line opening with a speaker's name and a colon: transcripts and headlines."""
    text = doc_text(doc)
    out = []
    for m in _COLON.finditer(text):
        s, e = trim(text, m.start(1), m.end(1))
        label = text[s:e]
        if not any(c.isalpha() for c in label) or e <= s:
            continue
        words = label.split()
        covered = sum(max(0, min(e, me) - max(s, ms)) for ms, me, t in mentions if t in ("PERSON", "ORG", "UNIT"))
        named = covered >= 0.6 * (e - s)
        transcript = label.isupper() and len(words) <= 3 and len(label) >= 3
        if not (named or transcript or words[-1].casefold() in LABEL_NOUNS):
            continue
        line_end = text.find("\n", m.end())
        content = trim(text, m.end(), len(text) if line_end < 0 else line_end)
        if len(text[content[0]:content[1]].split()) < 3:
            continue
        colon = text.index(":", m.end(1))
        out.append(Frame(cue=(colon, colon + 1), parts=[content], speaker=(s, e), kind="indirect",
                         frame=[(s, e)], strength=2, origin="prep"))
    return out
