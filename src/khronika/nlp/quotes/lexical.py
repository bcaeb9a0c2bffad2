"""Indirect speech without a parser (Ukrainian, Russian): cue verbs found on pymorphy3 lemmas.

- «X заявив, що Y», «X сообщил журналистам, что Y»: the content is what follows «що»/«что» (or a
  colon) to the end of the sentence; the speaker is the verb's subject by agreement
  (agreement.py), before the verb or, inverted, after it;
- «X сообщил об обстреле Y»: a cue followed by «про»/«о»/«об» reports on a topic, which is the content;
- «Y, — заявив X» and «Y, заявив міністр X» (no quote marks): the clause before the incise is the
  content, the subject after the verb the speaker.
"""
from __future__ import annotations

import re

from spacy.attrs import LEMMA, ORTH, POS
from spacy.tokens import Doc, Token

from khronika.nlp.quotes.agreement import Found, elided, subject_after, subject_before
from khronika.nlp.morph import parses
from khronika.nlp.quotes.cues import COMPLEMENTIZERS, cue_strength, fold, is_doc_cue, strength_of
from khronika.nlp.quotes.frames import Frame, Who, trim
from khronika.nlp.quotes.segment import doc_sentences, doc_text

TOPIC_PREPS = {"про", "о", "об", "щодо", "относительно"}
# «пояснив, як змінюється ...»: a question clause after a verb of explaining is what was said
WH_WORDS = {"як", "чому", "коли", "чи", "как", "почему", "когда", "ли", "де", "где"}
EXPLAIN = {"пояснити", "пояснювати", "розповісти", "розповідати", "уточнити", "объяснить", "объяснять",
           "пояснить", "пояснять", "рассказать", "рассказывать", "уточнить"}
# «..., передає Reuters», «пишет Bloomberg»: the channel a report came through, not a speaker
CHANNEL_VERBS = {"передавати", "передати", "писати", "цитувати", "передавать", "передать", "писать", "цитировать"}
LOOKAHEAD = 9   # «заявил журналистам в понедельник, что»: words allowed between the cue and «что»


def _content_start(doc: Doc, t: Token, lang: str) -> tuple[int, bool] | None:
    """(char where the content starts, whether a complementiser or colon opens it)."""
    comps = COMPLEMENTIZERS.get(lang, ())
    end_char = doc_sentences(doc).of(t.idx)[1]
    for j in range(t.i + 1, min(len(doc), t.i + 1 + LOOKAHEAD)):
        if doc[j].idx >= end_char:
            break
        w = fold(doc[j].text)
        if doc[j].text[:1].isalpha() and parses(doc[j].text, lang)[0].tag.POS in ("VERB", "GRND", "INFN"):
            break       # «указал он, подчеркнув, что ...»: another verb's clause
        if w in comps and doc[j - 1].text == ",":
            return doc[j].idx + len(doc[j].text), True
        if w in WH_WORDS and doc[j - 1].text == "," and fold(t.lemma_) in EXPLAIN:
            return doc[j].idx, True
        if w == ":" or w in ("«", "„") and not _name_in_marks(doc, j):
            return doc[j].idx + (1 if w == ":" else 0), True
        if w in TOPIC_PREPS and j == t.i + 1:
            return doc[j].idx, False
        if doc[j].is_punct and doc[j].text != ",":
            break
    return None


def _inner_incise(doc: Doc, content: tuple[int, int], lang: str) -> int | None:
    """Where another incise cue (", заявили ...") starts inside a content before a comma."""
    span = doc.char_span(content[0], content[1], alignment_mode="contract")
    if span is None:
        return None
    for t in span:
        if t.i > 0 and doc[t.i - 1].text == "," and cue_strength(t, lang) == 2 and t.idx > content[0]:
            return doc[t.i - 1].idx
    return None


def _dialogue_start(text: str, s_start: int, comma: int) -> int:
    """«— Я не хочу ... Кампанія була порочною, — сказав Трамп»: a quote opened by a dash runs
    back over sentences to that dash, in its paragraph."""
    line_start = text.rfind("\n", 0, s_start) + 1
    for m in reversed(list(_DASH_OPEN.finditer(text, line_start, s_start + 1))):
        if s_start - m.end() < 800:
            return m.end()
    return s_start


_DASH_OPEN = re.compile(r"(?:^|(?<=[.!?…]\s)|(?<=\n))\s*[-—–]\s+(?=[A-ZА-ЯІЇЄҐЁ«\"])", re.M)


def _next_paragraph(text: str, pos: int) -> tuple[int, int]:
    start = text.find("\n", pos)
    if start < 0 or text[pos:start].strip() or text[start + 1:].lstrip(" \t")[:1] == "\n":
        return pos, pos     # a blank line after the colon: the quote was lost from the page
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    return trim(text, start, len(text) if end < 0 else end)


def _name_in_marks(doc: Doc, j: int) -> bool:
    """«напомнил «Газпрому» о ...»: a name in guillemets, not the opening of what was said."""
    words: list[str] = []
    for t in doc[j + 1:j + 6]:
        if t.text in ("»", "“"):
            return len(words) <= 3 and words[:1] != [] and words[0][:1].isupper()
        words.append(t.text)
    return False


def doc_mentions(doc: Doc) -> list[tuple[int, int, str, str | None]]:
    """(start, end, type, gender) of every entity mention, role-only ones left out."""
    out = []
    for e in doc._.khr_entities or []:
        for m in e["mentions"]:
            if not m.get("role_only"):
                out.append((m["start"], m["end"], e["type"], e.get("gender")))
    return sorted(out)


def speaker_of(found: Found | None) -> Who:
    """Frame keyword arguments for a subject found by agreement."""
    if found is None:
        return {"speaker": None}
    if found.kind == "elided" and found.form is not None:
        if found.form.number == "pl":
            return {"speaker": None}    # «41% заявили», «повідомили»: no one in particular
        return {"speaker": found.span, "elided": (found.form.gender, found.form.number or "sg")}
    return {"speaker": found.span, "head": found.head}


def _gerund_lemma(word: str, lang: str) -> str | None:
    """«підкресливши» -> «підкреслити», «подчеркнув» -> «подчеркнуть» for a speech gerund."""
    p = parses(word, lang)[0]
    if p.tag.POS != "GRND":
        return None
    low = fold(word)
    if lang == "uk" and low.endswith("ши"):
        return low[:-3] + "ти" if low.endswith("вши") else low[:-2] + "ти"
    return fold(p.normal_form)


def _gerund_frame(doc: Doc, t: Token, lang: str, earlier: list[Frame]) -> Frame | None:
    """«..., — сказав він, зазначивши, що ...»: a gerund's claim has its main verb's speaker."""
    from khronika.nlp.quotes.cues import SPEECH

    lemma = _gerund_lemma(t.text, lang)
    if lemma is None or lemma not in SPEECH.get(lang, ()) or t.i == 0 or doc[t.i - 1].text != ",":
        return None
    s_start, s_end = doc_sentences(doc).of(t.idx)
    prior = [f for f in earlier if f.speaker and s_start <= f.cue[0] < t.idx or
             f.speaker and f.cue[0] < t.idx and f.end <= t.idx and t.idx - f.cue[1] < 40]
    found = _content_start(doc, t, lang)
    if not prior or found is None or not found[1]:
        return None
    main = max(prior, key=lambda f: f.cue[0])
    content = trim(doc_text(doc), found[0], s_end)
    if len(doc_text(doc)[content[0]:content[1]].split()) < 2:
        return None
    return Frame(cue=(t.idx, t.idx + len(t.text)), parts=[content], speaker=main.speaker, head=main.head,
                 elided=main.elided, kind="indirect", frame=[(s_start, content[0])], strength=2, origin="lexical")


_KINDS: dict[tuple[str, int, int, int], int] = {}    # (lang, form, lemma, tag) -> 0, GERUND or CUE
_GERUND, _CUE = 1, 2


def _cue_tokens(doc: Doc, lang: str) -> list[tuple[int, bool]]:
    """(index, is a gerund) of the tokens that are gerunds or speech verbs, in order: judged once per
    distinct form, lemma and tag, read from the token arrays."""
    strings = doc.vocab.strings
    out = []
    for i, (orth, lem, pos) in enumerate(doc.to_array([ORTH, LEMMA, POS]).tolist()):
        key = (lang, orth, lem, pos)
        kind = _KINDS.get(key)
        if kind is None:
            word = strings[orth]
            if word[:1].isalpha() and parses(word, lang)[0].tag.POS == "GRND":
                kind = _GERUND
            elif strength_of(strings[pos] if pos else "", strings[lem] if lem else "", word, lang, False) == 2:
                kind = _CUE
            else:
                kind = 0
            if len(_KINDS) < 200_000:
                _KINDS[key] = kind
        if kind:
            out.append((i, kind == _GERUND))
    return out


def lexical_frames(doc: Doc, lang: str, taken: set[int], prior: list[Frame] | None = None) -> list[Frame]:
    text = doc_text(doc)
    mentions = doc_mentions(doc)
    out: list[Frame] = []
    for i, gerund in _cue_tokens(doc, lang):
        if i in taken:
            continue
        t = doc[i]
        if gerund:
            g = _gerund_frame(doc, t, lang, (prior or []) + out)
            if g is not None:
                out.append(g)
            continue
        s_start, s_end = doc_sentences(doc).of(t.idx)
        found = _content_start(doc, t, lang)
        if found is not None:
            start, _ = found
            content = trim(text, start, s_end)
            sub = subject_before(doc, t, s_start, lang, mentions) or subject_after(doc, t, lang, mentions) \
                or elided(t, lang)
        else:
            j = t.i - 1
            while j > 0 and doc[j].idx > s_start and doc[j].text in ("—", "–", "-"):
                j -= 1
            if doc[j].idx <= s_start or doc[j].text != ",":
                continue
            content = trim(text, _dialogue_start(text, s_start, doc[j].idx), doc[j].idx)
            inner = _inner_incise(doc, content, lang)
            if inner is not None:
                content = trim(text, content[0], inner)   # «Y, заявили члены партии, сообщает Arab News»
            sub = subject_after(doc, t, lang, mentions)
            if sub is None and doc[j + 1].text in ("—", "–", "-"):
                sub = elided(t, lang)
        if content[1] <= content[0] and found is not None and found[1]:
            content = _next_paragraph(text, s_end)     # «Она рассказала:» and the words on the next line
        if sub is None or sub.kind == "thing" or content[1] - content[0] < 10 \
                or len(text[content[0]:content[1]].split()) < 2:
            continue
        # the words outside the content, where «вчера» dates the claim
        around = (s_start, content[0]) if content[0] > t.idx else (content[1], s_end)
        who = speaker_of(sub)
        if who["speaker"] is None or fold(t.lemma_) in CHANNEL_VERBS:
            continue
        if sub.kind == "elided" and is_doc_cue(t, lang) and "past" in parses(t.text, lang)[0].tag:
            continue    # «Раніше повідомлялося, що»: reported by no one the text names
        out.append(Frame(cue=(t.idx, t.idx + len(t.text)), parts=[content], kind="indirect",
                         frame=[around], strength=2, origin="lexical", **who))
    return out
