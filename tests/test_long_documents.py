"""Long documents are analysed in pieces (nlp/pieces.py, issue 14): bounded work per piece, and
the joined result quotes its text at every offset as if the text had been analysed whole."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khronika import contract
from khronika.ingest import SourceDocument
from khronika.nlp import pieces
from khronika.nlp.analyze import Analyzer

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "khronika" / "samples"
LAST = "On Friday, Volodymyr Zelensky visited Odesa, where he said that \"the port will work again\".\n"


def _long_english(size: int) -> str:
    news = "\n\n".join((SAMPLES / f).read_text(encoding="utf-8").strip()
                       for f in ("en_digest_day456.txt", "en_isw_assessment.txt", "en_strike_kupiansk.txt"))
    body = (news + "\n\n") * (size // (len(news) + 2) + 1)
    return body[:body.rfind("\n\n", 0, size) + 2] + LAST


@given(st.text(alphabet=st.sampled_from("ab .\n\n\u0301é"), max_size=400), st.integers(10, 120))
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_pieces_cover_the_text_in_order_and_stay_under_the_size(text: str, size: int) -> None:
    bounds = pieces.split(text, size)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in zip(bounds, bounds[1:]))
    assert all(0 < end - start <= size for start, end in bounds) or text == ""


def test_a_text_of_the_piece_size_is_one_piece_and_longer_ones_are_cut_at_paragraphs() -> None:
    assert pieces.split("x" * pieces.PIECE_CHARS) == [(0, pieces.PIECE_CHARS)]
    text = _long_english(300_000)
    bounds = pieces.split(text)
    assert len(bounds) == len(text) // pieces.PIECE_CHARS + 1     # ~11 pieces, none much shorter
    assert all(text[end - 2:end] == "\n\n" for _, end in bounds[:-1])


def test_merge_shifts_every_offset_and_joins_entities_by_id() -> None:
    text = "Peskov said. Peskov said «no»."
    first = contract.empty_document("p", text[:13])
    second = contract.empty_document("p2", text[13:])
    ent = {"id": "kb:peskov", "type": "PERSON", "name": "Dmitry Peskov", "wikidata": None, "roles": [], "geo": None}
    first["entities"] = [{**ent, "roles": ["spokesman"], "mentions": [{"start": 0, "end": 6, "text": "Peskov"}]}]
    second["entities"] = [{**ent, "wikidata": "Q1", "roles": ["spokesman", "Kremlin spokesman"],
                           "mentions": [{"start": 0, "end": 6, "text": "Peskov"}]}]
    second["quotes"] = [{"kind": "direct", "content": "no", "content_start": 13, "content_end": 15,
                         "speaker": "kb:peskov", "speaker_text": "Peskov", "speaker_start": 0, "speaker_end": 6,
                         "cue": "said", "date": None, "linked": 0}]
    out = pieces.merge("doc", text, [(0, 13), (13, len(text))], [first, second])
    assert out["id"] == "doc" and out["text"] == text
    [peskov] = out["entities"]
    assert [(m["start"], m["end"]) for m in peskov["mentions"]] == [(0, 6), (13, 19)]
    assert peskov["roles"] == ["spokesman", "Kremlin spokesman"] and peskov["wikidata"] == "Q1"
    [quote] = out["quotes"]
    assert text[quote["content_start"]:quote["content_end"]] == "no" and quote["linked"] == 0
    assert contract.schema_errors(out) == []


@pytest.fixture(scope="module")
def long_text() -> str:
    return _long_english(300_000)


@pytest.mark.slow
def test_a_300_kb_text_has_its_last_piece_analysed_at_the_right_offsets(analyzer, long_text: str) -> None:
    doc = analyzer.analyze(SourceDocument(text=long_text, origin="<long>", language="en"))
    assert contract.schema_errors(doc) == []
    last_start = pieces.split(long_text)[-1][0]
    zelensky = long_text.rfind("Volodymyr Zelensky")
    odesa = long_text.rfind("Odesa")
    found = {(m["start"], m["end"]): e for e in doc["entities"] for m in e["mentions"]}
    assert found[(zelensky, zelensky + len("Volodymyr Zelensky"))]["id"] == "kb:zelensky"
    assert found[(odesa, odesa + len("Odesa"))]["type"] == "PLACE"
    # one entity per id, with mentions from the first piece and from the last
    ids = [e["id"] for e in doc["entities"]]
    assert len(ids) == len(set(ids))
    zel = next(e for e in doc["entities"] if e["id"] == "kb:zelensky")
    assert min(m["start"] for m in zel["mentions"]) < pieces.PIECE_CHARS < last_start <= max(
        m["start"] for m in zel["mentions"])
    [quote] = [q for q in doc["quotes"] if "port will work again" in q["content"]]
    assert quote["speaker"] == "kb:zelensky" and quote["content_start"] > last_start
    # the last piece analysed alone gives the same findings, shifted by where it starts
    alone = analyzer.analyze(SourceDocument(text=long_text[last_start:], origin="<tail>", language="en",
                                            published=doc["document"]["date"]))
    tail = {(m["start"] + last_start, m["end"] + last_start) for e in alone["entities"] for m in e["mentions"]}
    assert tail == {span for span in found if span[0] >= last_start}


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="isolation needs fork")
def test_the_isolated_worker_cuts_and_joins_the_same_pieces(analyzer) -> None:
    text = _long_english(6_000)
    src = SourceDocument(text=text, origin="<long>", language="en")
    in_process = Analyzer(piece_chars=2_000, _pipelines=analyzer._pipelines)
    isolated = Analyzer(piece_chars=2_000, isolate=True, _pipelines=analyzer._pipelines)
    try:
        assert isolated.analyze(src) == in_process.analyze(src)
    finally:
        isolated.close()
    assert len(pieces.split(text, 2_000)) == 4
