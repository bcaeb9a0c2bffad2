"""`khronika eval geocode CORPUS.xml ...`: toponym resolution on LGL / GeoVirus / TR-News XML."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("geocode")
    def eval_geocode(
        corpus: Annotated[list[Path], typer.Argument(
            help="LGL, GeoVirus or TR-News XML files, or TSV files of short texts (text, place, lat, lon).",
            exists=True)],
        limit: Annotated[int | None, typer.Option(help="Score the first N articles only.")] = None,
        lang: Annotated[str, typer.Option(help="Language of the texts.")] = "en",
        gold_spans: Annotated[bool, typer.Option("--gold-spans", help="Geocode the gold toponym spans (no NER).")] = False,
        half: Annotated[str | None, typer.Option(help="'even' or 'odd': articles of that index parity only.")] = None,
        bare: Annotated[bool, typer.Option("--bare", help="Bare spaCy NER + gazetteer matcher, not the pipeline.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object per corpus.")] = False,
    ) -> None:
        """Share of gold toponyms placed within 161 km (and 25 km), mean/median error, AUC, toponym recall.

        Predicts with khronika's pipeline (the PLACE entities of `analyze`), end to end from raw text.

        Example:

          khronika eval geocode ../shared/data/geoparsing/lgl.xml --limit 100
        """
        from khronika.eval.geocode import main

        argv = [str(c) for c in corpus] + ["--lang", lang]
        argv += ["--limit", str(limit)] if limit else []
        argv += ["--gold-spans"] if gold_spans else []
        argv += ["--half", half] if half else []
        argv += ["--bare"] if bare else []
        argv += ["--json"] if as_json else []
        raise typer.Exit(main(argv))
