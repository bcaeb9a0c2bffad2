"""The Doc attributes khronika's components read and write.

Values are plain lists and dicts so a Doc survives msgpack serialisation, which is what
`nlp.pipe(..., n_process=2)` does between processes. Their shapes are the TypedDicts of payloads.py;
which component writes and which reads each one, the factories' `assigns=` / `requires=`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

# name -> default; defaults are None because a mutable default would be shared by all Docs
DOC_ATTRS = (
    "khr_meta",       # payloads.Meta: id, title, url, published, language, source, headings (the Analyzer)
    "khr_day",        # DayPayload | None: the war-day counter the text states (khronika_dates)
    "khr_date",       # str | None: the date the report is about, YYYY-MM-DD (khronika_dates)
    "khr_dates",      # list[DatePayload]: date mentions resolved against khr_date (khronika_dates)
    "khr_title",      # TitlePayload | None (khronika_structure)
    "khr_sections",   # list[SectionPayload] (khronika_structure)
    "khr_episodes",   # list[EpisodePayload]: programme episodes with guests (khronika_structure)
    "khr_entities",   # list[EntityPayload]: contract entities + internal keys (khronika_linker, _geocoder)
    "khr_quotes",     # list[QuotePayload]: contract quotes (khronika_quotes)
    "khr_events",     # list[EventPayload]: contract events (khronika_events)
)


def register_extensions() -> None:
    """Idempotent: safe to call from every component factory and every worker process."""
    for name in DOC_ATTRS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


def pipeline_lang(nlp: Language) -> str:
    """The pipeline's language code: spaCy types `Language.lang` as optional, but every pipeline
    khronika builds is a language subclass that sets it."""
    if not nlp.lang:
        raise ValueError("a khronika component needs a pipeline with a language")
    return nlp.lang


_TEXT_KEY = "khr_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token on each read, and every khronika
    component reads the whole text (about a tenth of the geocoder's time went there)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from as its `doc_text`: the tokenizer keeps every character,
    so it is `doc.text` without the join."""
    doc.user_data[_TEXT_KEY] = text
