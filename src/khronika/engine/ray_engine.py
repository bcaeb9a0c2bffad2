"""The Ray engine: the same analysis as the local engine, spread over a Ray cluster's workers.

`pip install "khronika[scale]"` brings Ray Data. The driver reads the inputs (so bad files are
reported exactly as the local engine reports them), skips what the store already holds, and hands
the rest to Ray Data as a dataset; `map_batches` runs them through an actor per worker that loads
the pipelines once; the driver writes every result to the store (one writer: SQLite works as well
as PostgreSQL, and a document is committed whole or not at all, so an interrupted run is resumed by
running it again).

Without an address a local Ray is started with one worker per core; with one, the driver joins
that cluster (`ray start --head` on one machine, `ray start --address HEAD:6379` on the others).
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from typing import Any

from khronika.ingest import SourceDocument

BATCH_SIZE = 8      # documents per map_batches call: small enough to spread a few hundred documents


class RayUnavailable(RuntimeError):
    """Ray is not installed (the `scale` extra) or the cluster cannot be reached."""


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise RayUnavailable('the Ray engine needs Ray Data: pip install "khronika[scale]"') from None
    return ray


class _AnalyzeBatch:
    """A Ray Data actor: one Analyzer per worker process, loaded once, reused for every batch."""

    def __init__(self, langs: Sequence[str]) -> None:
        from khronika.nlp.analyze import Analyzer

        # A worker holds gRPC threads, so the analysis is not forked here: a failing batch is run
        # again one document at a time and a failing document becomes an error object.
        self.analyzer = Analyzer()
        for lang in langs:
            self.analyzer.pipeline(lang)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        sources = [SourceDocument(**json.loads(s)) for s in batch["src"]]
        try:
            docs = list(self.analyzer.analyze_many(sources))
        except Exception:  # noqa: BLE001 - find the document, keep the others
            docs = [self._one(src) for src in sources]
        return {"doc": np.array([json.dumps(d, ensure_ascii=False) for d in docs], dtype=object)}

    def _one(self, src: SourceDocument) -> dict[str, Any]:
        from khronika.nlp.analyze import analysis_error
        from khronika.nlp.isolation import failure_message

        try:
            return self.analyzer.analyze(src)
        except Exception as exc:  # noqa: BLE001
            return analysis_error(src, failure_message(exc))


def start(address: str | None) -> None:
    """Join the cluster at `address`, or start a local Ray with one worker per core."""
    ray = _ray()
    if ray.is_initialized():
        return
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR"}
    if address:
        options["address"] = address
    else:
        options.update(num_cpus=os.cpu_count() or 1, object_store_memory=512 * 1024 * 1024)
    try:
        ray.init(**options)
    except ConnectionError as exc:
        raise RayUnavailable(f"cannot join the Ray cluster at {address}: {exc}") from None
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    # Results in input order, so the store is written in the order the local engine writes it
    # (entities merged by name keep the first document's spelling either way).
    ctx.execution_options.preserve_order = True


def analyze_with_ray(sources: list[SourceDocument], *, address: str | None = None, workers: int | None = None,
                     langs: Sequence[str] = ()) -> Iterator[dict[str, Any]]:
    """Contract objects (or analysis error objects) for `sources`, in input order."""
    if not sources:
        return
    start(address)
    ray = _ray()
    n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    rows = [{"src": json.dumps(asdict(src), ensure_ascii=False)} for src in sources]
    ds = ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // BATCH_SIZE))
    ds = ds.map_batches(_AnalyzeBatch, fn_constructor_kwargs={"langs": list(langs)}, batch_size=BATCH_SIZE,
                        batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=min(n, len(rows))),
                        num_cpus=1)
    for row in ds.iter_rows():
        yield json.loads(row["doc"])


def stop() -> None:
    ray = _ray()
    if ray.is_initialized():
        ray.shutdown()
