"""`khronika brief`: the digest of one day of the war, written from the store."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

FORMATS = ("md", "html", "json")


def register(app: typer.Typer, eval_app: typer.Typer | None = None) -> None:  # noqa: ARG001  (no eval commands)
    @app.command()
    def brief(
        day: Annotated[int | None, typer.Option("--day", help="Day of the war (day 1 = 2022-02-24).")] = None,
        on: Annotated[str | None, typer.Option("--date", help="The same day as a date, YYYY-MM-DD.")] = None,
        db: Annotated[str | None, typer.Option("--db", help="SQLite file path or postgresql:// URL. "
                                                  "Default: $KHRONIKA_DB or ./khronika.db.")] = None,
        lang: Annotated[str, typer.Option("--lang", help="Language of the brief: fr or en.")] = "fr",
        fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or json.")] = "md",
        out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")] = None,
    ) -> None:
        """Write the brief of one day from everything stored: front line, strikes, diplomacy,
        statements and programmes, every sentence citing the stored words it rests on.

        Examples:

          khronika brief --day 455 --lang fr

          khronika brief --date 2023-05-24 --lang en --format html --out day455.html

          khronika brief --day 455 --format json
        """
        from khronika.brief import BriefInputError, NothingStored, build_brief, passages, resolve_day
        from khronika.brief.render import to_html, to_markdown
        from khronika.commands.console import err
        from khronika.store import Store
        from khronika.store.briefs import ensure_brief_indexes

        try:
            if fmt not in FORMATS:
                raise BriefInputError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
            if lang not in ("fr", "en"):
                raise BriefInputError(f"--lang must be fr or en, not {lang!r}")
            when = resolve_day(day, on)
        except BriefInputError as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(2) from None
        with Store(db) as store:
            ensure_brief_indexes(store.engine)
            try:
                result = build_brief(store, when, lang)
            except NothingStored as exc:
                err.print(f"[red]error[/red] {exc}", highlight=False)
                raise typer.Exit(1) from None
            if fmt == "json":
                text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
            elif fmt == "html":
                text = to_html(result, passages(store, result))
            else:
                text = to_markdown(result)
        if out_path is None:
            typer.echo(text, nl=False)
        else:
            out_path.write_text(text, encoding="utf-8")
            err.print(f"wrote {out_path}")
