"""`khronika eval quotes DIR|FILE.jsonl`: who-said-what scores on PolNeAR (BRAT) or on our
hand-annotated Ukrainian and Russian gold (offsets in JSON Lines, texts in ../shared/data)."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:  # noqa: ARG001  (no top-level command)
    @eval_app.command("quotes")
    def eval_quotes(
        folder: Annotated[Path, typer.Argument(help="A PolNeAR compartment (text/ and attributions/), a "
                                                    "folder of BRAT .txt/.ann pairs, or a uk/ru gold file "
                                                    "(tests/data/quotes_ukru/*.jsonl).", exists=True)],
        limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N articles.",
                                                     min=1)] = None,
        data: Annotated[Path, typer.Option("--data", help="Where the texts of a .jsonl gold file live.")
                        ] = Path("..") / "shared" / "data",
        lang: Annotated[str | None, typer.Option("--lang", help="Only the documents of this language "
                                                                   "(.jsonl gold).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    ) -> None:
        """Precision, recall and F1 of quote attribution, end to end with the full pipeline.

        A gold attribution is found when a predicted quote's content overlaps at least half of
        the gold content and a mention of the predicted speaker (the quote's speaker span or any
        mention of its speaker entity) overlaps the gold source. "content only" drops the speaker
        condition. Gold and predictions pair one to one. PolNeAR runs the English pipeline; a
        .jsonl gold file runs each document's language and scores each language apart.

        Examples:

          khronika eval quotes ../shared/data/polnear/dev

          khronika eval quotes tests/data/quotes_ukru/heldout.jsonl
        """
        if folder.is_file():
            _eval_gold(folder, data, lang, limit, as_json)
            return
        from khronika.eval.quotes import evaluate, format_table, khronika_analyse, read_corpus

        try:
            docs = read_corpus(folder, limit)
        except FileNotFoundError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        started = time.perf_counter()
        scores = evaluate(docs, khronika_analyse)
        scores["seconds"] = round(time.perf_counter() - started, 1)
        if as_json:
            typer.echo(json.dumps(scores, indent=2))
            return
        typer.echo(format_table(scores, str(folder)))
        typer.echo(f"({scores['seconds']} s)")


def _eval_gold(file: Path, data: Path, lang: str | None, limit: int | None, as_json: bool) -> None:
    from khronika.eval.quotes_gold import evaluate_gold, format_gold_table, khronika_analyse_gold, read_gold

    try:
        docs = read_gold(file, data, [lang] if lang else None)
    except (FileNotFoundError, ValueError, KeyError, json.JSONDecodeError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    docs = docs[:limit] if limit else docs
    started = time.perf_counter()
    scores = evaluate_gold(docs, khronika_analyse_gold)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    if as_json:
        typer.echo(json.dumps(scores, indent=2, ensure_ascii=False))
        return
    typer.echo(format_gold_table(scores, str(file)))
    typer.echo(f"({scores['seconds']} s)")
