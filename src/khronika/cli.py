"""The `khronika` command line: analyze, ingest, export, reanalyze, demo, and friends."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

app = typer.Typer(
    name="khronika",
    help="Turn war reporting (French, English, Ukrainian, Russian) into a verifiable chronicle.\n\n"
    "Examples:\n\n"
    "  khronika demo                                   # ingest the bundled samples, show what was found\n\n"
    "  khronika analyze report.txt --json              # the contract JSON of one document\n\n"
    "  khronika ingest reports/ feed.xml --db chronicle.db\n\n"
    "  khronika export --format geojson --out places.geojson",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    add_completion=False,
)
from khronika.commands.console import err, out  # noqa: E402  (shared with the command groups)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file path or postgresql:// URL. Default: $KHRONIKA_DB or ./khronika.db."),
]
LangOption = Annotated[
    str | None, typer.Option("--lang", help="Language of every input (fr, en, uk, ru); default: detected.")
]
MaxSizeOption = Annotated[
    float, typer.Option("--max-size", help="Largest input accepted, in MB.", min=0.001)
]
ProcsOption = Annotated[int, typer.Option("--n-process", help="Worker processes for the NLP pipeline.", min=1)]
EngineOption = Annotated[str, typer.Option(
    "--engine", help="local (this machine) or ray (Ray Data: a local Ray, or the cluster at --address).")]
AddressOption = Annotated[str | None, typer.Option(
    "--address", help="With --engine ray: the Ray cluster to join (HOST:6379 or ray://HOST:10001).")]


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[Progress]:
    """A progress bar on stderr; quiet when stderr is not a terminal or for a single item."""
    bar = Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=True, disable=(total is not None and total <= 1),
    )
    with bar:
        bar.add_task(label, total=total)
        yield bar


def _advance(bar: Progress) -> None:
    bar.advance(bar.task_ids[0])


def _read(paths: list[str], lang: str | None, max_size: float):
    from khronika.ingest import read_inputs

    return list(read_inputs(paths, lang=lang, max_bytes=int(max_size * 1024 * 1024)))


def _load_pipelines(analyzer, items) -> None:
    """Load each needed language pipeline up front, under a spinner: it takes seconds."""
    from khronika.ingest import SourceDocument
    from khronika.nlp.languages import pipeline_language

    langs = sorted({pipeline_language(i.language) for i in items if isinstance(i, SourceDocument)})
    for lang in langs:
        with err.status(f"Loading the {lang} pipeline ..."):
            analyzer.pipeline(lang)


def _report_errors(items) -> int:
    from khronika.ingest import IngestError

    errors = [i for i in items if isinstance(i, IngestError)]
    for e in errors:
        err.print(f"[red]error[/red] {e.origin}: {e.message}", highlight=False)
    return len(errors)


def _analysis_failed(doc: dict) -> int:
    """1 (and a line on stderr naming the document) when the analysis of `doc` failed."""
    if doc.get("stage") != "analysis":
        return 0      # a document, or a read error already reported
    err.print(f"[red]error[/red] {doc.get('path') or doc.get('id')}: {doc['error']}", highlight=False)
    return 1


def _single_output(paths: list[str], items) -> bool:
    """One JSON object for one plain document file; JSON Lines for batches (CONTRACT.md)."""
    if len(paths) != 1 or len(items) != 1 or paths[0] == "-":
        return len(items) == 1 and paths == ["-"]
    p = Path(paths[0])
    return p.is_file() and p.suffix.lower() != ".jsonl"


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the contract JSON (one object, or JSON Lines).")] = False,
    lang: LangOption = None,
    max_size: MaxSizeOption = 10.0,
    n_process: ProcsOption = 1,
) -> None:
    """Analyze documents and print what was found; nothing is stored.

    Examples:

      khronika analyze digest.txt --json

      khronika analyze reports/ --json > chronicle.jsonl

      cat note.txt | khronika analyze - --lang uk
    """
    from khronika.nlp.analyze import Analyzer

    items = _read(paths, lang, max_size)
    n_errors = _report_errors(items)
    single = _single_output(paths, items)
    analyzer = Analyzer(n_process=n_process, isolate=True)
    _load_pipelines(analyzer, items)
    with progress_bar("Analyzing", len(items)) as bar:
        for doc in analyzer.analyze_many(items):
            _advance(bar)
            n_errors += _analysis_failed(doc)
            if as_json:
                print(json.dumps(doc, ensure_ascii=False, indent=2 if single else None), flush=True)
            elif "error" not in doc:
                from khronika.report import print_document

                print_document(out, doc)
    analyzer.close()
    if n_errors:
        raise typer.Exit(1)


ENGINES = ("local", "ray")


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        err.print(f"[red]error[/red] unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
        raise typer.Exit(2)


def _analyses(sources: list, engine: str, n_process: int, address: str | None) -> Iterator[dict]:
    """Contract objects (or analysis error objects) for `sources` from the chosen engine."""
    from khronika.nlp.analyze import Analyzer

    if engine == "ray":
        from khronika.engine.ray_engine import RayUnavailable, analyze_with_ray
        from khronika.nlp.languages import pipeline_language

        langs = sorted({pipeline_language(s.language) for s in sources})
        try:    # the first result comes after Ray has started: failing to start is reported here
            results = analyze_with_ray(sources, address=address, workers=n_process if n_process > 1 else None,
                                       langs=langs)
            first = next(results, None)
        except RayUnavailable as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(2) from None
        if first is not None:
            yield first
            yield from results
        return
    analyzer = Analyzer(n_process=n_process, isolate=True)
    _load_pipelines(analyzer, sources)
    try:
        yield from analyzer.analyze_many(sources)
    finally:
        analyzer.close()


def _ingest(paths: list[str], db: str | None, lang: str | None, max_size: float, n_process: int,
            engine: str = "local", address: str | None = None) -> tuple[int, int, int]:
    """(stored, already there, errors)."""
    from khronika.ingest import SourceDocument, document_id
    from khronika.store import Store
    from khronika.store.search import stored_with_other_text

    _check_engine(engine)

    items = _read(paths, lang, max_size)
    n_errors = _report_errors(items)
    docs = [i for i in items if isinstance(i, SourceDocument)]
    stored = skipped = 0
    with Store(db) as store:
        fresh = []
        for src in docs:
            if (src.id or document_id(src.text)) in store:
                if src.id and stored_with_other_text(store.engine, src.id, src.text):
                    n_errors += 1  # another document under a stored id: said, not skipped
                    err.print(f"[red]error[/red] {src.origin}: the id {src.id!r} is already stored with another "
                              "text; not stored (give it its own id)", highlight=False)
                    continue
                skipped += 1
            else:
                fresh.append(src)
        with progress_bar("Ingesting", len(fresh)) as bar:
            for doc in _analyses(fresh, engine, n_process, address):
                _advance(bar)
                if _analysis_failed(doc):
                    n_errors += 1
                    continue
                try:
                    if store.save(doc):
                        stored += 1
                    else:
                        skipped += 1
                except Exception as exc:  # one bad document never stops the batch
                    n_errors += 1
                    err.print(f"[red]error[/red] {doc.get('id')}: could not store: {exc}", highlight=False)
    return stored, skipped, n_errors


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, feeds, or - for standard input.")],
    db: DbOption = None,
    lang: LangOption = None,
    max_size: MaxSizeOption = 10.0,
    n_process: ProcsOption = 1,
    engine: EngineOption = "local",
    address: AddressOption = None,
) -> None:
    """Analyze documents and store them. Ingesting a document again changes nothing.

    Examples:

      khronika ingest reports/

      khronika ingest feed.xml --db postgresql://user@localhost/khronika

      khronika ingest archive/ --engine ray --db postgresql://user@db-host/khronika

      khronika ingest archive/ --engine ray --address head-node:6379 --db postgresql://user@db-host/khronika
    """
    stored, skipped, n_errors = _ingest(paths, db, lang, max_size, n_process, engine, address)
    err.print(f"stored [bold]{stored}[/bold] new document(s), {skipped} already stored, {n_errors} error(s)")
    if n_errors:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, geojson, acled-csv or plover-jsonl.")] = "jsonl",
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")] = None,
    db: DbOption = None,
) -> None:
    """Export the store.

    Examples:

      khronika export --format jsonl --out chronicle.jsonl

      khronika export --format geojson --out places.geojson
    """
    from khronika.export import FORMATS, export as run_export
    from khronika.store import Store

    if fmt not in FORMATS:
        err.print(f"[red]error[/red] unknown format {fmt!r}; choose one of: {', '.join(sorted(FORMATS))}")
        raise typer.Exit(2)
    with Store(db) as store:
        if out_path is None:
            run_export(store, fmt, sys.stdout)
        else:
            with open(out_path, "w", encoding="utf-8", newline="") as fh:
                run_export(store, fmt, fh)
            err.print(f"wrote {out_path}")


@app.command()
def reanalyze(db: DbOption = None, n_process: ProcsOption = 1, engine: EngineOption = "local",
              address: AddressOption = None) -> None:
    """Run the current pipeline again over every stored document (after an upgrade).

    Examples:

      khronika reanalyze --db chronicle.db

      khronika reanalyze --engine ray --db postgresql://user@db-host/khronika
    """
    from khronika.ingest import SourceDocument
    from khronika.store import Store

    _check_engine(engine)

    with Store(db) as store:
        sources = []
        for doc in store.iter_documents():
            d = doc["document"]
            sources.append(SourceDocument(
                text=doc["text"], origin=doc["id"], id=doc["id"], title=d.get("title"), url=d.get("url"),
                published=d.get("published"), language=d.get("language"), source=d.get("source"),
            ))
        n_errors = 0
        with progress_bar("Re-analyzing", len(sources)) as bar:
            for doc in _analyses(sources, engine, n_process, address):
                _advance(bar)
                if _analysis_failed(doc):
                    n_errors += 1     # the stored analysis stays as it was
                    continue
                store.replace(doc)
    err.print(f"re-analyzed {len(sources) - n_errors} document(s), {n_errors} error(s)")
    if n_errors:
        raise typer.Exit(1)


def samples_dir() -> Path:
    return Path(str(resources.files("khronika.samples")))


def sample_files() -> list[str]:
    """The bundled sample documents (not the folder's README or package files)."""
    skip = {"README.md", "__init__.py"}
    return sorted(str(p) for p in samples_dir().iterdir() if p.is_file() and p.name not in skip)


@app.command()
def demo(db: DbOption = None) -> None:
    """Ingest the bundled sample documents into the store and show what khronika found.

    Example:

      khronika demo
    """
    from khronika.report import print_store_summary
    from khronika.store import Store

    folder = samples_dir()
    err.print(f"Reading the bundled samples in {folder} ...")
    stored, skipped, n_errors = _ingest(sample_files(), db, None, 10.0, 1)
    with Store(db) as store:
        print_store_summary(out, store)
        where = store.url
    out.print(f"\nstored {stored} new document(s) ({skipped} already there) in [bold]{where}[/bold]")
    out.print(
        "Look further:\n"
        "  khronika export --format jsonl            # every document as contract JSON\n"
        "  khronika export --format geojson          # the places on a map\n"
        "  khronika analyze YOUR_FILE.txt --json     # analyze your own report"
    )
    if n_errors:
        raise typer.Exit(1)


def main() -> None:
    app()


def _register_command_groups() -> None:
    from khronika.commands import brief, register_all

    register_all(app)
    brief.register(app, None)  # khronika brief (issue 12)


_register_command_groups()


if __name__ == "__main__":
    main()
