"""Property test of the analysis (hypothesis): for any text made of news-like fragments in the four
languages, mixed with odd characters, the analysis gives a contract object that validates against
the schema, and every mention, quote and event quotes the exact characters its offsets point to
(`text[start:end] == ...`: contract.schema_errors checks both). Few examples: each one runs spaCy.
"""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from khronika import contract

FRAGMENTS = {
    "fr": ["Jour 455. ", "Dmitri Peskov, porte-parole du Kremlin, a déclaré : « La situation à Bakhmout est sous "
           "contrôle. » ", "De violents combats ont eu lieu près de Bakhmout la veille. ", "Selon l’ISW, ",
           "Des frappes de missiles ont touché Kharkiv dans la nuit du 23 mai. ", "M. Zelensky s’est rendu à Kyiv. "],
    "en": ["Day 460. ", "Kremlin spokesman Dmitry Peskov said that peace talks were \"not on the agenda\". ",
           "Russian forces shelled Bakhmut again on Tuesday, ", "and the Wagner Group claimed new gains. ",
           "\"We will not give up,\" Zelensky told reporters in Kyiv. "],
    "uk": ["День 470. ", "Песков заявив, що «переговорів не буде». ", "Тривають бої за Бахмут. ",
           "23 травня російські війська обстріляли Харків. "],
    "ru": ["День 470. ", "Песков заявил, что «переговоров не будет». ", "Продолжаются бои за Бахмут. ",
           "23 мая российские войска обстреляли Харьков. "],
}
ODD = st.sampled_from(["\r\n", "\t", "  ", "\u00a0", "\u200b", "\u2028", "é", "e\u0301", "👍🏽", "﷽", "\u202e",
                       "«", "»", "“", "”", "\"", "'", "’", "—", "…", "\n\n", "Ⅻ", "ß", "İ", "ﬁ", "\ufeff"])


@st.composite
def texts(draw: st.DrawFn, lang: str) -> str:
    parts = draw(st.lists(st.sampled_from(FRAGMENTS[lang]) | ODD | st.text(max_size=12), min_size=1, max_size=14))
    text = "".join(parts)
    return text if text.strip() else FRAGMENTS[lang][0]


def _check(doc: dict[str, Any]) -> None:
    assert "error" not in doc, doc.get("error")
    assert contract.schema_errors(doc) == []


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(FRAGMENTS))
def test_any_text_gives_a_valid_contract_object(analyze_text: Any, lang: str) -> None:
    @settings(max_examples=12, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(text=texts(lang))
    @example(text="".join(FRAGMENTS[lang]))
    def run(text: str) -> None:
        _check(analyze_text(text, language=lang))

    run()
