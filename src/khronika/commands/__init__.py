"""Command groups beyond the core ones in cli.py, one module per group so each stays small.

Each module defines `register(app, eval_app)` and adds its commands; cli.py calls them all.
`khronika eval ...` commands hang off `eval_app`.
"""
from __future__ import annotations

import importlib

import typer

MODULES = ("eval_geocode", "eval_quotes", "eval_events", "eval_ner", "train", "gazetteer", "serve")


def register_all(app: typer.Typer) -> None:
    eval_app = typer.Typer(help="Score the pipeline on gold sets (formats of ../shared/data).", no_args_is_help=True)
    app.add_typer(eval_app, name="eval")
    for name in MODULES:
        try:
            module = importlib.import_module(f"khronika.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"khronika.commands.{name}":
                raise
            continue  # that command group is not there yet
        module.register(app, eval_app)
