"""Hostile files (issue 14): each reproduction gives a clear per-line/per-file error or the right
document, with a warning when something was read other than as given; never a lost batch.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from khronika.ingest import IngestError, SourceDocument, read_inputs
from khronika.ingest.metadata import MAX_SOURCE_CHARS, MAX_TITLE_CHARS

EN = "Russian drones struck the port of Odesa overnight, injuring two people, the regional governor said on Sunday."
FR = "Le président a déclaré que l’armée avait repoussé une attaque près de Bakhmout — « c’est difficile »."
UK = "Збройні сили України звільнили село на Харківщині, повідомив Генштаб у неділю."


def read_all(*paths: Path, **kwargs) -> list[SourceDocument | IngestError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- JSON Lines ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", [None, "en"])
def test_lone_surrogate_costs_its_line_only(tmp_path: Path, lang: str | None) -> None:
    # json.dumps writes the lone surrogate as the escape \ud800, as a broken exporter would.
    path = jsonl(tmp_path / "s.jsonl",
                 json.dumps({"id": "good-1", "text": EN}),
                 json.dumps({"id": "bad", "text": "Kyiv \ud800 said", "title": "t"}),
                 json.dumps({"id": "good-2", "text": EN + " Again."}))
    first, bad, last = read_all(path, lang=lang)
    assert isinstance(bad, IngestError)
    assert (bad.origin, bad.id) == (f"{path}:2", "bad")
    assert bad.message == '"text" holds a lone surrogate (\\ud800 at character 5), which is not valid Unicode'
    assert [first.id, last.id] == ["good-1", "good-2"]  # type: ignore[union-attr]
    assert all(isinstance(d, SourceDocument) and d.language == "en" for d in (first, last))


def test_lone_surrogate_in_metadata_drops_the_field(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "m.jsonl", json.dumps({"id": "m", "text": EN, "title": "a\udc80b", "source": "S"}))
    (doc,) = read_all(path)
    assert isinstance(doc, SourceDocument)
    assert (doc.title, doc.source) == (None, "S")
    assert doc.warnings == ['"title" holds a lone surrogate: dropped']


@pytest.mark.parametrize(("published", "warning"), [
    ("yesterday", "'yesterday', not a date"),
    ("2023-02-30", "'2023-02-30', not a date"),
    (20230521, "must be a date string, not a number"),
    (["2023-05-21"], "must be a date string, not a list"),
])
def test_bad_published_drops_the_field_with_a_warning(tmp_path: Path, published: object, warning: str) -> None:
    path = jsonl(tmp_path / "d.jsonl", json.dumps({"id": "d", "text": EN, "published": published}))
    (doc,) = read_all(path)
    assert isinstance(doc, SourceDocument), doc
    assert doc.published is None and doc.text == EN
    assert len(doc.warnings) == 1 and warning in doc.warnings[0] and "dropped" in doc.warnings[0]


def test_metadata_is_capped(tmp_path: Path) -> None:
    huge = "Jour 455 " * 400_000  # 3.6 MB of title, as in the report
    path = jsonl(tmp_path / "big.jsonl", json.dumps({
        "id": "big", "text": EN, "title": huge, "source": "S" * 10_000, "url": "https://example.org/" + "a" * 3_000_000,
        "language": "x" * 5000}))
    (doc,) = read_all(path)
    assert isinstance(doc, SourceDocument)
    assert doc.title is not None and len(doc.title) == MAX_TITLE_CHARS and doc.title.endswith("…")
    assert doc.title.startswith("Jour 455 Jour 455")
    assert doc.source == "S" * (MAX_SOURCE_CHARS - 1) + "…"
    assert doc.url is None  # a cut URL would point elsewhere
    assert doc.language == "en"  # the bogus one dropped, the text's detected
    assert [w.split('"')[1] for w in doc.warnings] == ["title", "source", "url", "language"]


@pytest.mark.parametrize(("given", "message"), [
    ("doc\r\nSet-Cookie: x=1", '"id" holds a control character'),
    ("tab\there", '"id" holds a control character'),
    ("x" * 501, '"id" is 501 characters long, over the limit of 500'),
    ("a\ud800", '"id" holds a control character or a lone surrogate'),
])
def test_unusable_ids_are_refused_per_line(tmp_path: Path, given: str, message: str) -> None:
    path = jsonl(tmp_path / "ids.jsonl", json.dumps({"id": given, "text": EN}), json.dumps({"id": "ok", "text": EN}))
    bad, ok = read_all(path)
    assert isinstance(bad, IngestError) and bad.message.startswith(message), bad
    assert bad.id is None  # an unusable id is not carried into messages either
    assert isinstance(ok, SourceDocument) and ok.id == "ok"


def test_non_latin_ids_are_fine(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "uk.jsonl", json.dumps({"id": "документ-1", "text": UK}, ensure_ascii=False))
    (doc,) = read_all(path)
    assert isinstance(doc, SourceDocument) and doc.id == "документ-1"


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": 1' + "0" * 5000 + ', "text": "x"}', "not usable JSON"),
    ("[" * 100_000 + "]" * 100_000, "not usable JSON: nested too deeply"),
    ('{"text": "a\\u0000b"}', '"text" holds a NUL character (at character 1)'),
])
def test_json_that_breaks_the_parser_costs_its_line_only(tmp_path: Path, line: str, message: str) -> None:
    path = jsonl(tmp_path / "j.jsonl", line, json.dumps({"id": "ok", "text": EN}))
    bad, ok = read_all(path)
    assert isinstance(bad, IngestError) and bad.message.startswith(message), bad
    assert isinstance(ok, SourceDocument) and ok.id == "ok"


def test_an_id_reused_for_another_text_is_reported(tmp_path: Path) -> None:
    a = jsonl(tmp_path / "a.jsonl", json.dumps({"id": "day-455", "text": EN}),
              json.dumps({"id": "day-455", "text": EN}))  # the same document twice: fine
    b = jsonl(tmp_path / "b.jsonl", json.dumps({"id": "day-455", "text": FR}))
    first, same, other = read_all(a, b)
    assert isinstance(first, SourceDocument) and isinstance(same, SourceDocument)
    assert isinstance(other, IngestError)
    assert (other.origin, other.id) == (f"{b}:1", "day-455")
    assert other.message.startswith(f"the id 'day-455' is already used by {a}:1 for a different text")


# -- HTML -----------------------------------------------------------------------------------------

BODY = "<html><body><p>De violents combats ont eu lieu près de Bakhmout, selon le ministère.</p></body></html>"


@pytest.mark.parametrize("prolog", [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n',
    '<?xml version="1.0" encoding="utf-8"?>',
    '<?xml version="1.0"?>\n<?xml-stylesheet href="a.css"?>\n',
    "<!-- generated by a CMS, version 12.4.1, build 2023 -->\n",
])
def test_html_opening_with_an_xml_declaration_or_comment_is_read(tmp_path: Path, prolog: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(prolog + BODY, encoding="utf-8")
    (doc,) = read_all(path)
    assert isinstance(doc, SourceDocument), doc
    assert doc.text == "De violents combats ont eu lieu près de Bakhmout, selon le ministère."


def test_html_title_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "t.html"
    path.write_text(f"<html><head><title>{'Titre ' * 2000}</title></head>{BODY[6:]}", encoding="utf-8")
    (doc,) = read_all(path)
    assert isinstance(doc, SourceDocument) and doc.title is not None and len(doc.title) <= MAX_TITLE_CHARS


# -- stray bytes -----------------------------------------------------------------------------------

def test_stray_bytes_in_utf8_are_replaced_with_a_warning_not_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    good = FR.encode("utf-8")
    path.write_bytes(good + b" \x92 " + good)
    (doc,) = read_all(path)
    assert isinstance(doc, SourceDocument)
    assert doc.text == FR + " \ufffd " + FR  # every accent intact, the stray byte visible
    assert doc.warnings == [f"not valid UTF-8: 1 stray byte(s) (the first, byte 0x92 at offset {len(good) + 1}) "
                            "read as U+FFFD; the rest is UTF-8"]


def test_a_few_stray_bytes_in_ascii_are_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    data = (EN + " ").encode() * 20 + b"caf\xe9 " + (EN + " ").encode() * 20
    path.write_bytes(data)
    (doc,) = read_all(path)
    assert isinstance(doc, SourceDocument)
    assert "café" in doc.text and doc.text.count(EN) == 40
    assert len(doc.warnings) == 1 and "1 byte(s) outside ASCII" in doc.warnings[0]
    where = data.index(b"\xe9")
    assert "Windows-1252" in doc.warnings[0] and f"offset {where}" in doc.warnings[0]


def test_stray_bytes_in_english_never_become_cyrillic(tmp_path: Path) -> None:
    path = tmp_path / "koi.txt"
    path.write_bytes(b"Plain English text about Kyiv with stray bytes \x9d\x81 here and there \xff. " * 3)
    (result,) = read_all(path)
    if isinstance(result, SourceDocument):
        assert not any("\u0400" <= ch <= "\u04ff" for ch in result.text)
        assert result.warnings
    else:
        assert result.message.startswith("not valid UTF-8")


# -- found by the property tests (test_fuzz_ingest.py) ---------------------------------------------------

@pytest.mark.parametrize("page", [
    '</p><html><svg lang="fr">Un texte dans un dessin, près de Kharkiv.</svg>',
    '\ufeff<svg><script content="2023-05-24">x</script><svg><?xml>Un texte, enfin.</?xml>',
])
def test_html_that_breaks_the_date_finder_keeps_its_text(tmp_path: Path, page: str) -> None:
    # htmldate asserted on an <svg> root ("could not be read: AssertionError"): the page is read
    # again without metadata, with a warning, or refused with a clear message.
    path = tmp_path / "svg.html"
    path.write_text(page, encoding="utf-8")
    (result,) = read_all(path)
    if isinstance(result, SourceDocument):
        assert "metadata" in " ".join(result.warnings)
    else:
        assert result.message == "no main text found in the HTML"


def test_a_stray_nul_costs_its_jsonl_line_only(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_bytes(b"\x00\n" + json.dumps({"id": "last", "text": EN}).encode() + b"\n")
    bad, last = read_all(path)
    assert isinstance(bad, IngestError) and bad.message.startswith("not valid JSON") and bad.origin == f"{path}:1"
    assert isinstance(last, SourceDocument) and last.id == "last"


def test_warnings_are_logged_with_their_origin(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = jsonl(tmp_path / "w.jsonl", json.dumps({"id": "d", "text": EN, "published": "yesterday"}))
    with caplog.at_level("WARNING", logger="khronika.ingest"):
        (doc,) = read_all(path)
    assert isinstance(doc, SourceDocument)
    assert [r.getMessage() for r in caplog.records] == [f"warning {path}:1: {doc.warnings[0]}"]


def test_ingest_reports_an_id_stored_with_another_text(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from khronika import contract
    from khronika.cli import app
    from khronika.store import Store

    db = str(tmp_path / "k.db")
    with Store(db) as store:
        store.save(contract.empty_document("day-455", EN, language="en"))
    same = jsonl(tmp_path / "same.jsonl", json.dumps({"id": "day-455", "text": EN}))
    other = jsonl(tmp_path / "other.jsonl", json.dumps({"id": "day-455", "text": FR}))
    runner = CliRunner()
    ok = runner.invoke(app, ["ingest", str(same), "--db", db])
    assert ok.exit_code == 0 and "1 already stored, 0 error(s)" in ok.output.replace("\n", " ")
    bad = runner.invoke(app, ["ingest", str(other), "--db", db])
    assert bad.exit_code == 1
    assert "the id 'day-455' is already stored with another text" in " ".join(bad.output.split())
    with Store(db) as store:
        assert store.get("day-455")["text"] == EN  # type: ignore[index]
