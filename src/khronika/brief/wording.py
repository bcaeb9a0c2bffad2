"""The brief's sentences, French and English: fixed templates filled with names from names.py and
facts from collect.py. Nothing here reads a source sentence except to pick a weapon word.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .collect import Happening, Statement
from .names import Namer, de

HEADINGS = {
    "fr": {"front": "Sur le front", "strikes": "Frappes", "diplomacy": "Diplomatie et visites",
           "statements": "Déclarations", "episodes": "Émissions"},
    "en": {"front": "Front line", "strikes": "Strikes", "diplomacy": "Diplomacy and visits",
           "statements": "Statements", "episodes": "Programmes"},
}
TITLE = {"fr": "Jour {n} de résistance : {what}", "en": "Day {n} of the full-scale war: {what}"}
QUIET = {"fr": "ce que rapportent les sources du jour", "en": "what the day's sources report"}

# A weapon word in any of the four languages, in any report of a strike.
WEAPONS = [
    ("missile", re.compile(r"missile|ракет|s-300|с-300|iskander|іскандер|искандер|kh-\d|х-\d|kalibr|калібр|калибр", re.I)),
    ("drone", re.compile(r"drone|дрон|бпла|shahed|шахед|безпілот|беспилот", re.I)),
    ("air", re.compile(r"aérien|air strike|airstrike|авіаці|авиаци|bombe guidée|guided bomb|кАБ|КАБ", re.I)),
    ("shelling", re.compile(r"artill|obus|shell|bombard|обстріл|обстрел|снаряд|mortier|mortar|міномет|миномет", re.I)),
]
STRIKE = {
    "fr": {"missile": ("Frappe de missiles{side} sur {place}", "frappe de missiles sur {place}", "s"),
           "drone": ("Attaque de drones{side} sur {place}", "attaque de drones sur {place}", "s"),
           "air": ("Frappe aérienne{side} sur {place}", "frappe aérienne sur {place}", ""),
           "shelling": ("Bombardements{side} sur {place}", "bombardements sur {place}", "s"),
           None: ("Frappe{side} sur {place}", "frappe sur {place}", "")},
    "en": {"missile": ("{side}missile strike on {place}", "missile strike on {place}", ""),
           "drone": ("{side}drone attack on {place}", "drone attack on {place}", ""),
           "air": ("{side}air strike on {place}", "air strike on {place}", ""),
           "shelling": ("{side}shelling of {place}", "shelling of {place}", ""),
           None: ("{side}strike on {place}", "strike on {place}", "")},
}
SIDE = {("fr", ""): {"RU": " russe", "UA": " ukrainienne"}, ("fr", "s"): {"RU": " russes", "UA": " ukrainiens"},
        ("en", ""): {"RU": "Russian ", "UA": "Ukrainian "}}
FRONT = {
    "fr": {"combat": ("Combats signalés {at}", "combats {at}"),
           "regain": ("Reprise de terrain signalée {near}", "reprise de terrain {near}"),
           "advance": ("Avancée signalée {near}", "avancée {near}"),
           "withdraw": ("Retrait annoncé{of} {from_}", "retrait{of} {from_}"),
           "intercept": ("Interceptions signalées {at}", "interceptions {at}")},
    "en": {"combat": ("Fighting reported {at}", "fighting {at}"),
           "regain": ("Ground regained {near}", "ground regained {near}"),
           "advance": ("Advance reported {near}", "advance {near}"),
           "withdraw": ("Withdrawal{of} {from_} announced", "withdrawal{of} {from_}"),
           "intercept": ("Interceptions reported {at}", "interceptions {at}")},
}


def _contract_fr(s: str) -> str:
    return (s.replace(" de le ", " du ").replace(" de les ", " des ").replace(" à le ", " au ")
            .replace(" à les ", " aux ").replace(" de l’", " de l’"))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def weapon(h: Happening) -> str | None:
    found: Counter[str] = Counter()
    for r in h.reports:
        words = " ".join(filter(None, [r.event["evidence"]["text"], (r.event.get("trigger") or {}).get("text")]))
        for name, rx in WEAPONS:
            if rx.search(words):
                found[name] += 1
                break
    if (h.reports and any(((r.event.get("plover") or {}).get("mode") == "drone") for r in h.reports)):
        found["drone"] += 1
    return min(found, key=lambda w: (-found[w], [n for n, _ in WEAPONS].index(w))) if found else None


class Writer:
    """Sentences for one brief in one language."""

    def __init__(self, namer: Namer, day: str, outlets: dict[str, str]):
        self.n = namer
        self.lang = namer.lang
        self.day = day              # the brief's date, ISO
        self.outlets = outlets      # document id -> outlet label

    # -- shared pieces ---------------------------------------------------------------------
    def according(self, who: str | None, h: Happening | None = None) -> str:
        if not who:
            return ""
        who = self.n.canonical(who)
        if self.n.unnamed(who):
            # An organisation the knowledge base does not know, named only in another script and
            # grammatical case ("обласної військової адміністрації"): its transliteration would
            # mislead, so the claim is attributed to the source quoting it.
            outlets = sorted({self.outlets.get(r.doc, r.doc) for r in h.reports}) if h else []
            by = self.n.join(outlets) if outlets else ""
            if self.lang == "fr":
                return f", selon une source citée par {by}" if by else ", selon une source citée"
            return f", according to a source quoted by {by}" if by else ", according to a source"
        name = self.n.with_article(who) if self.n.type_of(who) != "PERSON" else self.n.name(who)
        return f", selon {name}" if self.lang == "fr" else f", according to {name}"

    def place_phrase(self, place: str) -> str:
        """"Koupiansk (région de Kharkiv)" / "Kupiansk (Kharkiv Oblast)"."""
        name, area = self.n.the_place(place), self.n.area(place)
        return f"{name} ({area})" if area and area != self.n.name(place) else name

    def when(self, h: Happening) -> str:
        if h.date and h.date < self.day:
            return " la veille" if self.lang == "fr" else " the day before"
        return ""

    def actors_phrase(self, h: Happening, *, skip_states: bool = True) -> list[str]:
        out = []
        for a in h.actors():
            # Who fights or withdraws is an armed force; a person or an office named in the
            # sentence is not (the extractor's actors include both).
            if self.n.type_of(a) != "UNIT":
                continue
            out.append(self.n.with_article(a))
        return out[:3]

    def side(self, h: Happening) -> str | None:
        """Who struck: the other side's forces named among the actors of a strike on one side."""
        sides = {s for s in (self.n.side(a) for a in h.actors()) if s}
        where = (self.n.entities.get(h.place or "") or {}).get("country")
        enemy = {"UA": "RU", "RU": "UA"}.get(where or "")
        return enemy if enemy in sides else None

    # -- strikes ---------------------------------------------------------------------------
    def toll(self, h: Happening) -> str:
        """Casualty figures side by side, each with whose figure it is and where it was reported;
        never averaged. A report giving only the dead is not a different figure from one giving the
        same dead and the injured, so it is not listed on its own."""
        figs: dict[tuple[int, int], tuple[list[str], list[str]]] = {}
        for r, (f, claimant) in ((rep, fc) for rep in h.reports for fc in rep.figure_claims()):
            key = (int(f.get("killed") or 0), int(f.get("injured") or 0))
            who, where = figs.setdefault(key, ([], []))
            if claimant:
                name = self.n.name(self.n.canonical(claimant))
                if name not in who:
                    who.append(name)
            label = self.outlets.get(r.doc, r.doc)
            if label not in where:
                where.append(label)
        keys = [k for k in figs if not any(o != k and o[0] == k[0] and k[1] == 0 for o in figs)]
        if not keys:
            return ""
        by = "selon" if self.lang == "fr" else "according to"
        parts = []
        for key in sorted(keys, key=lambda k: (-k[0], -k[1])):
            who, where = figs[key]
            source = f"{self.n.join(who)} ({', '.join(where)})" if who else ", ".join(where)
            parts.append(f"{self._figures(*key)} {by} {source}")
        if self.lang == "fr":
            return " ; bilan : " + " ; ".join(parts)
        return "; toll: " + "; ".join(parts)

    def _figures(self, killed: int | None, injured: int | None) -> str:
        words = []
        if self.lang == "fr":
            if killed:
                words.append(f"{killed} mort{'s' if killed > 1 else ''}")
            if injured:
                words.append(f"{injured} blessé{'s' if injured > 1 else ''}")
            return " et ".join(words)
        if killed:
            words.append(f"{killed} killed")
        if injured:
            words.append(f"{injured} injured")
        return " and ".join(words)

    def strike(self, h: Happening) -> str:
        assert h.place
        if h.kind == "intercept":
            return self.front(h)
        w = weapon(h)
        full, _, plural = STRIKE[self.lang][w]
        side = SIDE[(self.lang, plural)].get(self.side(h) or "", "")
        text = full.format(side=side, place=self.place_phrase(h.place))
        text = _cap(text) + self.when(h)
        claim = self.according(h.claimant(), h)
        return f"{text}{claim}{self.toll(h)}."

    # -- front line ------------------------------------------------------------------------
    def _front_parts(self, h: Happening) -> dict[str, str]:
        assert h.place
        name, at, fr = self.n.name(h.place), self.n.at(h.place), self.lang == "fr"
        actors = self.actors_phrase(h)
        of = ""
        if h.kind in ("withdraw", "advance") and actors:
            of = " " + de(self.n.join(actors)) if fr else " of " + self.n.join(actors)
        if name.startswith("région") or self.n.type_of(h.place) != "PLACE":
            near = at
        else:
            near = ("près " + de(name)) if fr else f"near {name}"
        from_ = de(self.n.the_place(h.place)) if fr else f"from {name}"
        return {"at": at, "near": near, "of": of, "from_": from_}

    def front(self, h: Happening) -> str:
        assert h.place
        text = FRONT[self.lang][h.kind][0].format(**self._front_parts(h))
        name = self.n.name(h.place)
        area = self.n.area(h.place)
        if area and area != name:
            sep = " : " if self.lang == "fr" else ": "
            text = f"{_cap(area)}{sep}{text[:1].lower()}{text[1:]}"
        text += self.when(h)
        actors = self.actors_phrase(h)
        if h.kind == "combat" and actors:
            text += (", impliquant " if self.lang == "fr" else ", involving ") + self.n.join(actors)
        return f"{_cap(text)}{self.according(h.claimant(), h)}."

    # -- diplomacy -------------------------------------------------------------------------
    def parties(self, h: Happening) -> list[str]:
        """People first, then states and known institutions: who met, called, agreed."""
        people, others = [], []
        for a in h.actors():
            a = self.n.canonical(a)
            kind = self.n.type_of(a)
            if kind == "PERSON" and a not in people:
                people.append(a)
            elif (a.startswith("kb:") or (a.startswith("iso:") and len(a) == 6)) and a not in others:
                others.append(a)
        return people + others

    def diplomacy(self, h: Happening) -> str:
        actors = self.parties(h)
        names = [self.n.with_article(a) for a in actors[:4]]
        who = self.n.join(names)
        where = ""
        if h.place and h.place not in actors:
            where = " " + self.n.at(h.place)
        fr = self.lang == "fr"
        if h.kind == "visit":
            plural = len(names) > 1
            fem = not plural and actors and self.n.feminine(actors[0])
            verb = ("se sont rendus" if plural else "s’est rendue" if fem else "s’est rendu") if fr else "visited"
            target = self.n.at(h.place) if fr and h.place else (self.n.name(h.place) if h.place else "")
            text = f"{who} {verb} {target}".rstrip() if target else (
                f"Visite de {who}" if fr else f"Visit by {who}")
        elif h.kind == "call":
            text = (f"Entretien téléphonique entre {who}" if len(names) > 1 else f"Entretien téléphonique de {who}") \
                if fr else (f"Phone call between {who}" if len(names) > 1 else f"Phone call by {who}")
        elif h.kind == "agree":
            text = (f"Accord conclu entre {who}{where}" if len(names) > 1 else f"Accord conclu par {who}{where}") \
                if fr else (f"Agreement between {who}{where}" if len(names) > 1 else f"Agreement by {who}{where}")
        else:
            text = (f"Rencontre entre {who}{where}" if len(names) > 1 else f"Rencontre de {who}{where}") \
                if fr else (f"Meeting between {who}{where}" if len(names) > 1 else f"Meeting of {who}{where}")
        if fr:
            text = _contract_fr(" " + text).strip()
        return f"{_cap(text)}{self.when(h)}{self.according(h.claimant(), h)}."

    # -- statements ------------------------------------------------------------------------
    def statement(self, s: Statement, docs: dict[str, dict[str, Any]]) -> str:
        who = _cap(self.n.speaker(s.speaker))
        fr = self.lang == "fr"
        excerpt = self._excerpt(s, docs)
        if excerpt:
            if fr:
                return f"{who} {'ont' if who.startswith('Les ') else 'a'} déclaré : « {excerpt} »."
            return f"{who} said: “{excerpt}”."
        topics = self._topics(s, docs)
        if fr:
            plural = who.startswith("Les ")
            fem = self.n.feminine(s.speaker) or (plural and who.split()[1].casefold() in ("forces", "troupes", "autorités"))
            verb = ("se sont exprimé" if plural else "s’est exprimé") + ("e" if fem else "") + ("s" if plural else "")
            tail = f" sur {self.n.join(topics)}" if topics else ""
            return f"{who} {verb}{tail}."
        tail = f" about {self.n.join(topics)}" if topics else ""
        n = len(s.quotes)
        return f"{who} spoke{tail}." if topics else f"{who} made {'a statement' if n == 1 else f'{n} statements'}."

    def _excerpt(self, s: Statement, docs: dict[str, dict[str, Any]], limit: int = 180) -> str | None:
        """The speaker's own words (a direct quote) when a document in the brief's language has them."""
        for kind in ("direct", "mixed"):
            for doc_id, _, q in s.quotes:
                if q["kind"] != kind or docs[doc_id]["document"].get("language") != self.lang:
                    continue
                words = re.sub(r"\s+", " ", q["content"]).strip().strip("«»“”\"„ ")
                if kind == "mixed" or len(words) < 12:
                    continue
                if len(words) > limit:
                    words = words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
                return words
        return None

    def _topics(self, s: Statement, docs: dict[str, dict[str, Any]]) -> list[str]:
        seen: Counter[str] = Counter()
        for doc_id, _, q in s.quotes:
            for ent in docs[doc_id]["entities"]:
                if ent["id"] == s.speaker or ent["type"] not in ("PLACE", "ORG", "UNIT", "PERSON"):
                    continue
                if ent["type"] == "PLACE" and not ent.get("geo"):
                    continue
                if any(q["content_start"] <= m["start"] and m["end"] <= q["content_end"] for m in ent["mentions"]):
                    seen[ent["id"]] += 1
        ids = [e for e, _ in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))][:3]
        return [self.n.the_place(e) if self.n.type_of(e) == "PLACE" else self.n.with_article(e) for e in ids]

    # -- episodes --------------------------------------------------------------------------
    def episode(self, ep: dict[str, Any], doc_lang: str | None) -> str:
        fr = self.lang == "fr"
        number = f" nº {ep['number']}" if fr else f" No. {ep['number']}"
        head = f"{ep['show']}{number}"
        if ep.get("title"):
            head += f" : « {ep['title']} »" if fr else f": “{ep['title']}”"
        guests = []
        for g in ep.get("guests") or []:
            name = self.n.name(g["entity"]) if g.get("entity") and g["entity"].startswith("kb:") else g["name"]
            role = g.get("role") if doc_lang == self.lang else None
            guests.append(f"{name} ({role})" if role else name)
        if guests:
            head += (", avec " if fr else ", with ") + self.n.join(guests)
        return head + "."

    # -- headline phrases for the title ----------------------------------------------------
    def headline(self, h: Happening) -> str:
        if h.section == "strikes" and h.kind != "intercept" and h.place:
            return STRIKE[self.lang][weapon(h)][1].format(place=self.n.the_place(h.place))
        if h.section == "front" and h.place:
            return FRONT[self.lang][h.kind][1].format(**self._front_parts(h))
        text = self.diplomacy(h).rstrip(".")
        return text[:1].lower() + text[1:]
