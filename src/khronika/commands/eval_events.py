"""`khronika eval events FILE.tsv`: events on CASE 2021 task 2 snippets, as `analyze` emits them."""
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
        """Weighted F1 and accuracy over the 25 ACLED sub-types and over all labels, of `analyze` end to
        end (headline: the first event with an ACLED type of each snippet; no event is a miss) and, beside
        it, of the classifier alone on each whole snippet.

        Example:

          khronika eval events ../shared/data/case2021/dev.tsv
          khronika eval events heldout.tsv --model /tmp/model   # a model trained on another split

        Scoring the training file itself measures fit, not generalisation: train on one half with
        `khronika train events --data half.tsv --out DIR` and score the other half with `--model DIR`.
        """
        from khronika.eval.events import evaluate

        scores = evaluate(path, lang, model)
        if as_json:
            typer.echo(json.dumps(scores, indent=2))
            return
        cls = scores["classifier"]
        typer.echo(f"{path}: {scores['all_snippets']} snippets ({scores['acled_snippets']} with an ACLED sub-type)")
        typer.echo(f"  analyze end to end (first event), ACLED sub-types (25): weighted F1 "
                   f"{scores['acled_weighted_f1']:.3f}  accuracy {scores['acled_accuracy']:.3f}  "
                   f"no event {scores['no_event']}")
        typer.echo(f"  classifier alone (whole snippet), ACLED sub-types (25): weighted F1 "
                   f"{cls['acled_weighted_f1']:.3f}  accuracy {cls['acled_accuracy']:.3f}")
        typer.echo(f"  all labels: analyze weighted F1 {scores['all_weighted_f1']:.3f}, "
                   f"classifier {cls['all_weighted_f1']:.3f}")
        for pair, n in scores["confusions"]:
            typer.echo(f"    {n:3d}  {pair}")
