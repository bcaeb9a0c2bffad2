"""Words that are also place names but, written in news, name people or things: given names,
titles before a name, capitalised common words. The geocoder's guards and matcher read them
(:mod:`khronika.nlp.geoguards`, :mod:`khronika.nlp.geomatch`); the index builder does not.
"""
from __future__ import annotations

__all__ = ["GIVEN_NAMES", "PERSON_TITLES", "COMMON_WORDS"]

# Given names that are also place names: followed by a capitalised word or preceded by a
# title they are a person, never a place.
GIVEN_NAMES = {
    "volodymyr", "vladimir", "natalia", "natalya", "nataliia", "olena", "ivan", "mykola", "sofia",
    "sophia", "victoria", "viktoria", "maria", "mariia", "anna", "olga", "olha", "vera", "nadia",
    "iryna", "irina", "yuriy", "yuri", "petro", "pavlo", "andriy", "andrii", "vasyl", "oleksandr",
    "oleksandra", "aleksandr", "alexander", "alexandra", "alexandria", "dmitri", "dmitry", "dmytro",
    "jordan", "florence", "austin", "paris", "chelsea", "lincoln", "madison", "jackson", "sydney",
    "regina", "adelaide", "augusta", "eugene", "marion", "charlotte", "elizabeth", "lyman",
    "dallas", "houston", "denver", "clinton", "kennedy", "mercedes", "valencia", "lorraine", "savannah", "camden", "lima", "santiago", "sebastian",
    "victor", "viktor", "bogdan", "bohdan", "roman", "taras", "stepan", "kyrylo", "luka",
    "marina", "oksana", "tetiana", "tatiana", "ludmila", "lyudmila", "liudmyla", "halyna", "galina",
    "volodymyra", "zhanna", "kira", "lesya", "larysa", "larisa", "yulia", "yuliia", "svetlana",
    "svitlana", "sergiy", "serhii", "sergei", "sergey", "mikhail", "mykhailo", "andrei", "andrey",
    "nikolai", "nikolay", "oleg", "oleh", "igor", "ihor", "vadim", "vadym", "anton", "artem", "artyom",
    "denys", "denis", "maksym", "maxim", "kostiantyn", "konstantin", "evgeny", "yevhen", "yevgeny",
    "valeriy", "valery", "vitaliy", "vitaly", "ruslan", "hanna", "ganna", "daria", "dariya",
    "владимир", "володимир", "наталія", "наталья", "олена", "иван", "іван", "софия", "софія", "мария",
    "марія", "анна", "ольга", "віра", "вера", "надія", "надежда", "ірина", "ирина",
    "олександр", "александр", "дмитро", "дмитрий", "богдан", "роман", "тарас", "степан",
}

PERSON_TITLES = {
    "president", "président", "presidente", "mr", "mrs", "ms", "dr", "m", "mme", "mlle", "general",
    "général", "gen", "minister", "ministre", "premier", "pm", "sen", "senator", "sénateur", "rep",
    "gov", "governor", "gouverneur", "mayor", "maire", "colonel", "col", "capt",
    "captain", "sgt", "prince", "king", "queen", "roi", "reine", "pope", "pape", "father", "père",
    "президент", "міністр", "министр", "генерал", "пан", "пані", "господин", "госпожа",
}

# Capitalised words of news English/French that are also names of (small) places.
COMMON_WORDS = {
    "olympic", "central", "western", "eastern", "northern", "southern", "public", "business", "green", "rose",
    "metro", "middle", "union", "liberty", "independence", "victory", "hope", "unity", "justice", "commerce",
    "enterprise", "industry", "progress", "friendship", "harmony", "paradise", "golden", "royal", "national",
    "general", "federal", "capital", "republic", "democratic", "republican", "democrat", "democrats",
    "republicans", "liberal", "conservative", "labor", "labour", "christian", "catholic", "muslim", "islamic",
    "orthodox", "baptist", "methodist", "holiday", "summit", "center", "centre", "college", "university",
    "park", "lake", "river", "valley", "mountain", "beach", "bay", "harbor", "harbour", "port", "plaza", "mall",
    "station", "airport", "bridge", "tower", "square", "gate", "hall", "house", "court", "church", "temple",
    "cross", "star", "sun", "moon", "oak", "pine", "maple", "cedar", "elm", "rock", "stone", "hill", "wood",
    "woods", "forest", "spring", "springs", "falls", "grove", "garden", "gardens", "field", "fields", "faith",
    "grace", "joy", "glory", "ok", "okay", "mission", "reform", "freedom", "patriot", "pioneer", "frontier",
    "empire", "crown", "king", "queen", "prince", "princess", "bishop", "deputy", "sheriff", "marshal",
    "governor", "senator", "mayor", "chief", "captain", "major", "colonel", "sergeant", "corporal", "private",
    "admiral", "commander", "doctor", "professor", "coach", "judge", "officer", "agent", "director",
    "manager", "president", "minister", "chairman", "secretary", "ambassador", "council", "senate",
    "congress", "parliament", "assembly", "police", "army", "navy", "guard", "force", "forces",
    "media", "press", "news", "post", "times", "today", "tribune", "herald", "gazette", "journal", "radio",
    "television", "internet", "online", "web", "network", "net", "google", "apple", "amazon", "ford",
    "toyota", "honda", "boeing", "airbus", "reuters", "bloomberg", "fox", "cnn", "bbc", "abc", "nbc", "cbs",
    "ap", "afp", "tass", "ria", "interfax", "ukrinform", "unian", "isw", "nato", "otan", "un", "onu", "eu",
    "ue", "fsb", "sbu", "gru", "kgb", "cia", "fbi", "mod", "idf", "hamas", "hezbollah", "taliban", "wagner",
    "azov", "légion", "legion", "corps", "brigade", "battalion", "regiment", "division", "unit", "group",
    "war", "guerre", "front", "offensive", "opération", "operation", "day", "jour", "night", "nuit", "week",
    "semaine", "month", "mois", "year", "année", "christmas", "noël", "easter", "pâques", "jewish", "arab",
    "arabic", "sunni", "shia", "shiite", "kurdish", "white", "black", "red", "blue", "yellow", "orange",
    "brown", "gray", "grey", "silver", "gold", "diamond", "pearl", "crystal", "energy", "power", "security",
    "defense", "defence", "intelligence", "health", "education", "science", "research", "development",
    "trade", "market", "bank", "fund", "trust", "foundation", "institute", "society", "club", "team",
    "league", "cup", "championship", "olympics", "games", "festival", "fair", "show", "museum", "library",
    "hospital", "clinic", "school", "academy", "stadium", "arena", "theater", "theatre", "cinema", "hotel",
    "restaurant", "cafe", "bar", "shop", "store", "company", "corporation", "inc", "ltd", "co", "llc",
    "grand", "great", "little", "big", "new", "old", "high", "low", "long", "short", "young", "early", "late",
    "i’ve", "i've", "i'm", "i’m", "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "lt",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "bush", "obama", "trump",
    "biden", "putin", "zelensky", "zelenskyi", "macron", "merkel", "scholz", "sarkozy", "hollande",
}
