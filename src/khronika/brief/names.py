"""Names in the brief's language: the knowledge base's spelling for its actors (Dmitri Peskov /
Dmitry Peskov), French exonyms for places (Bakhmout, Koupiansk, région de Donetsk), and what the
store's own French documents call a place when the table has no entry. Articles and roles too:
"l'état-major général", "le porte-parole du Kremlin, Dmitri Peskov", "the Kremlin".
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from functools import lru_cache

from khronika.kb.actors import Actor, load_kb
from khronika.nlp.names import skeleton, to_latin

# Places whose French name is not the English one. Kept to the war's recurring places and the
# capitals: the store's French documents fill in the rest (see Namer.place).
FR_PLACES = {
    "Bakhmut": "Bakhmout", "Kupiansk": "Koupiansk", "Zaporizhzhia": "Zaporijjia", "Avdiivka": "Avdiïvka",
    "Vuhledar": "Vouhledar", "Marinka": "Marïnka", "Maryinka": "Marïnka", "Odesa": "Odessa", "Moscow": "Moscou",
    "Luhansk": "Louhansk", "Mykolaiv": "Mykolaïv", "Huliaipole": "Houliaïpole", "Chasiv Yar": "Tchassiv Iar",
    "Kramatorsk": "Kramatorsk", "Sloviansk": "Sloviansk", "Chernihiv": "Tchernihiv", "Sumy": "Soumy",
    "Cherkasy": "Tcherkassy", "Chernivtsi": "Tchernivtsi", "Zhytomyr": "Jytomyr", "Shebekino": "Chebekino",
    "Grayvoron": "Graïvoron", "Dvorichna": "Dvoritchna", "Nova Kakhovka": "Nova Kakhovka", "Beijing": "Pékin",
    "Warsaw": "Varsovie", "London": "Londres", "Brussels": "Bruxelles", "Vilnius": "Vilnius", "Geneva": "Genève",
    "Russia": "Russie", "Ukraine": "Ukraine", "Belarus": "Biélorussie", "Crimea": "Crimée", "Poland": "Pologne",
    "Germany": "Allemagne", "United States": "États-Unis", "United Kingdom": "Royaume-Uni", "China": "Chine",
    "Japan": "Japon", "Turkey": "Turquie", "Türkiye": "Turquie", "Moldova": "Moldavie", "Netherlands": "Pays-Bas",
    "Denmark": "Danemark", "Iran": "Iran", "Black Sea": "mer Noire", "Dnipro": "Dnipro", "Kyiv": "Kyiv",
    "Kharkiv": "Kharkiv", "Kherson": "Kherson", "Lviv": "Lviv", "Donetsk": "Donetsk", "Belgorod": "Belgorod",
    "Kursk": "Koursk", "Bryansk": "Briansk", "Hiroshima": "Hiroshima", "Soledar": "Soledar", "Lyman": "Lyman",
    "Kreminna": "Kreminna", "Orikhiv": "Orikhiv", "Dniprovskyi": "Dniprovsky", "Kyslivka": "Kyslivka",
}
# French countries and regions take an article after "à"/"en"/"dans": "en Russie", "au Japon".
FR_COUNTRY_IN = {"Russie": "en Russie", "Ukraine": "en Ukraine", "Biélorussie": "en Biélorussie",
                 "Crimée": "en Crimée", "Pologne": "en Pologne", "Allemagne": "en Allemagne",
                 "États-Unis": "aux États-Unis", "Royaume-Uni": "au Royaume-Uni", "Chine": "en Chine",
                 "Japon": "au Japon", "Turquie": "en Turquie", "Moldavie": "en Moldavie", "Pays-Bas": "aux Pays-Bas",
                 "Danemark": "au Danemark", "Iran": "en Iran", "France": "en France", "mer Noire": "en mer Noire"}
FR_FEMININE = {"armée", "légion", "agence", "administration", "direction", "garde", "commission", "organisation",
               "union", "marine", "flotte", "assemblée", "cour", "police", "présidence", "douane", "brigade",
               "division", "défense", "délégation", "mission", "banque", "compagnie", "procurature", "rada",
               "otan", "onu", "ue", "aiea", "chambre", "région", "république", "fédération", "coalition",
               "douma", "verkhovna", "maison", "infanterie", "initiative", "opération", "formule"}
# Capitalised names that are common nouns and take an article ("le Kremlin", "l’Institut ...");
# other capitalised names are proper names without one (Gazprom, Ukrenergo, Amnesty International).
FR_TITLED = {"agence", "assemblée", "banque", "bataillon", "bureau", "cabinet", "centre", "comité", "commission",
             "congrès", "conseil", "corps", "cour", "douma", "fonds", "g7", "gru", "garde", "groupe", "haut-commissariat",
             "institut", "kremlin", "légion", "maison", "otan", "onu", "organisation", "parlement", "police",
             "renseignements", "service", "union", "verkhovna", "élysée", "pentagone", "fsb", "sbu", "isw", "ue",
             "ministère", "état-major", "parquet", "département", "gouvernement", "commandement", "tribunal"}
EN_THE = {"Netherlands", "United States", "United Kingdom", "Philippines", "Czech Republic", "Black Sea",
          "Sea of Azov", "Baltic Sea", "Vatican", "United Arab Emirates", "Dominican Republic", "Crimean Peninsula"}
_PAREN = re.compile(r"\s*\([^)]*\)")
_LATIN_WORD = re.compile(r"^[A-ZÀ-Ýa-zà-ÿ][\w’'\- .ïëéèêâôûç]*$")


_LOOSE = [("tch", "c"), ("ch", "s"), ("sh", "s"), ("zh", "j"), ("kh", "h"), ("g", "h"), (r"[aeiouy]", ""),
          (r"(\w)\1", r"\1")]


@lru_cache(maxsize=4096)
def loose_key(name: str) -> str:
    """A key on which French, English and Ukrainian transliterations of one person's name agree
    (Synehoubov, Syniehubov, Synegoubov; Malachko, Malashko): consonants only, sounds folded."""
    s = skeleton(name)
    for pattern, repl in _LOOSE:
        s = re.sub(pattern, repl, s)
    return s


@lru_cache(maxsize=1)
def _kb_persons() -> dict[str, str]:
    keys: dict[str, set[str]] = {}
    for actor in load_kb():
        if actor.type == "PERSON":
            for n in (actor.name, *actor.names.values()):
                if len(n.split()) >= 2:
                    keys.setdefault(loose_key(n), set()).add(actor.id)
    return {k: next(iter(v)) for k, v in keys.items() if len(v) == 1 and len(k) >= 5}


def _fr_article(name: str, plural: bool = False) -> str:
    first = name.split()[0].casefold().strip("’'")
    if plural or first in {"forces", "troupes", "services", "autorités", "états-unis", "pays-bas"} or (
            first.endswith("s") and len(first) > 4 and first not in {"corps", "pays", "procès", "kremlins"}):
        return "les " + name
    if first[:1] in "aeiouyéèêâîôûh" or first in {"otan", "onu", "aiea", "isw", "ue"}:
        return "l’" + name
    return ("la " if first in FR_FEMININE else "le ") + name


@dataclass
class Namer:
    """Names for one brief. `entities` are stored entity rows by id; `fr_surfaces` maps place ids to
    the spellings the store's French documents use (most frequent first)."""

    lang: str
    entities: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    fr_surfaces: Mapping[str, list[str]] = field(default_factory=dict)
    roles: Mapping[str, list[str]] = field(default_factory=dict)  # roles from documents in `lang`

    def canonical(self, eid: str) -> str:
        """A person the linker left outside the knowledge base, under the KB id when the KB holds a
        transliteration of the same full name (Oleh Synehoubov -> kb:syniehubov)."""
        if eid.startswith("kb:") or self.type_of(eid) != "PERSON":
            return eid
        row = self.entities.get(eid)
        if not row or len(str(row["name"]).split()) < 2:
            return eid
        return _kb_persons().get(loose_key(str(row["name"])), eid)

    def unnamed(self, eid: str) -> bool:
        """An organisation outside the knowledge base whose only name is in Cyrillic."""
        if eid.startswith("kb:") or self.type_of(eid) in ("PERSON", "PLACE"):
            return False
        row = self.entities.get(eid) or {}
        return bool(re.search(r"[\u0400-\u04FF]", str(row.get("name") or "")))

    def actor(self, eid: str) -> Actor | None:
        return load_kb().get(eid) if eid.startswith("kb:") else None

    def type_of(self, eid: str) -> str:
        kb = self.actor(eid)
        if kb:
            return kb.type
        row = self.entities.get(eid)
        if row:
            return str(row["type"])
        return "PLACE" if eid.startswith(("iso:", "gn:", "ua:", "wd:")) else "MISC"

    def name(self, eid: str) -> str:
        """The bare name in the brief's language."""
        kb = self.actor(eid)
        if kb:
            return self._typo(kb.names.get(self.lang) or kb.name)
        if self.type_of(eid) == "PLACE":
            return self.place(eid)
        row = self.entities.get(eid)
        raw = str(row["name"]) if row else eid.split(":", 1)[-1].replace("-", " ").title()
        return to_latin(raw)

    def _typo(self, s: str) -> str:
        return s.replace("'", "’") if self.lang == "fr" else s

    def place(self, eid: str) -> str:
        row = self.entities.get(eid) or {}
        name = str(row.get("name") or eid.split(":", 1)[-1])
        if row.get("feature") == "region" or name.endswith(" Oblast"):
            return self.region(name)
        if self.lang != "fr":
            return to_latin(name)
        if name in FR_PLACES:
            return FR_PLACES[name]
        for surface in self.fr_surfaces.get(eid, []):
            if _LATIN_WORD.match(surface) and surface[:1].isupper() and " " not in surface.strip():
                return surface
        return to_latin(name)

    def region(self, name: str) -> str:
        base = name[:-len(" Oblast")] if name.endswith(" Oblast") else name
        if self.lang != "fr":
            return name
        base_fr = FR_PLACES.get(base, base)
        return f"région d’{base_fr}" if base_fr[:1].casefold() in "aeiouyéè" else f"région de {base_fr}"

    def area(self, eid: str) -> str | None:
        """The region (admin1) a place lies in, in the brief's language; None for countries."""
        row = self.entities.get(eid) or {}
        admin1 = row.get("admin1")
        if not admin1 or row.get("precision") == "country" or admin1 == row.get("name"):
            return None
        if admin1.endswith(" Oblast"):
            return self.region(admin1)
        return self.region(admin1) if self.lang == "fr" and row.get("country") == "UA" else admin1

    def the_place(self, eid: str) -> str:
        """A place as the object of "sur", "entre": "Koupiansk", "la région de Kherson", "la Russie"."""
        name = self.name(eid)
        if self.lang != "fr":
            return f"the {name}" if name in EN_THE else name
        if name.startswith("région"):
            return "la " + name
        prep = FR_COUNTRY_IN.get(name)
        if prep:
            if prep.startswith("aux "):
                return "les " + name
            if prep.startswith("au "):
                return "le " + name
            return ("l’" if name[:1].casefold() in "aeiouyé" else "la ") + name
        return name

    def at(self, eid: str) -> str:
        """"à Bakhmout", "dans la région de Donetsk", "en Russie" / "in Bakhmut"."""
        name = self.name(eid)
        if self.lang != "fr":
            return f"in {name}"
        if name in FR_COUNTRY_IN:
            return FR_COUNTRY_IN[name]
        if name.startswith("région"):
            return f"dans la {name}"
        return f"à {name}"

    def with_article(self, eid: str) -> str:
        """An organisation or unit as a sentence names it: "l’état-major général", "the Kremlin"."""
        name = self.name(eid)
        kind = self.type_of(eid)
        if kind == "PLACE" and self.lang == "fr":
            return self.the_place(eid)
        if kind == "PERSON" or kind == "PLACE":
            return name
        if self.lang == "fr":
            first = name.split()[0]
            if first.islower() or first.casefold() in FR_TITLED:
                return _fr_article(name)
            return name
        if not eid.startswith("kb:") and not name.casefold().startswith("the "):
            return name if name[:1].isupper() and kind == "PERSON" else f"the {name}"
        return name if name.casefold().startswith("the ") or name in {"NATO", "Rosatom", "Gazprom", "Ukrenergo",
                                                                      "Energoatom", "Amnesty International", "UNICEF",
                                                                      "TASS", "Kraken", "Storm-Z"} else f"the {name}"

    def role(self, eid: str) -> str | None:
        kb = self.actor(eid)
        if kb and kb.roles.get(self.lang):
            return self._typo(_PAREN.sub("", kb.roles[self.lang][0]).strip())
        for r in self.roles.get(eid, []):
            if 3 <= len(r) <= 80:
                return r
        return None

    def speaker(self, eid: str) -> str:
        """"le porte-parole du Kremlin, Dmitri Peskov" / "Kremlin spokesman Dmitry Peskov"."""
        if self.type_of(eid) != "PERSON":
            return self.with_article(eid)
        name, role = self.name(eid), self.role(eid)
        if not role:
            return name
        if self.lang == "fr":
            role = re.sub(r"^(le|la|les|l’|l')\s*", "", role, flags=re.I)
            kb = self.actor(eid)
            fem = bool(kb and kb.gender == "f")
            art = "l’" if role[:1].casefold() in "aeiouyéh" else ("la " if fem else "le ")
            return f"{art}{role}, {name},"
        return f"{role[:1].upper()}{role[1:]} {name}"

    def feminine(self, eid: str) -> bool:
        kb = self.actor(eid)
        if kb:
            return kb.gender == "f" or (kb.type != "PERSON" and self.lang == "fr"
                                        and self.with_article(eid).startswith("la "))
        return False

    def side(self, eid: str) -> str | None:
        """The state an actor fights for (ISO code), when known."""
        kb = self.actor(eid)
        if kb:
            return kb.country
        if eid.startswith("iso:") and len(eid) == 6:
            return eid[4:]
        return None

    def join(self, names: list[str]) -> str:
        names = [n for n in names if n]
        if len(names) <= 1:
            return "".join(names)
        last = " et " if self.lang == "fr" else " and "
        return ", ".join(names[:-1]) + last + names[-1]


def de(name: str) -> str:
    """French "de X" with elision and contraction: "d’Avdiïvka", "du groupe Wagner", "de Bakhmout"."""
    if name.startswith("le "):
        return "du " + name[3:]
    if name.startswith("les "):
        return "des " + name[4:]
    if name[:1].casefold() in "aeiouyéèêâîôû" and not name.startswith(("la ", "l’")):
        return "d’" + name
    return "de " + name
