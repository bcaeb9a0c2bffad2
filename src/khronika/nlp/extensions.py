"""The Doc attributes khronika's components read and write.

Values are plain lists and dicts so a Doc survives msgpack serialisation, which is what
`nlp.pipe(..., n_process=2)` does between processes.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

# name -> default; defaults are None because a mutable default would be shared by all Docs
DOC_ATTRS = (
    "khr_meta",       # dict: id, title, url, published, language, source, headings (from ingest)
    "khr_day",        # dict|None: day_of_war found in the text, with offsets
    "khr_date",       # str|None: the date the report is about (YYYY-MM-DD)
    "khr_dates",      # list[dict]: date mentions resolved against khr_date
    "khr_title",      # dict|None: {text, start, end}
    "khr_sections",   # list[dict]: {heading, start, end}
    "khr_episodes",   # list[dict]: programme episodes with guests and offsets
    "khr_mentions",   # list[dict]: entity mentions {start, end, text, label, kb, source}
    "khr_entities",   # list[dict]: linked entities (contract shape + internal keys)
    "khr_quotes",     # list[dict]: contract quotes
    "khr_events",     # list[dict]: contract events
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
