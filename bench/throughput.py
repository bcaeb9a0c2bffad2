"""khronika analyze throughput against a bare spaCy `nlp.pipe` of the same model on the same texts.

    python bench/throughput.py [--repeat 5] [--lang fr|en|uk|ru] [--texts FOLDER] [--rounds 1]

Prints characters per second for both and the ratio (khronika's time over the bare pass's), in
one run. The texts are the bundled samples of the chosen language, repeated, or the .txt files
of FOLDER (e.g. ../shared/data/bsnlp/ec/raw/uk). For uk and ru the bare pass is natasha's
segmenter and news NER alone (what the pipelines used before khronika's own model), and when
the shipped recogniser is not natasha the same analysis with natasha in its place is timed too.
Times are CPU times of this process. On a busy machine the two passes of one round can meet
different loads: `--rounds N` alternates them N times and adds the ratio of each configuration's
fastest round (the first round alone is what one run measures, lazy loads included).
"""
from __future__ import annotations

import argparse
import os
import time
import spacy

from khronika.cli import sample_files
from khronika.ingest import SourceDocument, read_inputs
from khronika.nlp.analyze import Analyzer
from khronika.nlp.languages import SPACY_MODELS, SUPPORTED, ner_choice


def sample_texts(lang: str) -> list[SourceDocument]:
    docs = [d for d in read_inputs(sample_files()) if isinstance(d, SourceDocument)]
    return [d for d in docs if d.language == lang]


def folder_texts(folder: str, lang: str) -> list[SourceDocument]:
    return [d for d in read_inputs([folder], lang=lang) if isinstance(d, SourceDocument)]


def bare_pass(lang: str):
    """The bare reference: the packaged spaCy model, or natasha for uk/ru."""
    if lang in SPACY_MODELS:
        nlp = spacy.load(SPACY_MODELS[lang])
        return "bare spaCy nlp.pipe", lambda texts: list(nlp.pipe(texts, batch_size=16))
    from khronika.nlp.natasha_ner import natasha_spans

    return "bare natasha NER   ", lambda texts: [natasha_spans(t) for t in texts]


def load_lazy_resources() -> None:
    """What an analysis loads once per process on first need, so a batch whose first documents hold no
    event trigger would time it inside the pass (the sentence encoder, ~1 s; the word table): a start-up
    cost, not throughput."""
    from khronika.nlp.events import encoder, wordvectors

    encoder.encode(["A first sentence pages the encoder's weights in."])
    wordvectors.available()


def timed(fn) -> float:
    """CPU time of the process: another job on a shared machine disturbs it far less than wall time."""
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="fr", choices=sorted(SUPPORTED))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--texts", help="A folder of .txt files to read instead of the bundled samples.")
    ap.add_argument("--rounds", type=int, default=1, help="Alternate the two passes this many times.")
    args = ap.parse_args()
    docs = (folder_texts(args.texts, args.lang) if args.texts else sample_texts(args.lang)) * args.repeat
    texts = [d.text for d in docs]
    chars = sum(map(len, texts))
    label, bare = bare_pass(args.lang)
    analyzer = Analyzer()
    analyzer.pipeline(args.lang)
    with_natasha = None
    if args.lang not in SPACY_MODELS and ner_choice(args.lang) != "natasha":
        os.environ["KHRONIKA_NER"] = "natasha"   # read when the pipeline is built
        with_natasha = Analyzer()
        with_natasha.pipeline(args.lang)
        del os.environ["KHRONIKA_NER"]
    bare(texts[:2])  # warm up: first calls pay for lazy loading
    load_lazy_resources()
    for an in filter(None, (analyzer, with_natasha)):
        list(an.analyze_many(docs[:2]))
    t_bare = timed(lambda: bare(texts))
    t_khr = timed(lambda: list(analyzer.analyze_many(docs)))
    print(f"texts: {len(texts)} ({chars:,} chars, language {args.lang})")
    print(f"{label} : {t_bare:6.2f} s  {chars / t_bare:10,.0f} chars/s")
    print(f"khronika analyze    : {t_khr:6.2f} s  {chars / t_khr:10,.0f} chars/s")
    print(f"ratio khronika/bare time: {t_khr / t_bare:.2f}x  (throughput {t_bare / t_khr:.2%} of the bare pass)")
    if args.rounds > 1:
        rounds = [(t_bare, t_khr)] + [(timed(lambda: bare(texts)), timed(lambda: list(analyzer.analyze_many(docs))))
                                      for _ in range(args.rounds - 1)]
        best_bare, best_khr = min(b for b, _ in rounds), min(k for _, k in rounds)
        print(f"rounds: {', '.join(f'{k / b:.2f}x' for b, k in rounds)}; fastest of each {best_khr / best_bare:.2f}x "
              f"(throughput {best_bare / best_khr:.2%})")
    if with_natasha:
        t_nat = timed(lambda: list(with_natasha.analyze_many(docs)))
        print(f"khronika analyze with natasha NER: {t_nat:6.2f} s  (ratio {t_nat / t_bare:.2f}x bare; shipped "
              f"recogniser {t_khr / t_nat:.2f}x of it)")


if __name__ == "__main__":
    main()
