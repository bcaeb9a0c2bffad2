"""The static e5 word table the event classifier reads (nlp/events/wordvectors.py)."""
import numpy as np

from khronika.nlp.events import wordvectors as wv
from khronika.nlp.events.lexicon import norm_form
from khronika.nlp.events.wordvectors_build import compress, words_of


def vec(text: str) -> np.ndarray:
    return wv.text_vector([(norm_form(w), norm_form(w)) for w in text.split()])


def test_shipped_table_is_there():
    assert wv.available()
    assert vec("artillery").shape == (wv.DIMS,)


def test_violence_is_closer_to_violence_than_to_a_budget_vote():
    shelling = vec("artillery shelled the village overnight")
    assert shelling @ vec("the town came under heavy shelling from rocket launchers") > \
        shelling @ vec("the parliament approved the budget law") + 0.1
    assert shelling @ vec("des tirs d'artillerie ont frappé le village") > \
        shelling @ vec("des milliers de manifestants ont défilé dans la capitale")


def test_unit_length_and_unknown_words():
    assert abs(float(np.linalg.norm(vec("troops clashed with rebels"))) - 1.0) < 1e-5
    assert not vec("zzqx qqzzv").any()


def test_inflected_form_falls_back_to_its_lemma():
    assert wv.text_vector([("обстрілювати", "обстріляла-xyz")]).any()
    assert not wv.text_vector([("xyz-qq", "обстріляла-xyz")]).any()


def test_first_words_weigh_most():
    # CASE types a snippet by its first event: the opening words steer the vector.
    strike_first = vec("airstrike " + "protest " * 10)
    protest_first = vec("protest " * 10 + "airstrike")
    air = vec("airstrike")
    assert strike_first @ air > protest_first @ air


def test_compress_centres_reduces_and_quantises():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 12)).astype(np.float32) + 5.0   # a large shared direction
    q, scales = compress(vectors, dims=4)
    qg, _ = compress(vectors, ["a"] * 25 + ["b"] * 25, dims=4)
    assert qg.shape == (50, 4)
    assert q.dtype == np.int8 and q.shape == (50, 4) and scales.shape == (50,)
    restored = q.astype(np.float32) * scales[:, None]
    assert abs(float(restored.mean())) < 0.5                       # centred
    assert np.abs(q).max() == 127


def test_vocabulary_words_are_normalised_and_without_digits():
    assert words_of("Russia’s 3rd army shelled Bakhmut in 2023") == ["russia's", "army", "shelled", "bakhmut", "in"]
