"""Event extraction over one analysed Doc: candidates by trigger, types by rules + classifier.

1. Trigger matches (lexicons.py) over the whole Doc, bucketed into sentence units.
2. A unit with an ACLED trigger (or a weak violent one) or a PLOVER trigger is a candidate;
   only candidates are embedded, in one batch, so the encoder's cost follows the events.
3. ACLED: the classifier's probability of each CASE label plus a bonus for the unit's own
   triggers (strong > weak) picks the sub-type; a non-ACLED winner (a fire, a flood, a
   meeting) yields no ACLED event. A second trigger of another event type in the same unit
   ("fighting and shelling") yields a second event.
4. PLOVER: each PLOVER event triggered in the unit (one per event, the most specific mode),
   kept only with a source actor, as PLOVER requires.
5. Arguments (arguments.py); a trigger inside a quotation is a claim: lower confidence and
   `claimed_by` the speaker, its actors looked for in the quoted words only.
6. Words about an event that report none (frames.py: questions, plans, characterisations,
   promotions, sport, metaphors) and negated triggers yield nothing.
7. The events of the document that tell one happening become one (merge.py), the speakers'
   versions of it its `claims`.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from khronika.nlp.events import classifier, encoder
from khronika.nlp.events.arguments import Arguments
from khronika.nlp.events.features import cheap_features
from khronika.nlp.events.figures import figures
from khronika.nlp.events.frames import Frames
from khronika.nlp.events.lexicon import Match
from khronika.nlp.events.lexicons import lexicon
from khronika.nlp.events.merge import LEDE, merge_events
from khronika.nlp.events.sides import attack_or_clash, with_sides
from khronika.nlp.events.taxonomy import ACLED_TO_PLOVER, CASE_EXTRA, CASE_TO_ACLED, EVENT_TYPE_OF, VIOLENT_TYPES, acled
from khronika.nlp.events.units import Unit, clause_head, clause_tokens, scan, subject_tokens

REFINE_MIN = 0.5         # classifier probability that moves a rule's type to a sibling sub-type
SECOND_MIN = 0.1         # ... that a second triggered type of another event type needs
WEAK_ONLY_MIN = 0.5      # ... that types a unit with weak triggers only
ENCODE_CHARS = 400       # a sentence's first 400 characters say what happened; the encoder's cost grows with length
WEAK_PREFILTER = 0.3     # cheap-head probability of violence below which a weak-only unit is not embedded
EXTRA_MIN = 0.5          # ... that makes a non-ACLED label (fire, flood, meeting) win over ACLED triggers
OVERRIDE_MIN = 0.5       # ... that makes an untriggered ACLED label win over the triggered ones
# ACLED's residual "Other" (an evacuation, a displacement) is coded from its own words only: the
# classifier leaning to a residual class over a triggered type is its uncertainty, not a reading.
NOT_BY_CLASSIFIER = frozenset({"OTHER"})
# Confidence kept by an event that only a quoted speaker asserts: less for words in quotation
# marks (a claim in the speaker's own terms) than for reported speech the outlet took on.
CLAIM_FACTOR = {"direct": 0.6, "mixed": 0.7, "indirect": 0.8}
PLACELESS = {("CONSULT", "phone"), "ACCUSE", "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN", "COOPERATE"}
SAY_VERBS = frozenset({"say", "tell", "report", "state", "announce", "add", "confirm", "according", "dire",
                       "déclarer", "affirmer", "indiquer", "annoncer", "rapporter", "préciser", "ajouter",
                       "confirmer", "selon"})
PROTEST_SEVERITY = ("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST")
SCENES = {"Riots": "Protests"}   # one street scene: the classifier tells a protest from a riot
TALLY_GAP = 300          # characters between an event's sentence and a tally sentence that counts its victims
CONSULT_MODES = ("phone", "visit", "meeting")   # most specific first
DRONE_WORDS = ("drone", "uav", "shahed", "бпла", "безпілотник", "беспилотник", "дрон")
NEGATORS = {"not", "never", "no", "pas", "jamais", "ne", "n'", "n’", "aucun", "aucune", "не", "ні", "ни", "n't"}


VIOLENT_LABELS = frozenset(lab for lab, sub in CASE_TO_ACLED.items() if EVENT_TYPE_OF[sub] in VIOLENT_TYPES)


@dataclass
class Candidate:
    unit: Unit
    matches: list[Match]     # token offsets relative to the Doc


@dataclass
class Prepared:
    """One Doc between the two halves of the work, while the batch's units are embedded."""
    text: str
    forms: list[tuple[str, str]]
    cands: list[Candidate]
    lex: np.ndarray                 # lexicon features per candidate
    proba: list[dict[str, float]]   # label probabilities per candidate (cheap head, then full)
    need: list[int]                 # candidates to embed
    units: list[Unit]               # every sentence unit (tallies told apart from their event)


class EventExtractor:
    def __init__(self, lang: str):
        self.lang = lang
        self.lexicon = lexicon(lang)
        self.model = classifier.shipped()

    def __call__(self, doc: Doc) -> list[dict]:
        return self.batch([doc])[0]

    def batch(self, docs: list[Doc]) -> list[list[dict]]:
        """Events of each Doc. Units to embed are gathered over the whole batch and encoded in one
        call: the encoder's cost is mostly per call, not per sentence."""
        preps = [self._prepare(doc) for doc in docs]
        ready = {k: prep for k, prep in enumerate(preps) if prep}     # the Docs with candidates
        todo = [(k, i) for k, prep in ready.items() for i in prep.need]
        if todo and self.model is not None:
            emb = encoder.encode([ready[k].text[ready[k].cands[i].unit.start_char:ready[k].cands[i].unit.end_char]
                                  [:ENCODE_CHARS] for k, i in todo])
            if emb is not None:
                lex = np.stack([ready[k].lex[i] for k, i in todo])
                labels, full = self.model.proba(emb, lex)
                for (k, i), row in zip(todo, full):
                    ready[k].proba[i] = dict(zip(labels, map(float, row)))
        return [self._finish(doc, prep) if prep else [] for doc, prep in zip(docs, preps)]

    def _prepare(self, doc: Doc) -> Prepared | None:
        sc = scan(doc)
        units, text = sc.units, sc.text
        if not units:
            return None
        names = _name_tokens(doc)
        matches = [m for m in with_sides(doc, self.lexicon.find(sc.forms))
                   if not _month(doc, m) and not (m.start in names and m.label in ALL_LABELS)]
        starts = [u.start for u in units]
        buckets: list[list[Match]] = [[] for _ in units]
        for m in matches:
            buckets[bisect_right(starts, m.start) - 1].append(m)
        cands = [Candidate(u, ms) for u, ms in zip(units, buckets) if _is_candidate(ms)]
        if not cands:
            return None
        lex = np.stack([cheap_features([_shift(m, c.unit.start) for m in c.matches], c.unit.end - c.unit.start,
                                       sc.forms[c.unit.start:c.unit.end]) for c in cands])
        if self.model is None:
            return Prepared(text, sc.forms, cands, lex, [{} for _ in cands], [], units)
        # The sentence encoder is the costly part, so only units whose type the classifier
        # decides are embedded: several triggered types to rank, or weak triggers only (and
        # then only if the cheap head finds violence plausible), and of those only the ones
        # the cheap head is not sure of (classifier.unsure). A unit with one triggered type is
        # typed by its rule; the cheap head gives it a confidence.
        labels, proba = self.model.proba(None, lex)
        probs = [dict(zip(labels, map(float, row))) for row in proba]
        unsure = classifier.unsure(proba)
        need = [i for i, c in enumerate(cands) if unsure[i] and _needs_encoder(c, probs[i])]
        return Prepared(text, sc.forms, cands, lex, probs, need, units)

    def _finish(self, doc: Doc, prep: Prepared) -> list[dict]:
        args = Arguments(doc, prep.text)
        frames = Frames(doc, prep.forms, prep.text)
        events: list[dict] = []
        for cand, p in zip(prep.cands, prep.proba):
            if frames.unit_reason(cand.unit) is None:
                events.extend(self._events(doc, prep.text, cand, p, args, frames))
        _attach_tallies(events, prep.units, prep.text)
        return merge_events(events, doc._.khr_entities or [])

    def _acled_types(self, cand: Candidate, p: dict[str, float], doc: Doc | None = None
                     ) -> list[tuple[str, float, Match]]:
        """(CASE label, confidence, trigger) of the unit's ACLED events.

        Rules propose, the classifier ranks: with strong triggers, the type is the triggered
        label the classifier finds likeliest (refined within the same ACLED event type when the
        classifier is confident of a sibling, e.g. an advance that regains territory). With
        weak triggers only ("attack", "killed"), the classifier alone types it, if confident.
        A non-ACLED winner (a fire, a flood, a meeting) yields no ACLED event. Triggers of the
        main clause come before those of a clause or phrase it governs ("police arrested 649 people
        for gathering in groups" is an arrest; "Qatar welcomed the cease-fire in regions where
        fighting has left scores dead" an agreement): the classifier ranks within a level."""
        first: dict[str, Match] = {}
        for m in cand.matches:
            if m.label in CASE_TO_ACLED or m.label in CASE_EXTRA:
                if m.label not in first or (m.strong and not first[m.label].strong):
                    first[m.label] = m
        strong = [lab for lab, m in first.items() if m.strong]
        top = max(p, key=lambda lab: p[lab]) if p else None
        # strong words of a non-ACLED kind only ("bandits") the classifier does not believe leave
        # the unit to its weak words ("bandits killed seven people" is an attack)
        if strong and not any(lab in CASE_TO_ACLED or p.get(lab, 0.0) >= EXTRA_MIN for lab in strong):
            strong = []
        if strong:
            level = _clause_levels(doc, cand.unit, [first[lab] for lab in strong]) if doc is not None else {}
            ranked = sorted(strong, key=lambda lab: (-level.get(first[lab].start, 0), p.get(lab, 0.0),
                                                     -first[lab].start), reverse=True)
            # A non-ACLED label (a fire, a meeting) wins only when the classifier is sure of it;
            # otherwise the best-ranked ACLED trigger stands.
            best = next((lab for lab in ranked if lab in CASE_TO_ACLED or p.get(lab, 0.0) >= EXTRA_MIN), None)
            if best is None or best not in CASE_TO_ACLED:
                return []
            if best in PROTEST_SEVERITY:
                # one protest told with its policing is coded by the gravest thing done to it (ACLED:
                # a march the police suppressed is a protest with intervention, one they beat or
                # shot at met excessive force)
                best = max((lab for lab in strong if lab in PROTEST_SEVERITY), key=PROTEST_SEVERITY.index)
            conf = 0.55 + 0.35 * p.get(best, 0.0)
            if (top in CASE_TO_ACLED and top != best and top not in NOT_BY_CLASSIFIER and p[top] >= REFINE_MIN
                    and EVENT_TYPE_OF[CASE_TO_ACLED[top]] == EVENT_TYPE_OF[CASE_TO_ACLED[best]]):
                best, conf = top, 0.55 + 0.35 * p[top]
            # the classifier reads the whole sentence: "police seized guns in a raid" is a seizure
            # of weapons whatever "raid" says alone
            if top in CASE_TO_ACLED and top not in strong and top not in NOT_BY_CLASSIFIER and p[top] >= OVERRIDE_MIN:
                best, conf = top, 0.5 + 0.35 * p[top]
            out = [(attack_or_clash(doc, cand.matches, best), conf, first.get(best) or first[ranked[0]])]
            for lab in ranked[1:]:
                if (lab in CASE_TO_ACLED and p.get(lab, 0.0) >= SECOND_MIN
                        and EVENT_TYPE_OF[CASE_TO_ACLED[lab]] != EVENT_TYPE_OF[CASE_TO_ACLED[best]]):
                    out.append((lab, 0.5 + 0.35 * p[lab], first[lab]))
                    break
            return out
        # A unit with PLOVER triggers only (a call, a visit) has no ACLED word to stand on.
        trig = next((m for m in cand.matches if m.label in CASE_TO_ACLED), None)
        if trig is None or not p:
            return []
        # weak words say violence happened, the classifier which kind: violence as a whole must be
        # likely, then its likeliest kind types it
        violent = max(VIOLENT_LABELS, key=lambda lab: p.get(lab, 0.0))
        if sum(p.get(lab, 0.0) for lab in VIOLENT_LABELS) >= WEAK_ONLY_MIN and p.get(violent, 0.0) >= top_share(p):
            return [(attack_or_clash(doc, cand.matches, violent), 0.3 + 0.4 * p[violent], trig)]
        return []

    @staticmethod
    def _plover_types(cand: Candidate) -> list[tuple[str, str | None, Match]]:
        found: dict[str, list[tuple[str | None, Match]]] = {}
        for m in cand.matches:
            if m.strong and m.label.startswith("P:"):
                _, event, *modes = m.label.split(":")
                found.setdefault(event, []).append((modes[0] if modes else None, m))
        out = []
        for event, options in found.items():
            if event == "CONSULT":
                options.sort(key=lambda o: CONSULT_MODES.index(o[0]) if o[0] in CONSULT_MODES else 9)
            mode, m = options[0]
            out.append((event, mode, m))
        return out

    # -- events -------------------------------------------------------------------------------
    def _events(self, doc: Doc, text: str, cand: Candidate, p: dict[str, float], args: Arguments,
                frames: Frames) -> list[dict]:
        unit = cand.unit
        out = []
        unit_text = text[unit.start_char:unit.end_char]
        acled_types = self._acled_types(cand, p, doc)
        for label, score, trig in acled_types:
            if _negated(doc, trig) or frames.reason(unit, trig):
                continue
            sub = CASE_TO_ACLED[label]
            plover = ACLED_TO_PLOVER.get(sub)
            if plover and plover[1] == "aerial" and any(w in unit_text.casefold() for w in DRONE_WORDS):
                plover = ("ASSAULT", "drone")
            ev = self._event(doc, text, unit, trig, args, acled(label), plover, min(0.95, score), need_actor=False)
            if ev is None:
                continue
            if EVENT_TYPE_OF[CASE_TO_ACLED[label]] in VIOLENT_TYPES:
                figs = figures(unit_text)
                if figs:
                    ev["figures"] = figs
            out.append(ev)
        plover_types = self._plover_types(cand)
        if not acled_types and not any(event == "AGREE" for event, _, _ in plover_types):
            # Agreements between states ("Shoigu and Khrenin signed agreements on ...") are not
            # ACLED's (conflict actors only) when the classifier calls them diplomacy, but they
            # remain PLOVER's AGREE; its actors are looked for as an ACLED event's are, in the
            # whole unit.
            agreed = next((m for m in cand.matches if m.label == "AGREEMENT" and m.strong), None)
            if agreed is not None and not _negated(doc, agreed) and not frames.reason(unit, agreed):
                ev = self._event(doc, text, unit, agreed, args, None, ("AGREE", None), 0.55 + 0.3 * p.get("DIPLO", 0.0),
                                 need_actor=False)
                if ev and ev["actors"]:
                    out.append(ev)
        for event, mode, trig in plover_types:
            if _negated(doc, trig) or frames.reason(unit, trig):
                continue
            conf = min(0.9, 0.55 + 0.3 * (p.get("DIPLO", 0.0) + p.get("ATTRIB", 0.0) + p.get("AGREEMENT", 0.0)))
            ev = self._event(doc, text, unit, trig, args, None, (event, mode), conf, need_actor=True)
            if ev:
                out.append(ev)
        return out

    def _event(self, doc: Doc, text: str, unit: Unit, trig: Match, args: Arguments, acled_obj: dict | None,
               plover: tuple[str, str | None] | None, confidence: float, need_actor: bool) -> dict | None:
        tok = doc[trig.start]
        pos = tok.idx
        last = doc[trig.end - 1]
        clause = clause_tokens(tok, unit)
        kind, speaker, quoted = args.claim_span(pos, unit)
        if quoted is not None:
            # what the speaker says happened: its participants are in the quoted words, not the
            # speaker's title ("le porte-parole du Kremlin")
            clause = {i for i in clause if quoted[0] <= doc[i].idx < quoted[1]} or clause
        actors = args.actors(pos, clause, unit, subject_tokens(tok, unit), exclude={speaker} if speaker else set(),
                             clause_only=need_actor or quoted is not None)
        if need_actor and not actors:
            return None
        when, precision = args.date(pos, unit)
        # a call, a vote, an accusation happen where the text says, not in the paragraph's place
        placeless = acled_obj is None and plover is not None and (plover in PLACELESS or plover[0] in PLACELESS)
        place, place_from = args.place_from(pos, clause, unit, actors, focus_ok=not placeless)
        section = args.section_of(pos)
        if args.in_lede(pos):
            section = LEDE
            place_from = "lede" if place_from in ("clause", "unit") else place_from
        if kind:
            confidence *= CLAIM_FACTOR[kind]
        ev = {
            "acled": acled_obj,
            "plover": {"event": plover[0], "mode": plover[1]} if plover else None,
            "actors": actors,
            "place": place, "_place_from": place_from, "_section": section,
            "date": when, "date_precision": precision,
            "evidence": {"start": unit.start_char, "end": unit.end_char, "text": text[unit.start_char:unit.end_char]},
            "confidence": round(min(confidence, 0.95), 3),
            "trigger": {"start": pos, "end": last.idx + len(last.text), "text": text[pos:last.idx + len(last.text)]},
        }
        if kind:
            ev["claimed"] = kind
            ev["claimed_by"] = speaker
        return ev


def _attach_tallies(events: list[dict], units: list[Unit], text: str) -> None:
    """A sentence that only counts the victims ("Le bilan provisoire fait état de trois morts et de
    douze blessés") reports no event of its own: its counts go to the violent event told just
    before it, for the kinds that event does not count yet."""
    violent = sorted((ev for ev in events if ev.get("acled")
                      and EVENT_TYPE_OF[ev["acled"]["sub_event_type"]] in VIOLENT_TYPES),
                     key=lambda ev: ev["evidence"]["end"])
    if not violent:
        return
    told = {ev["evidence"]["start"] for ev in events}
    ends = [ev["evidence"]["end"] for ev in violent]
    for unit in units:
        if unit.start_char in told:
            continue
        k = bisect_right(ends, unit.start_char) - 1
        if k < 0 or unit.start_char - ends[k] > TALLY_GAP:
            continue
        figs = figures(text[unit.start_char:unit.end_char])
        if figs:
            ev = violent[k]
            ev["figures"] = {**figs, **(ev.get("figures") or {})}


def _clause_levels(doc: Doc, unit: Unit, triggers: list[Match]) -> dict[int, int]:
    """Per trigger start: how many clauses down from the sentence's main verb its own clause lies
    (0: the main clause; a verb of saying does not count, "X said Y happened" tells Y). A trigger
    that names the speaker ("opposition activists said") tells nothing and comes last. Triggers
    of one ACLED event type share the level of the highest of them: the classifier tells the
    sub-types of one scene apart ("protests ... after demonstrators clashed with police"). Empty
    without a parse (uk/ru) or with one trigger."""
    if len(triggers) < 2 or not doc.has_annotation("DEP"):
        return {}
    level: dict[int, int] = {}
    for m in triggers:
        tok = doc[m.start]
        head = clause_head(tok, unit)
        if _names_speaker(tok, head):
            level[m.start] = 99
            continue
        level[m.start] = _depth(head, unit)
    kind = {m.start: SCENES.get(t, t) for m in triggers
            for t in [EVENT_TYPE_OF.get(CASE_TO_ACLED.get(m.label, ""), m.label)]}
    best: dict[str, int] = {}
    for start, lv in level.items():
        best[kind[start]] = min(lv, best.get(kind[start], lv))
    return {start: best[kind[start]] for start in level}


def _depth(head, unit: Unit) -> int:
    """Verbs between a clause head and the top of its sentence, a verb of saying not counted
    ("X said Y happened" tells Y)."""
    return sum(1 for a in head.ancestors if unit.start <= a.i < unit.end
               and a.pos_ in ("VERB", "AUX") and a.lemma_.casefold() not in SAY_VERBS)


def _names_speaker(tok, head) -> bool:
    """The trigger is (in) the speaker of a verb of saying: "opposition activists said", "according
    to activists"."""
    if head.i != tok.i and head.lemma_.casefold() in SAY_VERBS:
        return True
    return any(a.dep_.startswith("nsubj") and a.head.lemma_.casefold() in SAY_VERBS for a in [tok, *tok.ancestors])


def top_share(p: dict[str, float]) -> float:
    """The probability a violent label needs to type a weak-only unit: the non-violent winner's,
    when a fire or a meeting is likelier than any kind of violence."""
    return max((v for lab, v in p.items() if lab not in VIOLENT_LABELS), default=0.0)


def _shift(m: Match, offset: int) -> Match:
    return Match(m.label, m.start - offset, m.end - offset, m.strong, m.pattern)


def _needs_encoder(cand: Candidate, cheap_p: dict[str, float]) -> bool:
    """Whether a unit the cheap head is unsure of needs a type from the classifier at all."""
    strong = {m.label for m in cand.matches if m.strong and (m.label in CASE_TO_ACLED or m.label in CASE_EXTRA)}
    if not any(lab in CASE_TO_ACLED or cheap_p.get(lab, 0.0) >= EXTRA_MIN for lab in strong):
        strong = set()                    # as _acled_types: the weak words decide
    if len(strong) > 1:
        return True                       # several triggered types to rank
    if strong:
        return False
    if not any(m.label in CASE_TO_ACLED for m in cand.matches):
        return False                      # PLOVER triggers only
    return max((p for lab, p in cheap_p.items() if lab in VIOLENT_LABELS), default=0.0) >= WEAK_PREFILTER


ALL_LABELS = frozenset(CASE_TO_ACLED) | frozenset(CASE_EXTRA)
NAME_TYPES = ("PERSON", "ORG", "UNIT")


def _name_tokens(doc: Doc) -> set[int]:
    """Tokens inside the name of an organisation, unit or person ("Oromo Liberation Army", "Légion
    de la liberté de Russie"): a trigger word there names, it does not report."""
    spans = [(m["start"], m["end"]) for e in doc._.khr_entities or [] if e["type"] in NAME_TYPES
             for m in e["mentions"]]
    spans += [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ORG", "PERSON", "PER", "NORP_ORG")]
    if not spans:
        return set()
    out: set[int] = set()
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is not None and len(span) > 1:     # a one-word name may be the trigger itself ("Wagner")
            out.update(range(span.start, span.end))
    return out


MONTH_TRIGGERS = {"march"}   # trigger words that are also month names ("on 27 March")


def _month(doc: Doc, m: Match) -> bool:
    """A trigger that is the month of a date: capitalised inside a sentence, or beside a number."""
    if m.pattern not in MONTH_TRIGGERS:
        return False
    tok = doc[m.start]
    if not tok.text[:1].isupper():
        return False
    near = doc[max(0, tok.i - 1):tok.i + 2]
    return tok.i > 0 and not doc[tok.i - 1].is_punct or any(t.like_num for t in near)


def _is_candidate(matches: list[Match]) -> bool:
    return any((m.label in CASE_TO_ACLED) or (m.strong and m.label.startswith("P:")) for m in matches)


def _negated(doc: Doc, m: Match) -> bool:
    """A negated trigger: "no attack", "aucune frappe", "не атакували", a verb with its own
    negation ("did not attack", "n'a pas frappé"), or the verb whose subject the trigger is."""
    tok = doc[m.start]
    if not doc.has_annotation("DEP"):
        # No parse (uk/ru): reading children of an unparsed Doc is undefined in spaCy and
        # segfaults on some inputs ("''захват"). A negator just before the trigger stands in.
        return any(t.lower_ in NEGATORS for t in doc[max(0, m.start - 2):m.start])
    if any(c.dep_ in ("det", "neg", "advmod") and c.lower_ in NEGATORS for c in tok.children):
        return True     # "aucune frappe", "no attack"
    # the verb the trigger is the subject or the object of: "no attack took place", "did not
    # report any shelling", "n'a signalé aucune frappe"
    governed = tok.dep_.startswith("nsubj") or tok.dep_ in ("obj", "dobj")
    verb = tok if tok.pos_ == "VERB" else (tok.head if governed and tok.head.pos_ == "VERB" else None)
    if verb is None:
        return False
    return any(c.dep_ in ("neg", "advmod") and c.lower_ in NEGATORS for c in verb.children)
