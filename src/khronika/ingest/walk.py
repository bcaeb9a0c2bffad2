"""Command-line paths -> the files to read: folders expanded, "-" kept for stdin."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from .model import IngestError

STDIN = "-"

#: Extensions read when found inside a folder (an explicitly named file is read whatever its name).
KNOWN_EXTENSIONS = frozenset(
    ".txt .md .markdown .html .htm .xhtml .json .jsonl .ndjson .xml .rss .atom".split()
)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str | IngestError]:
    """Each path in order; a folder becomes its files (recursive, sorted, hidden ones skipped)."""
    for raw in paths:
        path = os.fspath(raw)
        if path == STDIN:
            yield STDIN
        elif os.path.isdir(path):
            yield from _folder_files(path)
        elif os.path.exists(path):
            yield path
        else:
            yield IngestError(origin=path, message="no such file or folder")


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _folder_files(root: str) -> Iterator[str | IngestError]:
    # Sorted by path components ("a/z.txt" before "a.txt", "b/..." after "a/..."), so the
    # order, and with it the output order, is the same on every machine and file system.
    found: list[tuple[tuple[str, ...], str | IngestError]] = []

    def key(full: str) -> tuple[str, ...]:
        return tuple(os.path.relpath(full, root).split(os.sep))

    def unreadable(exc: OSError) -> None:
        # os.walk skips folders it cannot list without a word; a person should hear of it.
        where = exc.filename or root
        message = "cannot read the folder: " + (exc.strerror or str(exc))
        found.append((key(where), IngestError(origin=where, message=message)))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        for name in files:
            if _hidden(name) or os.path.splitext(name)[1].lower() not in KNOWN_EXTENSIONS:
                continue
            full = os.path.join(folder, name)
            found.append((key(full), full))
    for _, item in sorted(found, key=lambda pair: pair[0]):
        yield item
