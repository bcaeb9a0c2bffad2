"""Property tests of the ingest layer (hypothesis): any bytes, any encoding, any JSON Lines line,
any HTML page gives, for each input, a SourceDocument or a clear IngestError; never an exception,
never the catch-all "could not be read: SomeError" that means a reader met something it did not
expect. No NLP here (fast); failures found so far are kept as explicit examples (@example) and
as named regression tests in test_ingest_hostile.py.
"""
from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from khronika.ingest import IngestError, SourceDocument, read_inputs

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXTENSIONS = (".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".rss", "")


def read_bytes(data: bytes, ext: str, **kwargs: object) -> list[SourceDocument | IngestError]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{ext}"
        path.write_bytes(data)
        return list(read_inputs([str(path)], **kwargs))  # type: ignore[arg-type]


def check(results: list[SourceDocument | IngestError]) -> None:
    assert results, "every input gives at least one result"
    for r in results:
        if isinstance(r, IngestError):
            assert r.message and not r.message.startswith("could not be read:"), r.message
            r.message.encode("utf-8")  # printable as is
            assert r.id is None or ("\n" not in r.id and "\r" not in r.id)
        else:
            assert isinstance(r, SourceDocument)
            assert r.text.strip()
            r.text.encode("utf-8")  # no lone surrogate reaches the NLP layer or the store
            assert "\x00" not in r.text
            assert r.language
            for value in (r.id, r.title, r.url, r.source, r.published, *r.warnings):
                if value is not None:
                    value.encode("utf-8")
            assert r.title is None or len(r.title) <= 500
            assert r.published is None or (len(r.published) == 10 and r.published[4] == "-")


@FUZZ
@given(data=st.binary(max_size=3000), ext=st.sampled_from(EXTENSIONS))
@example(data=b"Plain ASCII with stray bytes \x9d\x81 here \xff.", ext=".txt")
@example(data=b'{"id": "a", "text": "x \\ud800 y"}\n{"text": "ok then"}\n', ext=".jsonl")
@example(data=b'<?xml version="1.0" encoding="utf-8"?><html><body><p>Un texte.</p></body></html>', ext=".html")
@example(data=b'{"id": 1' + b"0" * 5000 + b', "text": "x"}', ext=".json")
@example(data=b"[" * 50_000, ext=".jsonl")
def test_any_bytes(data: bytes, ext: str) -> None:
    check(read_bytes(data, ext))


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1251", "cp1252", "latin-1",
             "koi8-r", "koi8-u", "mac-cyrillic", "cp866", "iso8859-5", "shift_jis", "gb18030")


@FUZZ
@given(text=st.text(min_size=1, max_size=400), encoding=st.sampled_from(ENCODINGS),
       ext=st.sampled_from((".txt", ".md", ".html")))
def test_any_text_in_any_encoding(text: str, encoding: str, ext: str) -> None:
    data = text.encode(encoding, "replace")
    results = read_bytes(data, ext)
    check(results)
    # UTF-8, and UTF-16/32 with their byte-order mark, are read back exactly (a .txt is kept as is).
    exact = encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32") and not text.startswith("\ufeff")
    if ext == ".txt" and exact and isinstance(results[0], SourceDocument):
        assert results[0].text == text and not results[0].warnings


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
FIELD = st.sampled_from(("id", "text", "title", "url", "published", "language", "source", "extra"))
RECORDS = st.dictionaries(FIELD, JSON_VALUES | st.text(max_size=300), max_size=7)


@FUZZ
@given(lines=st.lists(RECORDS | JSON_VALUES, min_size=1, max_size=6), lang=st.sampled_from((None, "en")))
@example(lines=[{"id": "a", "text": "x \ud800"}, {"id": "b", "text": "fine"}], lang="en")
@example(lines=[{"id": "a\r\nb", "text": "x"}, {"text": "y", "published": 7}], lang=None)
@example(lines=[{"id": "dup", "text": "one"}, {"id": "dup", "text": "two"}], lang=None)
def test_any_json_lines(lines: list[object], lang: str | None) -> None:
    data = "\n".join(json.dumps(line, ensure_ascii=True) for line in lines).encode() + b"\n"
    results = read_bytes(data, ".jsonl", lang=lang)
    check(results)
    assert len(results) == len(lines)  # one result per line: a bad line costs that line only


@FUZZ
@given(data=st.data())
def test_any_json_lines_bytes_per_line(data: st.DataObject) -> None:
    lines = data.draw(st.lists(st.binary(max_size=200).filter(lambda b: b"\n" not in b and b.strip()),
                               min_size=1, max_size=5))
    good = json.dumps({"id": "last", "text": "The last line is fine."}).encode()
    results = read_bytes(b"\n".join([*lines, good]) + b"\n", ".jsonl")
    check(results)
    assert isinstance(results[-1], SourceDocument) and results[-1].id == "last"


TAGS = ("html", "head", "title", "body", "article", "main", "div", "p", "h1", "h2", "ul", "li", "table", "tr", "td",
        "script", "style", "br", "span", "a", "meta", "!--", "?xml", "![CDATA[", "svg", "math")
WORDS = st.text(alphabet=string.ascii_letters + "àéçèÀ Бахмут«»—’ \n", min_size=0, max_size=60)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            attr = draw(st.sampled_from(("", ' class="x"', " charset=utf-8", ' content="2023-05-24"', ' lang="fr"')))
            parts.append(f"<{tag}{attr}>{draw(WORDS)}</{tag}>")
        else:
            parts.append(draw(WORDS))
    return "".join(parts)


@FUZZ
@given(page=html_pages(), prolog=st.sampled_from(("", '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n',
                                                  "<!DOCTYPE html>", "\ufeff")))
@example(page="<html><body><p>De violents combats près de Bakhmout.</p></body></html>",
         prolog='<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n')
@example(page='</p><html><svg lang="fr">f»mLtnZJDTXаuUZkxQ’A</svg>', prolog="")  # htmldate's AssertionError
def test_any_html(page: str, prolog: str) -> None:
    check(read_bytes((prolog + page).encode("utf-8"), ".html"))


@pytest.mark.parametrize("ext", [".txt", ".jsonl", ".html"])
def test_nothing_but_whitespace_and_controls(ext: str) -> None:
    for data in (b"", b"\n\n", b"\x1a\x1b \t", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff\x00"):
        check(read_bytes(data, ext))
