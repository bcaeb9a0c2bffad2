"""Raw bytes from a file or stdin, within the size limit, with OS errors said plainly."""
from __future__ import annotations

import os
import sys
from typing import BinaryIO

from .limits import check_size
from .model import IngestProblem


def os_problem(exc: OSError) -> IngestProblem:
    """An OSError as a message a person understands (the origin already names the path)."""
    if isinstance(exc, FileNotFoundError):
        return IngestProblem("no such file or folder")
    if isinstance(exc, PermissionError):
        return IngestProblem("cannot read: permission denied")
    if isinstance(exc, IsADirectoryError):
        return IngestProblem("is a folder, not a file")
    return IngestProblem(f"cannot read: {exc.strerror or exc}")


def read_file_bytes(path: str, max_bytes: int) -> bytes:
    """The whole file, refused before reading when it is over the limit."""
    try:
        check_size(os.stat(path).st_size, max_bytes)
        with open(path, "rb") as fh:
            return _read_bounded(fh, max_bytes)
    except OSError as exc:
        raise os_problem(exc) from None


def read_stdin_bytes(max_bytes: int, stream: BinaryIO | None = None) -> bytes:
    """All of stdin (binary, so that we decode it ourselves), within the limit."""
    return _read_bounded(stream if stream is not None else sys.stdin.buffer, max_bytes)


def _read_bounded(fh: BinaryIO, max_bytes: int) -> bytes:
    # Read one byte past the limit: a pipe or a file still growing has no trustworthy size.
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        check_size(len(data), max_bytes, unknown_total=True)
    return data
