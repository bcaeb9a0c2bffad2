"""Train one uk/ru NER model with `spacy train` and ner.cfg, then install it as shipped data."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from khronika.nlp.ner_train.corpora import write_corpora

CONFIG = Path(__file__).with_name("ner.cfg")


def train(data: Path, lang: str, out: Path, work: Path, *, max_epochs: int | None = None,
          threads: int = 2, also: tuple[str, ...] = (), log: Callable[[str], None] = print,
          config: Path = CONFIG) -> Path:
    """Build the corpora (and the static vectors, when the config uses them) in `work`, train
    there, copy model-best to `out`; returns `out`."""
    from spacy.cli.train import train as spacy_train
    from spacy.util import load_config
    from thinc.api import set_gpu_allocator  # noqa: F401  (spaCy expects thinc initialised)

    _limit_threads(threads)
    train_path, dev_path = write_corpora(data, lang, work, log, also)
    overrides: dict[str, object] = {"paths.train": str(train_path), "paths.dev": str(dev_path), "nlp.lang": lang}
    if load_config(config)["components"]["tok2vec"]["model"]["embed"].get("include_static_vectors"):
        overrides["paths.vectors"] = str(_vectors(data, lang, work, log))
    if max_epochs is not None:
        overrides["training.max_epochs"] = max_epochs
    spacy_train(config, work / "output", overrides=overrides, use_gpu=-1)
    best = work / "output" / "model-best"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(best, out)
    _prune_strings(out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    log(f"model: {out} ({size / 1e6:.1f} MB)")
    return out


def _vectors(data: Path, lang: str, work: Path, log: Callable[[str], None]) -> Path:
    """The static vectors from the project's word table (built from `data`'s news by `train words`)."""
    from khronika.nlp.events.wordvectors import TABLE
    from khronika.nlp.ner_train.vectors import write_vectors

    if not TABLE.exists():
        raise FileNotFoundError(f"{TABLE}: the config uses static vectors; run `khronika train words --data {data}`")
    path = write_vectors(TABLE, lang, work / "vectors")
    log(f"vectors: {path}")
    return path


def _prune_strings(model: Path) -> None:
    """Keep only the label strings: the hash embeddings need no words, and the training texts'
    vocabulary stays out of the repository (and 3 MB out of the wheel)."""
    import json

    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    labels = sorted({label for labels in meta.get("labels", {}).values() for label in labels})
    (model / "vocab" / "strings.json").write_text(json.dumps(labels), encoding="utf-8")


def _limit_threads(n: int) -> None:
    """The numpy BLAS pool defaults to every core; the machine is shared."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(n)
    except ImportError:
        pass
