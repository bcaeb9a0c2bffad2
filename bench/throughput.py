"""khronika analyze throughput against a bare spaCy `nlp.pipe` of the same model on the same texts.

    python bench/throughput.py [--repeat 5] [--lang fr]

Prints characters per second for both and the ratio (khronika's time over spaCy's), in one run.
The texts are the bundled samples of the chosen language, repeated.
"""
from __future__ import annotations

import argparse
import time
import spacy

from khronika.cli import sample_files
from khronika.ingest import SourceDocument, read_inputs
from khronika.nlp.analyze import Analyzer
from khronika.nlp.languages import SPACY_MODELS


def sample_texts(lang: str) -> list[SourceDocument]:
    docs = [d for d in read_inputs(sample_files()) if isinstance(d, SourceDocument)]
    return [d for d in docs if d.language == lang]


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="fr", choices=sorted(SPACY_MODELS))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    docs = sample_texts(args.lang) * args.repeat
    texts = [d.text for d in docs]
    chars = sum(map(len, texts))
    bare = spacy.load(SPACY_MODELS[args.lang])
    analyzer = Analyzer()
    analyzer.pipeline(args.lang)
    list(bare.pipe(texts[:2]))  # warm both up: first calls pay for lazy loading
    list(analyzer.analyze_many(docs[:2]))
    t_bare = timed(lambda: list(bare.pipe(texts, batch_size=16)))
    t_khr = timed(lambda: list(analyzer.analyze_many(docs)))
    print(f"texts: {len(texts)} ({chars:,} chars, language {args.lang})")
    print(f"bare spaCy nlp.pipe : {t_bare:6.2f} s  {chars / t_bare:10,.0f} chars/s")
    print(f"khronika analyze    : {t_khr:6.2f} s  {chars / t_khr:10,.0f} chars/s")
    print(f"ratio khronika/spaCy time: {t_khr / t_bare:.2f}x  (throughput {t_bare / t_khr:.2%} of bare spaCy)")


if __name__ == "__main__":
    main()
