"""Static vectors of the uk NER, built from the project's own word table (no download).

The event classifier's table (nlp/events/model/words.npz: news words of ../shared/data, each
embedded alone by multilingual-e5-small, 256 int8 dimensions) is cut to its Cyrillic words,
centred and reduced by PCA to `DIMS` dimensions, and written as a spaCy vectors pipeline that
`[initialize] vectors` reads. Why: the hash embeddings only see a word's spelling; these give a
name never seen in training the neighbourhood e5 knows (a town, a party, a first name).
The table holds lower-case words; each row is keyed by its lower, Title and UPPER forms (spaCy
3.8 does not save a `LOWER` vectors attr in the default mode, so ORTH keys must cover the cases).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

DIMS = 128
_CYRILLIC = re.compile("[а-яіїєґё]")


def table_vectors(table: Path, dims: int = DIMS) -> tuple[list[str], np.ndarray]:
    """(words, vectors) of the table's Cyrillic words, PCA-reduced to `dims` float32 columns."""
    with np.load(table, allow_pickle=False) as z:
        words = [str(w) for w in z["words"]]
        vectors = z["vectors"].astype(np.float32) * z["scales"][:, None]
    keep = [i for i, w in enumerate(words) if _CYRILLIC.search(w)]
    x = vectors[keep] - vectors[keep].mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    reduced = x @ vt[:dims].T
    # unit scale overall, as spaCy's own vectors roughly are, so the first layer starts sane
    reduced /= float(np.sqrt((reduced ** 2).sum(axis=1).mean()))
    return [words[i] for i in keep], np.ascontiguousarray(reduced, dtype=np.float32)


def write_vectors(table: Path, lang: str, out: Path, dims: int = DIMS) -> Path:
    """A blank `lang` pipeline holding the vectors, at `out` (for paths.vectors)."""
    import spacy
    from spacy.vectors import Vectors

    words, data = table_vectors(table, dims)
    nlp = spacy.blank(lang)
    vectors = Vectors(strings=nlp.vocab.strings, data=data, name=f"khronika_e5_{lang}_{dims}")
    for row, word in enumerate(words):
        for form in {word, word.capitalize(), word.upper()}:
            vectors.add(nlp.vocab.strings.add(form), row=row)
    nlp.vocab.vectors = vectors
    nlp.to_disk(out)
    return out
