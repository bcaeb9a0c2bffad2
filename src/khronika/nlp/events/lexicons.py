"""One combined trigger lexicon per language (ACLED/CASE labels, PLOVER keys, actor classes)."""
from __future__ import annotations

from functools import cache
from types import ModuleType

from khronika.nlp.events import lex_en, lex_fr, lex_ru, lex_uk
from khronika.nlp.events.lexicon import Lexicon

MODULES: dict[str, ModuleType] = {"en": lex_en, "fr": lex_fr, "uk": lex_uk, "ru": lex_ru}
IGNORED = "_"   # patterns that only exist to hide a shorter trigger ("s'arrêter" is not an arrest)


def trigger_table(lang: str) -> dict[str, list[str]]:
    """{label: patterns} of `lang` (ACLED triggers, PLOVER triggers, actor classes together);
    languages without a lexicon read with the English triggers."""
    mod = MODULES.get(lang, lex_en)
    table: dict[str, list[str]] = {}
    for part in ("ACLED_TRIGGERS", "PLOVER_TRIGGERS", "ACTOR_CLASSES"):
        for label, patterns in getattr(mod, part, {}).items():
            table.setdefault(label, []).extend(patterns)
    return table


@cache
def lexicon(lang: str) -> Lexicon:
    """The lexicon of `lang`."""
    return Lexicon(trigger_table(lang))
