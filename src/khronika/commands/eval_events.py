"""`khronika eval events FILE.tsv`: event typing on CASE 2021 task 2 snippets."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("events")
    def eval_events(
        path: Annotated[Path, typer.Argument(help="CASE 2021 TSV (id, EventSnippet, SubType).", exists=True,
                                             dir_okay=False)],
        lang: Annotated[str, typer.Option("--lang", help="Language of the snippets.")] = "en",
        as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
        model: Annotated[Path | None, typer.Option("--model", help="A model folder written by `train events --out` "
                                                   "instead of the shipped one.", exists=True, file_okay=False)] = None,
    ) -> None:
        """Accuracy and weighted F1 of the shipped event classifier, over the 25 ACLED sub-types and
        over all labels (first event per snippet).

        Example:

          khronika eval events ../shared/data/case2021/dev.tsv
          khronika eval events heldout.tsv --model /tmp/model   # a model trained on another split

        Scoring the training file itself measures fit, not generalisation: the cross-validated
        figures `khronika train events` prints (and model/card.json keeps) are the honest ones.
        """
        from khronika.eval.events import evaluate

        scores = evaluate(path, lang, model)
        if as_json:
            typer.echo(json.dumps(scores, indent=2))
            return
        typer.echo(f"{path}: {scores['all_snippets']} snippets ({scores['acled_snippets']} with an ACLED sub-type)")
        typer.echo(f"  ACLED sub-types (25): accuracy {scores['acled_accuracy']:.3f}  "
                   f"weighted F1 {scores['acled_weighted_f1']:.3f}")
        typer.echo(f"  all labels:           accuracy {scores['all_accuracy']:.3f}  "
                   f"weighted F1 {scores['all_weighted_f1']:.3f}")
        for pair, n in scores["confusions"]:
            typer.echo(f"    {n:3d}  {pair}")
