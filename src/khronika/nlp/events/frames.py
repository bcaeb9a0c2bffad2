"""Words about an event that do not report one: questions, plans and intentions, readiness,
characterisations, programme promotions, sport and metaphors (issue 11).

A trigger word says what kind of event a sentence would report; these frames say the sentence
does not report it: "Faut-il y voir une victoire ... ?" asks, "pour empêcher de telles
intrusions à l'avenir" intends, "Il a qualifié les combattants de 'militants'" names,
"Regardez le numéro 440" advertises, "turning Belarus into a nuclear hostage" is a figure of
speech, a club signing a midfielder is sport. Cues are lexicon patterns (lexicon.py syntax)
matched over the unit's (lemma, word) forms, so languages without a parse (uk/ru) are served by
token windows; where spaCy parsed (en/fr), the trigger's verb and its governor are read too, but
only after `doc.has_annotation("DEP")` (reading the tree of an unparsed Doc crashes spaCy).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from spacy.tokens import Doc, Token

from khronika.nlp.events.lexicon import Lexicon, Match
from khronika.nlp.events.units import Paragraphs

PLAN_WINDOW = 4       # tokens between a plan/purpose cue and the trigger it governs
FUTURE_WINDOW = 5     # tokens after the trigger where "à l'avenir" / "in the future" may stand
METAPHOR_WINDOW = 5   # tokens between "turn ... into" and the trigger

# Per language: cue label -> patterns. PROMO cues open the unit (imperatives); SPORT cues anywhere in
# the paragraph; CHAR cues before a nominal trigger in the unit;
# PLAN cues just before the trigger; FUTURE just after; METAPHOR before.
FRAMES: dict[str, dict[str, list[str]]] = {
    "en": {
        "PROMO": ["watch", "listen", "tune in", "subscribe", "read more", "find out", "don't miss", "catch",
                  "in this episode", "in this programme", "in this program", "in this issue"],
        "EMBEDDED_Q": ["question of whether", "asked whether", "asked why", "wonder whether", "wondered whether",
                       "unclear whether", "whether"],
        "SPORT": ["midfielder", "footballer", "goalkeeper", "striker", "football", "soccer", "premier league",
                  "champions league", "transfer window", "hat-trick", "hat trick", "fc", "uefa", "fifa",
                  "coach", "league", "tournament", "championship", "scored", "club", "match", "squad",
                  "loan deal", "signing"],
        "CHAR": ["describe as", "described as", "call it", "called it", "called them", "label as", "labelled",
                 "labeled", "brand as", "branded", "termed", "dub", "dubbed", "characterise",
                 "characterize", "refer to as", "referred to as", "so-called", "what he called", "what it called",
                 "what they called", "what she called"],
        "PLAN": ["plan to", "plans to", "planning to", "intend", "intention", "aim to", "threaten to", "ready to",
                 "prepared to", "prepare to", "preparing to", "seek to", "want to", "wants to", "vow to", "vowed to",
                 "promise to", "pledge to", "to prevent", "prevent", "in order to", "would", "will", "could",
                 "might", "may", "going to", "possible", "potential", "future", "prospect of", "risk of",
                 "threat of", "fear of", "avoid"],
        "FUTURE": ["in the future", "in future", "next week", "next month", "next year", "tomorrow"],
        "METAPHOR": ["turn into", "turning into", "turned into", "transform into", "make into"],
    },
    "fr": {
        "PROMO": ["regardez", "consultez", "écoutez", "retrouvez", "découvrez", "suivez", "abonnez", "voir aussi",
                  "lire aussi", "à lire", "à voir", "dans ce numéro", "dans cet épisode", "dans cette émission"],
        "EMBEDDED_Q": ["question de savoir", "se demander si", "demander pourquoi", "savoir si", "savoir pourquoi"],
        "SPORT": ["milieu de terrain", "footballeur", "gardien de but", "attaquant", "football", "ligue des champions",
                  "mercato", "transfert", "championnat", "entraîneur", "club", "ligue 1", "coupe du monde", "match",
                  "sélectionneur"],
        "CHAR": ["qualifier de", "qualifier", "justifier comme", "décrire comme", "présenter comme", "traiter de",
                 "considérer comme", "assimiler à", "soi-disant", "prétendu", "prétendue", "baptiser"],
        "PLAN": ["prévoir de", "envisager de", "envisager", "compter", "vouloir", "menacer de", "prêt à", "prête à",
                 "se préparer à", "préparer", "projeter", "avoir l'intention", "viser à", "chercher à", "empêcher",
                 "éviter", "afin de", "pour empêcher", "d'ici", "possible", "éventuel", "éventuelle", "futur",
                 "future", "perspective", "risque de", "menace de", "crainte de"],
        "FUTURE": ["à l'avenir", "dans le futur", "la semaine prochaine", "le mois prochain", "l'an prochain",
                   "demain"],
        "METAPHOR": ["transformer en", "faire de un", "changer en"],
    },
    "uk": {
        "PROMO": ["дивіться", "слухайте", "читайте", "підписуйтеся", "у цьому випуску", "в цьому випуску"],
        "EMBEDDED_Q": ["питання чи", "питання чому"],
        "SPORT": ["півзахисник", "футболіст", "воротар", "нападник", "футбол", "футбольний", "трансфер",
                  "чемпіонат", "тренер", "клуб", "ліга", "матч"],
        "CHAR": ["назвати", "назвав", "охарактеризувати", "так званий"],
        "PLAN": ["планувати", "мати намір", "намір", "готовий", "готова", "погрожувати", "запобігти", "щоб",
                 "можливий", "потенційний", "майбутній", "загроза"],
        "FUTURE": ["у майбутньому", "в майбутньому", "наступного тижня", "завтра"],
        "METAPHOR": ["перетворити на", "перетворювати на"],
    },
    "ru": {
        "PROMO": ["смотрите", "слушайте", "читайте", "подписывайтесь", "в этом выпуске"],
        "EMBEDDED_Q": ["вопрос о том", "вопрос почему"],
        "SPORT": ["полузащитник", "футболист", "вратарь", "нападающий", "футбол", "футбольный", "трансфер",
                  "чемпионат", "тренер", "клуб", "лига", "матч"],
        "CHAR": ["назвать", "назвал", "охарактеризовать", "так называемый"],
        "PLAN": ["планировать", "намерен", "намереваться", "готовый", "готов", "угрожать", "предотвратить",
                 "чтобы", "возможный", "потенциальный", "будущий", "угроза"],
        "FUTURE": ["в будущем", "на следующей неделе", "завтра"],
        "METAPHOR": ["превратить в", "превращать в"],
    },
}
# Sport words that settle it alone; the rest ("club", "match", "season") need a second one.
SPORT_SURE = {"midfielder", "footballer", "goalkeeper", "football", "soccer", "premier league", "champions league",
              "transfer window", "hat-trick", "hat trick", "uefa", "fifa", "milieu de terrain", "footballeur",
              "gardien de but", "ligue des champions", "mercato", "ligue 1", "півзахисник", "футболіст", "воротар",
              "футбол", "футбольний", "полузащитник", "футболист", "вратарь", "футбольный"}
MODALS = {"will", "would", "shall", "could", "might", "may", "'ll", "going"}
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "mount", "begin", "start", "hold", "lancer", "mener",
               "déclencher", "commencer", "effectuer", "conduire", "entamer"}
PLAN_DEPS = {"xcomp", "obj", "dobj", "ccomp", "advcl", "acl", "nmod", "obl", "pobj", "prep", "obl:arg", "mark"}
# Adjectives that make the event a prospect: "une possible contre-offensive", "a potential attack".
HYPOTHETICAL = {"possible", "potential", "future", "eventual", "imminent", "planned", "expected", "éventuel", "futur",
                "prochain", "prévu", "attendu", "hypothétique"}
PLAN_VERBS = {"plan", "intend", "aim", "threaten", "prepare", "seek", "want", "vow", "promise", "pledge", "prevent",
              "avoid", "try", "attempt", "hope", "prévoir", "envisager", "compter", "vouloir", "menacer", "préparer",
              "projeter", "viser", "chercher", "empêcher", "éviter", "tenter", "espérer", "essayer", "ready", "prêt"}


ONGOING_PREPS = {"under", "sous", "під", "под"}   # "under attack": the happening itself, going on


@cache
def frames_lexicon(lang: str) -> Lexicon:
    return Lexicon(FRAMES.get(lang, FRAMES["en"]))


class Frames:
    """The frame cues of one Doc, found once; `reason()` answers per trigger."""

    def __init__(self, doc: Doc, forms: Sequence[tuple[str, str]], text: str):
        self.doc = doc
        self.text = text
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("POS")
        self.matches = frames_lexicon(doc.lang_).find(forms)
        self.paras = Paragraphs(text)
        self._by_label: dict[str, list[Match]] = {}
        for m in self.matches:     # sorted by start (Lexicon.find)
            self._by_label.setdefault(m.label, []).append(m)
        self._starts = {label: [m.start for m in ms] for label, ms in self._by_label.items()}
        sport = self._by_label.get("SPORT", [])
        self._sport_idx = [doc[m.start].idx for m in sport]

    def _in(self, label: str, lo: int, hi: int) -> list[Match]:
        """Cues of `label` within tokens [lo, hi), by bisection (a long text has many)."""
        ms, starts = self._by_label.get(label, []), self._starts.get(label, [])
        return [m for m in ms[bisect_left(starts, lo):bisect_left(starts, hi)] if m.end <= hi]

    def unit_reason(self, unit) -> str | None:
        """A reason no event of the whole unit is reported: a question, a promotion, sport."""
        body = self.text[unit.start_char:unit.end_char].rstrip(" »”\"')")
        if body.endswith("?"):
            return "question"
        opening = [m for m in self._in("PROMO", unit.start, unit.start + 4) if m.start == unit.start]
        if opening:
            return "promotion"
        if self._sport(unit):
            return "sport"
        return None

    def _sport(self, unit) -> bool:
        para_lo, para_hi = self.paras.start(unit.start_char), self.paras.end(unit.end_char)
        sport = self._by_label.get("SPORT", [])
        hits = sport[bisect_left(self._sport_idx, para_lo):bisect_left(self._sport_idx, para_hi)]
        if any(m.pattern in SPORT_SURE for m in hits):
            return True
        return len({m.pattern for m in hits}) >= 2 and any(unit.start <= m.start < unit.end for m in hits)

    def reason(self, unit, trig: Match) -> str | None:
        """A reason the trigger at `trig` reports no event, None when it may report one."""
        lo, hi = unit.start, unit.end
        if any(m.end <= trig.start for m in self._in("EMBEDDED_Q", lo, hi)):
            return "question"
        if any(0 <= trig.start - m.end <= METAPHOR_WINDOW for m in self._in("METAPHOR", lo, hi)):
            return "metaphor"
        tok = self.doc[trig.start]
        verbal = self.tagged and tok.pos_ in ("VERB", "AUX")
        if not verbal and any(m.end <= trig.start for m in self._in("CHAR", lo, hi)):
            return "characterisation"
        if any(0 <= m.start - trig.end <= FUTURE_WINDOW for m in self._in("FUTURE", lo, hi)):
            return "plan"
        if self.parsed:
            return "state" if _state(tok) else self._parsed_plan(tok)
        if any(0 <= trig.start - m.end <= PLAN_WINDOW for m in self._in("PLAN", lo, hi)):
            return "plan"
        return None

    @staticmethod
    def _parsed_plan(tok: Token) -> str | None:
        """en/fr: a trigger verb with a future or conditional (will attack, attaquerait, va
        attaquer), or one governed by a verb of intent (plans to attack, pour empêcher de telles
        intrusions, prête à discuter)."""
        if tok.pos_ in ("VERB", "AUX"):
            if any(c.dep_.startswith("aux") and c.lower_ in MODALS for c in tok.children):
                return "plan"
            if {"Fut", "Cnd"} & set(tok.morph.get("Tense", []) + tok.morph.get("Mood", [])):
                return "plan"
        if any(c.dep_ == "amod" and c.lemma_.casefold() in HYPOTHETICAL for c in tok.children):
            return "plan"
        # the verb the trigger belongs to, then the verbs that verb completes ("plans to launch an
        # offensive", "pour empêcher de telles intrusions", "prête à discuter")
        cur, hops = tok, 0
        while hops < 4 and cur.head is not cur:
            head = cur.head
            if head.lemma_.casefold() in PLAN_VERBS and cur.dep_ in PLAN_DEPS:
                return "plan"
            if head.pos_ in ("VERB", "AUX"):
                # "will launch an offensive" (a verb that only carries the event), "will try to attack"
                carrier = cur.dep_ == "xcomp" or (cur.dep_ in ("obj", "dobj") and head.lemma_.casefold() in LIGHT_VERBS)
                if carrier and any(c.dep_.startswith("aux") and c.lower_ in MODALS for c in head.children):
                    return "plan"
                if not carrier:
                    break
            cur, hops = head, hops + 1
        return None


def _state(tok: Token) -> bool:
    """A trigger noun that says where someone stands, not what happened: the predicate of a copula
    with a preposition ("les Russes sont sur la défensive", "the army is on the offensive",
    "at war")."""
    if tok.pos_ in ("VERB", "AUX"):
        return False
    # "under attack", "sous le feu": the happening itself, going on
    case = [c for c in tok.children if c.dep_ == "case"]
    if any(c.dep_ == "cop" for c in tok.children) and case:     # UD (fr): défensive <-cop- sont, <-case- sur
        return case[0].lower_ not in ONGOING_PREPS
    prep = tok.head                                  # spaCy en: are -prep-> on -pobj-> defensive
    return (tok.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.lemma_ == "be"
            and prep.lower_ not in ONGOING_PREPS
            and not any(c.dep_ in ("dobj", "attr", "acomp") for c in prep.head.children))
