"""`khronika gazetteer build|import`: the offline place index under the user cache dir."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    gaz_app = typer.Typer(help="The offline gazetteer (built once, ~30 s; loads in well under a second).",
                          no_args_is_help=True)
    app.add_typer(gaz_app, name="gazetteer")

    @gaz_app.command("build")
    def build() -> None:
        """Build (or rebuild) the place index now instead of on first use.

        Example:

          khronika gazetteer build
        """
        from khronika.kb.gazetteer import build_index

        path = build_index(log=lambda msg: typer.echo(msg, err=True))
        typer.echo(f"gazetteer index: {path}")

    @gaz_app.command("import")
    def import_dump(
        dump: Annotated[Path, typer.Argument(help="GeoNames allCountries.txt or a country file (e.g. UA.txt).",
                                             exists=True, dir_okay=False)],
        alternate_names: Annotated[Path | None, typer.Option(
            "--alternate-names", help="alternateNamesV2.txt, for names in other languages.", exists=True)] = None,
    ) -> None:
        """Extend the gazetteer with a GeoNames dump; kept for every later build.

        Example:

          khronika gazetteer import UA.txt --alternate-names alternateNamesV2.txt
        """
        from khronika.kb.gazetteer import import_geonames

        n = import_geonames(dump, alternate_names, log=lambda msg: typer.echo(msg, err=True))
        typer.echo(f"imported {n} GeoNames record(s) from {dump}; index rebuilt")
