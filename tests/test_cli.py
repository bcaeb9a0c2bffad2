"""The command line end to end: analyze --json, ingest (idempotent, hostile batch), export, demo."""
from __future__ import annotations

import json
import os
import sqlite3

import pytest
from typer.testing import CliRunner

from khronika.cli import app
from khronika.contract import schema_errors

runner = CliRunner()

EN_REPORT = (
    "Day 460 of the war: shelling continues near Avdiivka\n\n"
    "Ukraine's deputy defence minister Hanna Malyar said on Monday that Russian forces had lost ground "
    "on the southern flank of Bakhmut. Kremlin spokesman Dmitry Peskov declined to comment.\n"
)
UK_REPORT_CP1251 = (
    "Речник Кремля Дмитро Пєсков заявив, що ситуація на кордоні залишається напруженою. "
    "Міністр оборони України повідомив про обстріли Херсонщини."
)


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.slow
def test_analyze_json_on_the_seed_gives_one_valid_contract_object(seed_path):
    result = _run("analyze", str(seed_path), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert schema_errors(doc) == []
    assert doc["document"]["day_of_war"] == 454
    assert doc["document"]["language"] == "fr"


@pytest.mark.slow
def test_ingest_twice_keeps_one_document_and_export_gives_the_contract_object(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(EN_REPORT, encoding="utf-8")
    db = str(tmp_path / "k.db")
    assert _run("ingest", str(src), "--db", db).exit_code == 0
    assert _run("ingest", str(src), "--db", db).exit_code == 0
    assert sqlite3.connect(db).execute("select count(*) from documents").fetchone()[0] == 1
    out = tmp_path / "out.jsonl"
    assert _run("export", "--format", "jsonl", "--out", str(out), "--db", db).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert schema_errors(doc) == []
    assert doc["text"] == EN_REPORT
    names = {e["name"] for e in doc["entities"]}
    assert {"Hanna Malyar", "Dmitry Peskov"} <= names


@pytest.mark.slow
def test_hostile_batch_reports_each_bad_file_stores_the_good_and_loses_nothing(tmp_path):
    db = str(tmp_path / "k.db")
    first = tmp_path / "first.txt"
    first.write_text(EN_REPORT, encoding="utf-8")
    assert _run("ingest", str(first), "--db", db).exit_code == 0

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "empty.txt").write_text("")
    (batch / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    (batch / "garbage.txt").write_bytes(b"ok \xff\xfe\xfa\x00\x81 " * 50)
    (batch / "cp1251.txt").write_bytes(UK_REPORT_CP1251.encode("cp1251"))
    (batch / "huge.txt").write_text("Kyiv. " * (20 * 1024 * 1024 // 6 + 1), encoding="utf-8")
    (batch / "nobody.html").write_text("<html><head><title>x</title></head><body></body></html>")
    (batch / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Strike on Kupiansk</title><link>https://example.org/1</link>"
        "<description>Two people were killed in Kupiansk, the governor said.</description></item>"
        "<item><link>https://example.org/2</link></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    result = _run("ingest", str(batch), "--db", db)
    assert result.exit_code != 0
    messages = result.stderr
    for name, problem in [("empty.txt", "empty"), ("binary.txt", "binary"), ("garbage.txt", ""),
                          ("huge.txt", "too large"), ("nobody.html", "no main text"), ("feed.xml#entry-2", "no text")]:
        line = next((m for m in messages.splitlines() if name in m), None)
        assert line is not None, f"no message for {name}: {messages}"
        assert problem in line
    con = sqlite3.connect(db)
    texts = [r[0] for r in con.execute("select text from documents")]
    assert EN_REPORT in texts                       # nothing already stored is lost
    assert UK_REPORT_CP1251 in texts                # cp1251 decoded exactly
    assert any("Kupiansk" in t for t in texts)      # the feed's good entry
    assert len(texts) == 3


@pytest.mark.slow
def test_eval_geocode_command_scores_geovirus(shared_data):
    corpus = shared_data / "geoparsing" / "GeoVirus.xml"
    if not corpus.exists():
        pytest.skip(f"{corpus} not found")
    result = _run("eval", "geocode", str(corpus), "--limit", "10", "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["gold_toponyms"] > 0
    assert scores["acc161"] >= 0.6          # measured 0.74 on the first 20 articles


def test_gazetteer_commands_are_there():
    result = _run("gazetteer", "--help")
    assert result.exit_code == 0
    assert "build" in result.stdout and "import" in result.stdout
