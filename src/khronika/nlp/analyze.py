"""The analyser: SourceDocuments in, contract objects out, through one spaCy pipeline per language.

Pipelines are built lazily (a French-only batch never loads the English model) and run
with `nlp.pipe` in batches; documents keep their input order whatever their languages.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any

from spacy.language import Language

from khronika.contract import error_object
from khronika.ingest import IngestError, SourceDocument, document_id
from khronika.nlp import components, events, extensions, geocoder, kb_ruler, linker, quotes  # noqa: F401  (factories)
from khronika.nlp.assemble import to_contract
from khronika.nlp import pieces
from khronika.nlp.dates import WAR_DAY_ONE, report_date
from khronika.nlp.isolation import IsolatedRunner, isolation_available
from khronika.nlp.languages import load_base, pipeline_language
from khronika.nlp.payloads import Meta

PIPELINE_VERSION = "1"
KHRONIKA_STEPS = (
    "khronika_dates", "khronika_structure", "khronika_kb_ruler", "khronika_linker", "khronika_geocoder",
    "khronika_quotes", "khronika_events",
)


def build_pipeline(lang: str, day_one: date = WAR_DAY_ONE, kb_path: str = "") -> Language:
    """The base model of `lang` followed by khronika's components.

    `kb_path` replaces the packaged knowledge base with a file of the same format.
    """
    nlp = load_base(lang)
    configs = {"khronika_dates": {"day_one": day_one.isoformat()},
               "khronika_kb_ruler": {"kb_path": kb_path}, "khronika_linker": {"kb_path": kb_path}}
    for step in KHRONIKA_STEPS:
        nlp.add_pipe(step, config=configs.get(step, {}))
    return nlp


@dataclass
class Analyzer:
    """`isolate=True` runs the pipelines in a forked worker (nlp/isolation.py): a document that
    crashes the analysis, even natively, becomes an error object and the batch goes on. The
    command line always isolates; library callers choose."""
    n_process: int = 1
    batch_size: int = 16
    day_one: date = WAR_DAY_ONE
    kb_path: str = ""
    isolate: bool = False
    piece_chars: int = pieces.PIECE_CHARS     # a longer text is analysed in pieces (nlp/pieces.py)
    _pipelines: dict[str, Language] = field(default_factory=dict, repr=False)
    _runner: IsolatedRunner | None = field(default=None, repr=False)

    def pipeline(self, lang: str | None) -> Language:
        key = pipeline_language(lang)
        if key not in self._pipelines:
            self._pipelines[key] = build_pipeline(key, self.day_one, self.kb_path)
        return self._pipelines[key]

    def _make_doc(self, nlp: Language, src: SourceDocument):
        if len(src.text) >= nlp.max_length:
            nlp.max_length = len(src.text) + 1
        doc = nlp.make_doc(src.text)
        extensions.keep_text(doc, src.text)
        meta: Meta = {
            "id": src.id, "title": src.title, "url": src.url, "published": src.published,
            "language": src.language, "source": src.source, "headings": list(src.headings or []),
        }
        doc._.khr_meta = meta
        return doc

    def analyze(self, src: SourceDocument) -> dict[str, Any]:
        return next(self.analyze_many([src]))

    def analyze_many(self, items: Iterable[SourceDocument | IngestError], chunk: int = 64) -> Iterator[dict[str, Any]]:
        """Contract objects (or error objects for unreadable inputs), in input order."""
        buffer: list[SourceDocument | IngestError] = []
        for item in items:
            buffer.append(item)
            if len(buffer) >= chunk:
                yield from self._run(buffer)
                buffer = []
        if buffer:
            yield from self._run(buffer)

    def _run(self, items: list[SourceDocument | IngestError]) -> list[dict[str, Any]]:
        results: list[dict[str, Any] | None] = [None] * len(items)
        by_lang: dict[str, list[int]] = {}
        for i, item in enumerate(items):
            if isinstance(item, IngestError):
                results[i] = error_object(item.message, path=item.origin, doc_id=item.id)
            else:
                by_lang.setdefault(pipeline_language(item.language), []).append(i)
        for lang, idxs in by_lang.items():
            sources = [items[i] for i in idxs]
            for i, result in zip(idxs, self._analyze_group(lang, sources)):  # type: ignore[arg-type]
                results[i] = result
        return [r for r in results if r is not None]

    def _analyze_group(self, lang: str, sources: list[SourceDocument]) -> Iterator[dict[str, Any]]:
        self.pipeline(lang)     # loaded here, before any fork, so the worker inherits it
        if not (self.isolate and isolation_available()):
            return iter(self._pipe(sources))
        if self._runner is None:
            # n_process forked workers, one batch each at a time, each running nlp.pipe in itself:
            # spaCy's own n_process would start new processes for every batch and send the Docs
            # back (measured slower than one process: 96 NEREL documents 32.7 s against 23.6 s).
            self._runner = IsolatedRunner(partial(self._pipe, n_process=1), analysis_error, workers=self.n_process)
        return self._runner.run(sources, self.batch_size)

    def _pipe(self, sources: Sequence[SourceDocument], n_process: int | None = None) -> list[dict[str, Any]]:
        """Contract objects for documents of one pipeline language, in order. A long text goes
        through the pipeline as pieces (nlp/pieces.py), joined again into one object."""
        nlp = self.pipeline(sources[0].language)
        plans = [pieces.split(src.text, self.piece_chars) for src in sources]
        # Docs are made as the pipeline asks for them: a 10 MB text is never tokenised all at once.
        docs = (self._make_doc(nlp, piece) for src, bounds in zip(sources, plans)
                for piece in self._pieces(nlp, src, bounds))
        n_pieces = sum(map(len, plans))
        n_process = min(self.n_process if n_process is None else n_process, n_pieces)
        # spaCy hands each process whole batches: a batch as large as the input leaves the others idle.
        batch_size = max(1, min(self.batch_size, -(-n_pieces // max(1, n_process))))
        results = (to_contract(doc) for doc in nlp.pipe(docs, batch_size=batch_size, n_process=n_process))
        out = []
        for src, bounds in zip(sources, plans):
            parts = [next(results) for _ in bounds]
            if len(parts) == 1:
                out.append(parts[0])
            else:
                out.append(pieces.merge(src.id or document_id(src.text), src.text, bounds, parts))
        return out

    def _pieces(self, nlp: Language, src: SourceDocument, bounds: list[pieces.Bounds]) -> Iterator[SourceDocument]:
        if len(bounds) == 1:
            yield src
            return
        # Later pieces date their relative dates ("on Tuesday") from the report's date, the one the
        # first piece (the headline, the dateline) gives.
        first = src.text[bounds[0][0]:bounds[0][1]]
        when, _ = report_date(first, src.language or nlp.lang, src.published, self.day_one)
        for k, (start, end) in enumerate(bounds):
            yield replace(src, text=src.text[start:end], published=src.published if k == 0 else when)

    def close(self) -> None:
        """Stop the worker process, if any."""
        if self._runner is not None:
            self._runner.close()
            self._runner = None


def analysis_error(src: SourceDocument, message: str) -> dict[str, Any]:
    """The error object standing for a document whose analysis failed."""
    return error_object(message, path=src.origin, doc_id=src.id or document_id(src.text), stage="analysis")
