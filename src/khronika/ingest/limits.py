"""The size limit on one input, and the message that explains it."""
from __future__ import annotations

from .model import IngestProblem


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def check_size(size: int, max_bytes: int, *, unknown_total: bool = False) -> None:
    """Refuse input over the limit, saying how big it is, what the limit is and how to raise it.

    `unknown_total` is for streams read only up to the limit: their real size is unknown.
    """
    if size > max_bytes:
        if unknown_total:
            how_big = "more than " + _megabytes(max_bytes)
        else:
            how_big = f"{_megabytes(size)} ({size} bytes)"
        raise IngestProblem(
            f"too large: {how_big}, over the limit of {_megabytes(max_bytes)} ({max_bytes} bytes); "
            "use --max-size to raise the limit"
        )
