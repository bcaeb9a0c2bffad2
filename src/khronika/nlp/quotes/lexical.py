"""Indirect speech without a parser (Ukrainian, Russian): cue verbs found on pymorphy3 lemmas.

- «X заявив, що Y», «X сообщил журналистам, что Y»: the speaker is the phrase before the cue
  in its clause, the content what follows «що»/«что» (or a colon) to the end of the sentence;
- «X сообщил об обстреле Y»: a cue followed by «про»/«о»/«об» reports on a topic, which is the content;
- «Y, — заявив X» (no quote marks): the clause before the incise is the content.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from khronika.nlp.quotes.cues import COMPLEMENTIZERS, cue_strength, fold
from khronika.nlp.quotes.frames import Frame, trim
from khronika.nlp.quotes.phrases import left_phrase, right_phrase
from khronika.nlp.quotes.segment import doc_sentences, doc_text

TOPIC_PREPS = {"про", "о", "об", "щодо", "относительно"}
LOOKAHEAD = 4   # «заявил журналистам, что»: words allowed between the cue and «что»


def _content_start(doc: Doc, t: Token, lang: str) -> tuple[int, bool] | None:
    """(char where the content starts, whether a complementiser or colon opens it)."""
    comps = COMPLEMENTIZERS.get(lang, ())
    end_char = doc_sentences(doc).of(t.idx)[1]
    for j in range(t.i + 1, min(len(doc), t.i + 1 + LOOKAHEAD)):
        if doc[j].idx >= end_char:
            break
        w = fold(doc[j].text)
        if w in comps and doc[j - 1].text == ",":
            return doc[j].idx + len(doc[j].text), True
        if w == ":" or w in ("«", "„"):
            return doc[j].idx + (1 if w == ":" else 0), True
        if w in TOPIC_PREPS and j == t.i + 1:
            return doc[j].idx, False
        if doc[j].is_punct and doc[j].text != ",":
            break
    return None


def lexical_frames(doc: Doc, lang: str, taken: set[int]) -> list[Frame]:
    text = doc_text(doc)
    out = []
    for t in doc:
        if t.i in taken or cue_strength(t, lang) != 2:
            continue
        s_start, s_end = doc_sentences(doc).of(t.idx)
        found = _content_start(doc, t, lang)
        if found is not None:
            start, _ = found
            content = trim(text, start, s_end)
            speaker = left_phrase(doc, t.i, s_start)
            if speaker is None:
                speaker = right_phrase(doc, t.i)
        else:
            j = t.i - 1
            while j > 0 and doc[j].idx > s_start and doc[j].text in ("—", "–", "-"):
                j -= 1
            if doc[j].idx <= s_start or doc[j].text != "," or doc[j + 1].text not in ("—", "–", "-"):
                continue
            content = trim(text, s_start, doc[j].idx)
            speaker = right_phrase(doc, t.i)
        if speaker is None or content[1] - content[0] < 10 or len(text[content[0]:content[1]].split()) < 2:
            continue
        # the words outside the content, where «вчера» dates the claim
        around = (s_start, content[0]) if content[0] > t.idx else (content[1], s_end)
        out.append(Frame(cue=(t.idx, t.idx + len(t.text)), parts=[content], speaker=speaker, kind="indirect",
                         frame=[around], strength=2, origin="lexical"))
    return out
