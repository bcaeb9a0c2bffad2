"""Markdown files: the text unchanged, with its headings listed."""
from __future__ import annotations

import re

from .decode import decode_text
from .metadata import cap_title
from .model import SourceDocument

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
# Lines that an underline does not turn into a heading: list items, quotes, table rows.
_NOT_HEADING = ("-", "*", "+", ">", "|")


def markdown_headings(text: str) -> list[tuple[int, str]]:
    """(level, heading text) for every ATX ("# Title") and setext (underlined) heading.

    The heading text is given without its "#" marks, as it appears inside its line, so a
    caller can find it in the text. Fenced code is skipped: "# comment" there is no heading.
    """
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = _ATX.match(line)
        if m:
            out.append((len(m[1]), m[2].strip()))
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        underline = _SETEXT.match(nxt)
        is_text_line = line.strip() and not _SETEXT.match(line) and not line.lstrip().startswith(_NOT_HEADING)
        if underline and is_text_line:
            out.append((1 if underline[1][0] == "=" else 2, line.strip()))
    return out


def read_markdown(data: bytes, origin: str) -> SourceDocument:
    text, warnings = decode_text(data)  # unchanged, like .txt: the markup stays, offsets stay true
    headings = markdown_headings(text)
    title = cap_title(next((h for level, h in headings if level == 1), None), warnings)
    return SourceDocument(text=text, origin=origin, title=title, headings=[h for _, h in headings], warnings=warnings)
