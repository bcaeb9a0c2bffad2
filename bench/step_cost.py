"""What each khronika step adds to analysis time, measured by switching it off.

    python bench/step_cost.py [--lang fr] [--repeat 5] [--steps khronika_events khronika_geocoder]
    python bench/step_cost.py --lang en --corpus ../shared/data/geoparsing/lgl.xml --limit 100 --repeat 1

For each step: the pipeline's time over the bundled samples of the language with every step,
then without that step (`nlp.select_pipes`), alternating several rounds and keeping each
configuration's fastest, so a busy moment of the machine does not land on one side only. Times are
the process's CPU time (time.process_time), which another job on the machine disturbs far less
than wall-clock time.
Prints the step's share as "+x% of analysis time without it". Lazy loads (the sentence encoder,
the gazetteer index) are paid in a warm-up first, as a long-running analysis pays them once.
"""
from __future__ import annotations

import argparse
import time

from khronika.nlp.analyze import Analyzer
from khronika.nlp.languages import SPACY_MODELS

from throughput import sample_texts


def run_once(nlp, texts: list[str], disable: list[str]) -> float:
    t = time.process_time()
    with nlp.select_pipes(disable=disable):
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="fr", choices=sorted(SPACY_MODELS))
    ap.add_argument("--repeat", type=int, default=5, help="copies of the samples per round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--steps", nargs="+", default=["khronika_events", "khronika_geocoder", "khronika_quotes"])
    ap.add_argument("--corpus", help="texts of a gold set instead of the samples (LGL/GeoVirus XML, TSV)")
    ap.add_argument("--limit", type=int, default=100, help="with --corpus: how many articles")
    args = ap.parse_args()
    if args.corpus:
        from khronika.gold.geoparsing import read_corpus

        texts = [a.text for a in read_corpus(args.corpus, limit=args.limit)] * args.repeat
    else:
        texts = [d.text for d in sample_texts(args.lang)] * args.repeat
    nlp = Analyzer().pipeline(args.lang)
    run_once(nlp, texts[:4], [])
    print(f"{len(texts)} texts, {sum(map(len, texts)):,} chars, language {args.lang}, best of {args.rounds} rounds")
    for step in args.steps:
        with_it, without = [], []
        for _ in range(args.rounds):
            with_it.append(run_once(nlp, texts, []))
            without.append(run_once(nlp, texts, [step]))
        a, b = min(with_it), min(without)
        print(f"{step:20s} with {a:6.2f} s  without {b:6.2f} s  step adds {100 * (a - b) / b:+5.1f}%")


if __name__ == "__main__":
    main()
