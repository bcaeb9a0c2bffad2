"""What the ingest layer hands to the rest of khronika: documents, or errors in their place."""
from __future__ import annotations

from dataclasses import dataclass, field

#: Largest input accepted by default. Big enough for any article or day of reporting,
#: small enough that a stray video or database dump is refused before it fills memory.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class SourceDocument:
    """One readable document, ready for analysis."""

    text: str  # what every offset points into (for .txt/.jsonl: the input text unchanged)
    origin: str  # file path, "file.jsonl:LINE", "feed.xml#entry-3", "<stdin>"
    id: str | None = None  # given id (json/jsonl), else None -> content hash in nlp
    title: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None  # given or detected ("fr", "en", "uk", "ru", ...)
    source: str | None = None  # publisher / feed title
    headings: list[str] = field(default_factory=list)  # heading lines known from HTML/Markdown
    # What was read but not as given (a bad date dropped, a title cut, stray bytes replaced):
    # the document is still analysed, and the command line says what happened.
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestError:
    """A document that could not be read, in the place where it would have been."""

    origin: str
    message: str  # says what is wrong, for a person: "binary file (not text)", "empty document", ...
    id: str | None = None


class IngestProblem(Exception):
    """Raised inside the readers; `read_inputs` turns it into an IngestError with the origin.

    Readers raise rather than return so that a problem found deep in decoding needs no plumbing.
    """

    def __init__(self, message: str, *, id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.id = id
