"""The uk NER's static vectors: built from a word table, every case form of a word on one row."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

spacy = pytest.importorskip("spacy")

from khronika.nlp.ner_train.vectors import table_vectors, write_vectors  # noqa: E402


def _table(path: Path) -> Path:
    rng = np.random.default_rng(0)
    words = np.array(["київ", "харків", "зеленський", "kyiv", "президент", "the", "області"])
    vectors = rng.integers(-127, 128, size=(len(words), 16), dtype=np.int8)
    np.savez(path, words=words, vectors=vectors, scales=np.full(len(words), 0.01, dtype=np.float32))
    return path


def test_table_vectors_keep_cyrillic_words_reduced(tmp_path: Path) -> None:
    words, data = table_vectors(_table(tmp_path / "w.npz"), dims=3)
    assert words == ["київ", "харків", "зеленський", "президент", "області"]
    assert data.shape == (5, 3) and data.dtype == np.float32


def test_vectors_cover_title_and_upper_case(tmp_path: Path) -> None:
    out = write_vectors(_table(tmp_path / "w.npz"), "uk", tmp_path / "vectors", dims=3)
    nlp = spacy.load(out)
    doc = nlp("Київ КИЇВ київ Kyiv Зеленський")
    assert [t.has_vector for t in doc] == [True, True, True, False, True]
    assert np.array_equal(doc[0].vector, doc[1].vector) and np.array_equal(doc[0].vector, doc[2].vector)
    assert not np.array_equal(doc[0].vector, doc[4].vector)
