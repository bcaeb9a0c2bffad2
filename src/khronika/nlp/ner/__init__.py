"""khronika's own Ukrainian and Russian NER: small spaCy models (tok2vec + ner) shipped in the wheel.

`khronika train ner --lang uk|ru` reproduces them (nlp/ner_train/). `add_trained_ner` copies
the model's tok2vec and ner into a base pipeline under their own names (the ner listens to
"tok2vec"; the uk/ru base has no other); the labels stay PER/ORG/LOC, which the linker maps
to PERSON/ORG/PLACE.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.language import Language

MODELS = Path(__file__).with_name("models")


def model_dir(lang: str) -> Path:
    return MODELS / lang


def has_model(lang: str) -> bool:
    return (model_dir(lang) / "meta.json").exists()


@lru_cache(maxsize=4)
def _trained(lang: str) -> Language:
    import spacy

    return spacy.load(model_dir(lang))


def add_trained_ner(nlp: Language) -> None:
    """Append the trained tok2vec + ner of `nlp.lang` (they must run in this order)."""
    source = _trained(nlp.lang)
    if source.vocab.vectors.shape[0]:
        # the tok2vec's static vectors are read from the documents' vocab, not from the component
        nlp.vocab.vectors = source.vocab.vectors
    nlp.add_pipe("tok2vec", source=source)
    nlp.add_pipe("ner", source=source)
    # the dictionary and the document correct the model's spans (rules.py)
    from khronika.nlp.ner import rules  # noqa: F401  (registers khronika_ner_rules)

    nlp.add_pipe("khronika_ner_rules")
