"""`khronika eval ner PATH`: PER/ORG/LOC scores on IOB (NER-UK), brat (NEREL) or BSNLP gold."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """`eval ner` and `eval links` (no top-level command)."""
    eval_app.command("ner")(eval_ner)
    eval_app.command("links")(eval_links)


def eval_ner(
    path: Annotated[Path, typer.Argument(help="An IOB file, a folder of brat .txt/.ann pairs, or a BSNLP "
                                              "folder (the root or one topic).", exists=True)],
    lang: Annotated[str, typer.Option("--lang", help="Language of the documents (uk, ru).")] = "uk",
    fmt: Annotated[str | None, typer.Option("--format", help="iob, brat or bsnlp; default: detected.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="BSNLP topics to score (repeatable); "
                                                       "default all.")] = None,
    heldout: Annotated[bool, typer.Option("--heldout", help="IOB: score only the documents `train ner` holds "
                                          "out of ner-uk/train.iob (every 10th).")] = False,
    ner: Annotated[str | None, typer.Option("--ner", help="Recogniser: trained, natasha or both; default "
                                               "the shipped choice.")] = None,
    bare: Annotated[bool, typer.Option("--bare/--no-bare", help="Also score the base pipeline alone.")] = True,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Score only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Precision, recall and F1 of persons, organisations and places, end to end (mentions of
    the entities `analyze` emits) and for the bare recogniser.

    IOB and brat: exact spans. BSNLP: per document, the set of (normalized form, type).

    Examples:

      khronika eval ner ../shared/data/ner-uk/train.iob --lang uk --heldout

      khronika eval ner ../shared/data/nerel/dev --lang ru

      khronika eval ner ../shared/data/bsnlp --lang uk --topic ec
    """
    from khronika.eval.ner import (Predictor, bare_predict, detect_format, evaluate, format_table, pipeline_predict,
                                   read_gold)
    from khronika.nlp.ner_train.corpora import nerukr_split

    if ner:
        os.environ["KHRONIKA_NER"] = ner
    try:
        kind = fmt or detect_format(path)
        docs = read_gold(path, kind, lang, None if heldout else limit, topic)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if heldout and kind == "iob":
        docs = nerukr_split(docs, "heldout")[:limit]
    predictors: dict[str, Predictor] = {"pipeline": pipeline_predict}
    if bare:
        predictors["bare"] = bare_predict
    started = time.perf_counter()
    results = evaluate(docs, kind, lang, predictors)
    seconds = round(time.perf_counter() - started, 1)
    if as_json:
        typer.echo(json.dumps({"format": kind, "lang": lang, "seconds": seconds, **results}, indent=2))
        return
    typer.echo(format_table(results, f"{path} ({kind}, {lang}, {len(docs)} documents, ner={ner or 'default'})"))
    typer.echo(f"({seconds} s)")


def eval_links(
    path: Annotated[Path, typer.Argument(help="A BSNLP folder (the root or one topic).", exists=True)],
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Languages scored together "
                                                      "(repeatable); default uk and ru.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="BSNLP topics (repeatable); "
                                                       "default all.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Cross-document, cross-lingual linking: do khronika's entity ids group BSNLP mentions the
    way BSNLP's cross-lingual ids do?

    Items are the gold (document, normalized form) pairs of PER/ORG/LOC with an id; each gets
    the id of the entity `analyze` gave that form in that document (a missed form is a cluster
    of its own). Scored with B-cubed precision/recall/F1 over all items of all documents and
    languages at once (every mention weighs the same; pairwise counts would be dominated by
    the few entities with hundreds of mentions).

    Example:

      khronika eval links ../shared/data/bsnlp --topic ec
    """
    from khronika.eval.links import evaluate as evaluate_links

    started = time.perf_counter()
    try:
        result = evaluate_links(path, lang or ["uk", "ru"], topic)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    result["seconds"] = round(time.perf_counter() - started, 1)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    typer.echo(f"{path} (links, {'+'.join(lang or ['uk', 'ru'])}, {result['documents']} documents, "
               f"{result['items']} forms, {result['missed']} missed)")
    typer.echo(f"B-cubed  P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}"
               f"   ({result['seconds']} s)")
