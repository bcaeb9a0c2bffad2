"""`khronika eval quotes DIR`: who-said-what scores on the PolNeAR BRAT layout."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:  # noqa: ARG001  (no top-level command)
    @eval_app.command("quotes")
    def eval_quotes(
        folder: Annotated[Path, typer.Argument(help="A PolNeAR compartment (text/ and attributions/) or a "
                                                    "folder of BRAT .txt/.ann pairs.", exists=True,
                                               file_okay=False)],
        limit: Annotated[Optional[int], typer.Option("--limit", help="Score only the first N articles.",
                                                     min=1)] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    ) -> None:
        """Precision, recall and F1 of quote attribution, end to end with the English pipeline.

        A gold attribution is found when a predicted quote's content overlaps at least half of
        the gold content and a mention of the predicted speaker (the quote's speaker span or any
        mention of its speaker entity) overlaps the gold source. "content only" drops the speaker
        condition. Gold and predictions pair one to one.

        Example:

          khronika eval quotes ../shared/data/polnear/dev
        """
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
