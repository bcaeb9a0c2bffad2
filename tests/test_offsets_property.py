"""Property test (issue 14): for generated texts, short or long, of news fragments or of one
sentence repeated, analysed whole or in pieces, every mention, quote, event and section quotes its
text at its offsets (`text[start:end] == ...`) and the object validates against the JSON Schema
(contract.schema_errors checks both). Small piece sizes make short texts go through the cutting
and joining that long documents go through."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from khronika import contract
from khronika.ingest import SourceDocument
from khronika.nlp import pieces
from khronika.nlp.analyze import Analyzer

SENTENCES = {
    "fr": ["Dmitri Peskov, porte-parole du Kremlin, a déclaré : « La situation à Bakhmout est sous contrôle. » ",
           "Des frappes de missiles ont touché Kharkiv dans la nuit du 23 mai, selon le gouverneur Oleh Synehoubov. ",
           "Jour 455.\n\n", "M. Zelensky s’est rendu à Kyiv mardi, a-t-il indiqué.\n"],
    "en": ["Kremlin spokesman Dmitry Peskov said on Tuesday that Russian forces shelled Bakhmut again. ",
           "\"We will not give up,\" Zelensky told reporters in Kyiv. ", "Day 460.\n\n",
           "According to the ISW, the Wagner Group claimed new gains near Bakhmut.\n"],
    "uk": ["Песков заявив, що «переговорів не буде», а 23 травня російські війська обстріляли Харків. ",
           "Тривають бої за Бахмут, повідомив Генштаб ЗСУ. ", "День 470.\n\n",
           "«Ми не здамося», — наголосив Зеленський у Києві.\n"],
}
ODD = st.sampled_from(["\r\n", "\t", "\u00a0", "\u200b", "e\u0301", "👍🏽", "«", "»", "\"", "’", "—", "\n\n", "\ufeff"])
SIZES = (700, 3_000, pieces.PIECE_CHARS)


@st.composite
def texts(draw: st.DrawFn, lang: str) -> str:
    if draw(st.booleans()):
        # one sentence repeated: the shape that made the analysis quadratic
        return draw(st.sampled_from(SENTENCES[lang])) * draw(st.integers(1, 120))
    parts = draw(st.lists(st.sampled_from(SENTENCES[lang]) | ODD, min_size=1, max_size=40))
    return "".join(parts) if "".join(parts).strip() else SENTENCES[lang][0]


@pytest.fixture(scope="module")
def analyzers(analyzer) -> dict[int, Analyzer]:
    """Analyzers cutting at several piece sizes, sharing the session's loaded pipelines."""
    return {size: Analyzer(piece_chars=size, _pipelines=analyzer._pipelines) for size in SIZES}


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_every_offset_quotes_its_text_whole_or_in_pieces(analyzers: dict[int, Analyzer], lang: str) -> None:
    @settings(max_examples=8, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(text=texts(lang), size=st.sampled_from(SIZES))
    @example(text=SENTENCES[lang][0] * (40_000 // len(SENTENCES[lang][0])), size=pieces.PIECE_CHARS)
    def run(text: str, size: int) -> None:
        doc: dict[str, Any] = analyzers[size].analyze(SourceDocument(text=text, origin="<gen>", language=lang))
        assert "error" not in doc, doc.get("error")
        assert doc["text"] == text
        assert contract.schema_errors(doc) == []
        ids = [e["id"] for e in doc["entities"]]
        assert len(ids) == len(set(ids))            # pieces' entities joined by id
        assert all(q.get("linked") is None or 0 <= q["linked"] < len(doc["quotes"]) for q in doc["quotes"])

    run()
