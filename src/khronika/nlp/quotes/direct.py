"""Direct quotes: a quoted span and the cue that hands it to a speaker, wherever that stands.

- after the quote: « ... », a déclaré le CDR / "...," Prigozhin said / «...», — заявив Синєгубов
  (the speaker before or after the cue verb, in an incise of a few words);
- before it: Prigozhin said: "..." / Зеленський написав: «...»;
- in pieces: « A », a-t-il ajouté, « B » gives one quote of two parts;
- a quote alone right after a direct quote continues it ('"...," he said. "More."').
A quoted fragment inside a clause ("a qualifié les combattants de “militants ukrainiens”") is not
a direct quote: it is the quoted part of a mixed one, found with the indirect claim.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from khronika.nlp.morph import INFLECTED
from khronika.nlp.quotes.agreement import Found, elided, subject_after, subject_before
from khronika.nlp.quotes.cues import cue_strength, pronoun
from khronika.nlp.quotes.frames import Char, Frame, Who, paragraph_bounds, trim
from khronika.nlp.quotes.lexical import doc_mentions, speaker_of
from khronika.nlp.quotes.marks import Quoted, words
from khronika.nlp.quotes.phrases import Subject, left_phrase, right_phrase, subject_of
from khronika.nlp.quotes.segment import doc_sentences, doc_text

# What may stand between a closing mark and its incise verb: ", " "— " "," "." ...
_AFTER = re.compile(r"^[\s,.!?…]*[—–-]?\s*")
_BEFORE = re.compile(r"[:,]\s*$|[—–]\s*$")
# « A », a-t-il ajouté, « B » / "A," he said, but "B"
_JOIN = re.compile(r",\s*(?:(?:but|and|mais|et|а|але|но|і|и)\s*)?$", re.I)
MAX_INCISE_TOKENS = 8     # "Wagner Group founder Yevgeny Prigozhin said" is six
MIN_DIRECT_WORDS = 1      # "« Non », a-t-il répondu": a cue next to it makes any quote a quote


def _tokens_from(doc: Doc, char: int, n: int) -> list[Token]:
    span = doc.char_span(char, min(len(doc_text(doc)), char + 200), alignment_mode="expand")
    return list(span)[:n] if span is not None else []


def _incise_after(doc: Doc, q: Quoted, lang: str) -> tuple[Token, Subject | Found | None] | None:
    """(cue verb, speaker) for an incise right after the closing mark."""
    text = doc_text(doc)
    after = q.close_end
    m = _AFTER.match(text[after:after + 10])
    start = after + (m.end() if m else 0)
    if "\n" in text[after:start] or any(c in text[after:start] for c in ".!?…"):
        return None     # the sentence ended with the quote: what follows is not its incise
    toks = _tokens_from(doc, start, MAX_INCISE_TOKENS + 8)
    depth = 0
    for k, t in enumerate(toks):
        # "Rep. John Mica (R-Fla.) said": a bracket in the speaker's name is part of it
        depth += t.text == "("
        if depth or t.text == ")":
            depth -= t.text == ")"
            continue
        if k > MAX_INCISE_TOKENS + 4:
            break
        if cue_strength(t, lang, incise=True) == 2:
            before = [x for x in toks[:k] if not x.is_punct or x.text in ("(", ")")]
            if lang in INFLECTED:
                if any(x.text in ("(", ")") for x in toks[:k]):
                    before = [x for x in before if x.text not in ("(", ")")]
                mentions = doc_mentions(doc)
                found = (subject_before(doc, t, before[0].idx, lang, mentions) if before
                         else subject_after(doc, t, lang, mentions)) or elided(t, lang)
                return t, found
            clitic = [x for x in before if x.text.startswith("-") and pronoun(x.text[1:], lang)]
            before = [x for x in before if x.text not in ("(", ")")]
            if clitic:      # "a-t-elle affirmé", "a-t-il souligné"
                x = clitic[-1]
                return t, Subject((x.idx + 1, x.idx + len(x.text)), x.idx + 1, None)
            if any(x.pos_ in ("VERB", "SCONJ") for x in before):
                return None
            if before and before[0].pos_ == "AUX" or not before:
                phrase = right_phrase(doc, t.i)     # inverted: "a déclaré le CDR", "said Prigozhin"
                return t, Subject(phrase, phrase[0], None) if phrase else None
            sub = subject_of(t, lang) if doc.has_annotation("DEP") else None
            if sub and sub.head is not None and before[0].idx <= sub.head < t.idx:
                return t, sub
            return t, Subject((before[0].idx, before[-1].idx + len(before[-1].text)), None, None)
        if t.is_punct and t.text not in ("-t", "-", "’", "'") or "\n" in t.text:
            break
    return None


_DASH = re.compile(r"^[^\S\n]*[―—–][^\S\n]*(?=\w)")


def _dash_after(doc: Doc, q: Quoted) -> tuple[Char, Char] | None:
    """(cue, speaker) for a signed quote: '“...” ― Sonya Herridge' ending its line."""
    text = doc_text(doc)
    m = _DASH.match(text[q.close_end:q.close_end + 6])
    if not m:
        return None
    start = q.close_end + m.end()
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    name = text[start:line_end].strip().rstrip(".")
    if not name or len(name.split()) > 8 or not name[0].isupper() or any(c in name for c in ".!?\"“”«»"):
        return None
    dash = q.close_end + m.end() - 1
    while text[dash] not in "―—–":
        dash -= 1
    return (dash, dash + 1), trim(text, start, line_end)


def _intro_before(doc: Doc, q: Quoted, lang: str) -> tuple[Token, Subject | Found | None] | None:
    """(cue verb, speaker) for "X said: « ... »" / "X a déclaré : « ... »"."""
    text = doc_text(doc)
    open_at = q.open_at
    line_start = max(text.rfind("\n", 0, open_at) + 1, open_at - 300)
    before = text[line_start:open_at]
    if not _BEFORE.search(before):
        return None
    s_end = doc_sentences(doc).of(q.end)[1]
    if text[q.close_end:max(s_end, q.close_end)].strip(" .,;!?…\"”»’)"):
        return None     # 'said that "..." against what ...': a quoted part of an indirect claim
    span = doc.char_span(line_start, open_at, alignment_mode="contract")
    if span is None:
        return None
    toks = [t for t in span if not t.is_space]
    for t in reversed(toks[-8:]):
        if cue_strength(t, lang, incise=True) == 2:
            if lang in INFLECTED:
                mentions = doc_mentions(doc)
                return t, subject_before(doc, t, line_start, lang, mentions) or subject_after(doc, t, lang, mentions) \
                    or elided(t, lang)
            if doc.has_annotation("DEP"):
                sub = subject_of(t, lang)
                if sub:
                    return t, sub
            left = left_phrase(doc, t.i, line_start)
            return t, Subject(left, None, None) if left else None
        if t.text in (".", "!", "?", "»", "”"):
            break
    return None


def opens_sentence(text: str, q: Quoted) -> bool:
    """The quote starts its sentence (or follows a colon or dash): not a fragment in a clause."""
    i = q.open_at - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in "\n.!?:—–»”\"…([" or text[i] == ","  and text[max(0, i - 1)] in "»”\""


def _cue_span(t: Token) -> Char:
    start = t.idx
    j = t.i - 1
    while j >= 0 and t.doc[j].pos_ == "AUX" and t.doc[j].head.i == t.i:
        start = t.doc[j].idx
        j -= 1
    return start, t.idx + len(t.text)


def direct_frames(doc: Doc, quoted: list[Quoted], lang: str) -> list[Frame]:
    text = doc_text(doc)
    out: list[Frame] = []
    used: set[int] = set()
    for n, q in enumerate(quoted):
        if n in used:
            continue
        inner = trim(text, q.start, q.end, strip_quotes=False)
        if words(text[inner[0]:inner[1]]) < MIN_DIRECT_WORDS:
            continue
        if lang in INFLECTED and _is_name(text, q):
            continue    # «Нафтогаз» напомнил «Газпрому»: names in guillemets, not quotes
        split = _incise_inside(doc, q, lang) if lang in INFLECTED else None
        if split is not None:
            out.append(split)
            continue
        found = _incise_after(doc, q, lang) if opens_sentence(text, q) else None
        parts = [inner]
        signed = _dash_after(doc, q) if found is None and opens_sentence(text, q) else None
        if signed is not None:
            out.append(Frame(cue=signed[0], parts=parts, speaker=signed[1], kind="direct",
                             frame=[signed[1]], direct=True, strength=2, origin="direct"))
            continue
        if found is None:
            found = _intro_before(doc, q, lang)
        elif n + 1 < len(quoted):
            nxt = quoted[n + 1]
            cue_end = found[0].idx + len(found[0].text)
            gap = text[cue_end:nxt.open_at]
            # « A », a-t-il ajouté, « B »: the incise sits inside one quote given in two pieces
            same = doc_sentences(doc).index(cue_end) == doc_sentences(doc).index(nxt.start)
            if len(gap) < 80 and _JOIN.search(gap) and "\n" not in gap and same:
                parts.append(trim(text, nxt.start, nxt.end))
                used.add(n + 1)
        if found is None:
            if out and out[-1].direct and _continues(text, out[-1], q) and not (
                    lang in INFLECTED and len(re.findall(r"[.!?…]\s", text[out[-1].cue[1]:q.open_at])) > 1):
                out[-1].parts.append(inner)
            continue
        cue, sub = found
        who: Who
        if isinstance(sub, Subject) or sub is None:
            who = {"speaker": sub.span if sub else None, "head": sub.head if sub else None,
                   "antecedent": sub.antecedent if sub else None}
        elif sub.kind == "thing":
            continue
        else:
            who = speaker_of(sub)
        out.append(Frame(cue=_cue_span(cue), parts=parts, kind="direct",
                         frame=[doc_sentences(doc).of(cue.idx)], direct=True, strength=2, origin="direct", **who))
    return out


_INSIDE = re.compile(r"[,.!?…]\s*[—–]\s+(?=\w)")
_RESUME = re.compile(r"\s*[,.]?\s*[—–]\s+(?=\w)")


def _incise_inside(doc: Doc, q: Quoted, lang: str) -> Frame | None:
    """«A, — заявила тогда Бруни — B»: a typesetter left the incise inside one pair of marks."""
    text = doc_text(doc)
    for m in _INSIDE.finditer(text, q.start, q.end):
        toks = _tokens_from(doc, m.end(), 4)
        cue = next((t for t in toks if cue_strength(t, lang, incise=True) == 2), None)
        if cue is None:
            continue
        found = subject_after(doc, cue, lang, doc_mentions(doc))
        if found is None or found.kind in ("thing", "elided"):
            continue
        resume = _RESUME.match(text, found.span[1])
        if resume is None or resume.end() >= q.end:
            continue
        parts = [trim(text, q.start, m.start() + 1), trim(text, resume.end(), q.end)]
        return Frame(cue=(cue.idx, cue.idx + len(cue.text)), parts=parts, kind="direct", direct=True, strength=2,
                     frame=[doc_sentences(doc).of(cue.idx)], origin="direct", **speaker_of(found))
    return None


def _is_name(text: str, q: Quoted) -> bool:
    """A short capitalised span in guillemets followed straight by a word: «Газпром» заявил."""
    inner = text[q.start:q.end].strip()
    if not inner[:1].isupper() or len(inner.split()) > 4 or any(c in inner for c in ".,!?:;"):
        return False
    after = text[q.close_end:q.close_end + 3]
    return after[:1] == " " and after[1:2].isalpha()


def _continues(text: str, prev: Frame, q: Quoted) -> bool:
    """A quote standing alone after the previous direct quote: in the same paragraph, or making
    up the whole next paragraph (a paragraph that goes on after it may hand it to someone else)."""
    between = text[max(prev.end, prev.cue[1]):q.open_at]
    if len(between) > 200 or not text[q.start:q.start + 1].isupper():
        return False
    if "\n" not in between:
        return not re.split(r"[.!?]\s", between)[-1].strip()     # '"A," he said. "B."'
    if between.strip("\n ") and "\n" in between.strip("\n "):
        return False        # a paragraph of other words between them
    p_start, p_end = paragraph_bounds(text, q.start)
    tail = text[q.close_end:p_end].strip()
    return not text[p_start:q.open_at].strip() and not tail and not re.split(r"[.!?]\s", between)[-1].strip()
