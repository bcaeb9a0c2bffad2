"""Indirect speech from the dependency parse (French and English): a cue verb, its subject and
its complement.

- "X a déclaré que Y", "X said (that) Y", "X wants to Y": the clausal complement is the content;
- "Y, the source added" / "Y, a-t-elle estimé": the clause before an incise verb is;
- "X announced his resignation", "X a qualifié les combattants de « militants »": a speech verb's
  object is, but only for speech verbs (a cognition verb needs a clause: "he wants a car" is no claim).
Verbs of telling ("told reporters that ...") take their addressee as object: only the clause counts.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from khronika.nlp.quotes.cues import CLAIM_NOUNS, COMPLEMENTIZERS, OBJECT_OK, fold, strength_of
from khronika.nlp.quotes.frames import Char, Frame, paragraph_bounds, trim
from khronika.nlp.quotes.phrases import Subject, np_span, right_phrase, subject_of
from khronika.nlp.quotes.segment import doc_sentences, doc_text
from khronika.nlp.tokenarrays import tagged_words

CLAUSE_DEPS = {"ccomp", "xcomp", "csubj:pass"}
OBJECT_DEPS = {"dobj", "obj", "prep", "obl:arg", "attr", "oprd", "dative"}
ADDRESSEE = {"tell", "ask", "inform", "remind", "assure", "urge", "warn", "brief", "informer", "assurer", "prévenir",
             "avertir", "demander", "appeler"}
# "in a statement", "on Twitter", "lors d'une conférence": where, not what
NOT_CONTENT_HEADS = {"statement", "interview", "video", "conference", "briefing", "speech", "twitter", "telegram",
                     "facebook", "post", "email", "letter", "release", "week", "day", "morning", "evening", "night",
                     "conférence", "entretien", "communiqué", "message", "point", "vidéo", "allocution",
                     "journalistes", "reporters", "journalists", "radio", "television", "télévision"}
# French verbs whose infinitive complement is what was said or meant ("a affirmé avoir visé").
FR_XCOMP = {"promettre", "menacer", "refuser", "affirmer", "assurer",
            "dire", "déclarer", "annoncer", "prétendre", "reconnaître", "nier", "démentir", "estimer", "penser",
            "croire", "craindre", "demander", "appeler", "exiger", "revendiquer", "admettre", "avouer"}
INCISE_DEPS = {"advcl", "parataxis", "conj", "ccomp", "dep"}
MIN_CONTENT_WORDS = 2


def _span(tokens) -> Char | None:
    toks = [t for t in tokens if not t.is_space]
    if not toks:
        return None
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _content_tokens(verb: Token, strength: int, lang: str) -> tuple[list[Token], bool]:
    """(content tokens, whether they form a clause) for a cue verb."""
    clause = [c for c in verb.children if c.dep_ in CLAUSE_DEPS]
    if lang == "fr":
        # French clauses of speech open with "que" (or "si"); without it the parser has joined
        # two clauses ("a soutenu une résolution ..., le jour même où ...")
        clause = [c for c in clause if c.i < verb.i or _has_que(c) or c.dep_ == "xcomp" and fold(verb.lemma_) in FR_XCOMP]
    if clause:
        toks = [t for c in clause for t in c.subtree]
        return toks, True
    lemma = fold(verb.lemma_)
    if strength < 2 or lemma not in OBJECT_OK.get(lang, OBJECT_OK["en"]):
        return [], False
    objs = []
    for c in verb.children:
        if c.i < verb.i or c.dep_ not in OBJECT_DEPS:
            continue
        if lemma in ADDRESSEE and c.dep_ in ("dobj", "obj", "iobj", "dative"):
            continue
        if c.dep_ in ("prep", "obl:arg") and _is_setting(c):
            continue
        objs.append(c)
    return [t for c in objs for t in c.subtree], False


def _has_que(clause: Token) -> bool:
    return any(fold(x.text) in ("que", "qu'", "si", "s'") and x.dep_ == "mark" for x in clause.children)


def _is_setting(c: Token) -> bool:
    """A prepositional phrase saying where or when something was said."""
    heads = [x for x in c.subtree if x.pos_ in ("NOUN", "PROPN")]
    return not heads or fold(heads[0].text) in NOT_CONTENT_HEADS or heads[0].ent_type_ in ("DATE", "TIME")


def _incise_content(verb: Token) -> list[list[Token]]:
    """For "Y, X said" and "Y, X said, Z": the clause around an incise set off by commas, in
    its pieces before and after the incise."""
    doc = verb.doc
    head: Token | None
    if verb.dep_ in INCISE_DEPS and verb.head is not verb:
        head = verb.head
    elif verb.dep_ == "ROOT":
        # "The museum, Mr. Bush said, celebrated ...": the parser may hang the clause on the incise
        head = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i > verb.i), None)
        if head is None:
            return []
    else:
        return []
    clause = {x.i for x in head.subtree if x.i > verb.i}     # once, not once per token of the incise
    inner = [c.i for c in verb.subtree if not c.is_punct and c.i not in clause]
    first, last = min(inner + [verb.i]), max(inner + [verb.i])
    if first == 0 or doc[first - 1].text not in (",", "—", "–"):
        return []
    comma_after = last + 1 < len(doc) and doc[last + 1].text in (",", "—", "–")
    scope = [t for t in head.subtree] + ([t for t in verb.subtree if t.i < first - 1] if head.i > verb.i else [])
    before = sorted({t.i: t for t in scope if t.i < first - 1}.values(), key=lambda t: t.i)
    after = sorted({t.i: t for t in scope if t.i > last + 1}.values(), key=lambda t: t.i) if comma_after else []
    if not before:
        return []
    return [p for p in (before, after) if p]


def _bounds(doc: Doc, t: Token, span: Char) -> Char:
    """The cue's sentence, cut at line breaks: a heading without a period runs into the next
    paragraph in the parse. A quote opened in it is followed to its end later."""
    p_start, p_end = paragraph_bounds(doc_text(doc), t.idx)
    s_start, s_end = doc_sentences(doc).of(t.idx)
    if span[1] <= s_start or span[0] >= s_end:
        s_start, s_end = p_start, p_end     # "Y. X said so": the segmenter and the parse disagree
    return max(p_start, s_start), min(p_end, s_end)


def _speaker(doc: Doc, t: Token, lo: int, lang: str) -> Subject | None:
    sub = subject_of(t, lang)
    if sub and sub.span[0] >= lo:
        return sub
    if sub:
        # the parse joined a heading to this paragraph: the speaker is what opens it
        return Subject(trim(doc_text(doc), lo, _aux_start(t)), None, None)
    left = _left_subject(t, lo)
    if left is not None:
        return Subject(left, None, None)
    if _after_comma(t):
        right = right_phrase(doc, t.i)          # "..., a déclaré le CDR"
        return Subject(right, right[0], None) if right else None
    return None


def verb_frames(doc: Doc, lang: str, taken: set[int]) -> list[Frame]:
    text = doc_text(doc)
    out = []
    for i, lemma_, word in tagged_words(doc, "VERB"):
        if i in taken:
            continue
        strength = strength_of("VERB", lemma_, word, lang, False)     # cue_strength, before any Token
        if not strength:
            continue
        t = doc[i]
        toks, is_clause = _content_tokens(t, strength, lang)
        pieces = [toks] if toks else (_incise_content(t) if strength == 2 else [])
        pieces = [[x for x in p if x.i != t.i] for p in pieces]
        pieces = [p for p in pieces if p]
        if not pieces:
            continue
        if toks and not is_clause and any(c.dep_ == "neg" or fold(c.text) in ("pas", "jamais") for c in t.children):
            continue   # "n'a pas évoqué cette frappe", "did not comment on": nothing was said
        first = pieces[0]
        while first and fold(first[0].text) in COMPLEMENTIZERS.get(lang, ()) and first[0].dep_ in ("mark", "complm"):
            first = first[1:]
        pieces[0] = first
        spans = [s for s in (_span(p) for p in pieces) if s]
        if not spans:
            continue
        lo, hi = _bounds(doc, t, (spans[0][0], spans[-1][1]))
        parts = [trim(text, max(s, lo), min(e, hi)) for s, e in spans]
        parts = [p for p in parts if p[1] > p[0]]
        if sum(len(text[s:e].split()) for s, e in parts) < MIN_CONTENT_WORDS:
            continue
        sub = _speaker(doc, t, lo, lang)
        if sub is None or any(sub.span[0] < e and s < sub.span[1] for s, e in parts):
            continue
        speaker = sub.span
        out.append(Frame(cue=(_aux_start(t), t.idx + len(t.text)), parts=parts, speaker=speaker, head=sub.head,
                         antecedent=sub.antecedent,
                         kind="indirect", frame=[_clip(_frame_span(t, parts[0], speaker), lo, hi)],
                         strength=strength))
    return out


def _left_subject(t: Token, lo: int) -> Char | None:
    """When the parse found no subject (a heading run into the paragraph): the words from the
    clause start to the verb, if no other verb stands among them ("La vice-ministre ..., Hanna
    Maliar, a déclaré")."""
    span = t.doc.char_span(lo, _aux_start(t), alignment_mode="contract")
    if span is None or not len(span) or len(span) > 25:
        return None
    depth = 0
    for x in span:
        depth += x.text == "("
        depth -= x.text == ")"
        if depth == 0 and x.pos_ in ("VERB", "AUX") or x.pos_ == "SCONJ":
            return None
    s, e = trim(doc_text(t.doc), span.start_char, span.end_char)
    return (s, e) if e > s else None


def _after_comma(t: Token) -> bool:
    j = t.i - 1
    while j >= 0 and (t.doc[j].pos_ == "AUX" or t.doc[j].text.startswith("-")):
        j -= 1
    return j >= 0 and t.doc[j].text in (",", "»", "”", '"', "—", "–")


def _aux_start(t: Token) -> int:
    start = t.idx
    j = t.i - 1
    while j >= 0 and t.doc[j].head.i == t.i and t.doc[j].dep_.startswith("aux") and not t.doc[j].text.startswith("-"):
        start = t.doc[j].idx
        j -= 1
    return start


def _clip(span: Char, lo: int, hi: int) -> Char:
    return max(span[0], lo), min(span[1], hi)


def _frame_span(t: Token, content: Char, speaker: Char) -> Char:
    """The cue verb's clause outside its content: where "la veille" or "on Tuesday" dates the claim."""
    toks = [x for x in t.subtree if not (content[0] <= x.idx < content[1])]
    s = min([x.idx for x in toks] + [t.idx])
    e = max([x.idx + len(x.text) for x in toks] + [t.idx + len(t.text)])
    return s, e


def noun_frames(doc: Doc, lang: str, taken: set[int]) -> list[Frame]:
    """"Trump's claim that ...", "la conviction de Kyiv que ...": a claim noun, its owner and its clause."""
    nouns = CLAIM_NOUNS.get(lang)
    if not nouns:
        return []
    text = doc_text(doc)
    out = []
    for i, lemma_, _ in tagged_words(doc, "NOUN"):
        if i in taken or fold(lemma_) not in nouns:
            continue
        t = doc[i]
        clause = next((c for c in t.children if c.dep_ in ("acl", "ccomp", "acl:relcl", "appos") and
                       any(fold(x.text) in COMPLEMENTIZERS.get(lang, ()) and x.dep_ == "mark" for x in c.children)),
                      None)
        owner = next((c for c in t.children if c.dep_ in ("poss", "nmod:poss", "det:poss")), None)
        if owner is None:
            prep = next((c for c in t.children
                         if c.dep_ in ("prep", "nmod") and fold(c.text) in ("by", "from", "of", "de", "du")
                         or c.dep_ == "nmod" and any(fold(x.text) in ("de", "du", "d'") for x in c.children)), None)
            owner = next((c for c in prep.children if c.dep_ == "pobj"), prep) if prep is not None else None
        if clause is None or owner is None or owner.pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        toks = [x for x in clause.subtree if not (x.dep_ == "mark" and x.head is clause)]
        span = _span(toks)
        if span is None:
            continue
        lo, hi = _bounds(doc, t, span)
        content = trim(text, max(span[0], lo), min(span[1], hi))
        if len(text[content[0]:content[1]].split()) < MIN_CONTENT_WORDS:
            continue
        speaker = np_span(owner) if owner.pos_ != "PRON" else (owner.idx, owner.idx + len(owner.text))
        out.append(Frame(cue=(t.idx, t.idx + len(t.text)), parts=[content], speaker=speaker, head=owner.idx,
                         kind="indirect", frame=[(speaker[0], t.idx + len(t.text))], strength=1))
    return out
