"""One document never takes down a batch (issue 13): the uk/ru segfault at its cause, and a forced
native crash or a Python error in one document costing that document only."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import khronika.nlp.analyze as analyze_module
from khronika.cli import app
from khronika.ingest import SourceDocument
from khronika.store import Store

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="isolation needs fork")

CRASH = "ЗБІЙ-ТУТ"      # a document holding this word kills the process natively (a test hook below)
RAISE = "ПОМИЛКА-ТУТ"   # ... or raises a Python error


@pytest.fixture
def crashing_pipeline(monkeypatch):
    """Make the analysis of marked documents die with SIGSEGV (as a C extension would) or raise.
    The forked worker inherits the patch."""
    real = analyze_module.to_contract

    def to_contract(doc):
        if CRASH in doc.text:
            os.kill(os.getpid(), signal.SIGSEGV)
        if RAISE in doc.text:
            raise RuntimeError("a component broke")
        return real(doc)

    monkeypatch.setattr(analyze_module, "to_contract", to_contract)


def _report(i: int, marker: str = "") -> str:
    return f"Харків, 23 травня 2023 року. Зведення {i}: обстріл околиць міста, поранено двох людей. {marker}"


@pytest.mark.parametrize("text, lang", [("''захват", "ru"), ("а): підтримку", "uk"),
                                          ("Вони ''не захопили'' місто.", "ru")])
def test_the_smallest_reproductions_no_longer_crash(text, lang):
    # In a fresh interpreter without isolation: a segfault here would be exit status -11.
    code = ("import json,sys; from khronika.nlp.analyze import Analyzer; from khronika.ingest import SourceDocument;"
            f"d=Analyzer().analyze(SourceDocument(text={text!r}, origin='-', language={lang!r}));"
            "print(json.dumps(d))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = json.loads(proc.stdout)
    assert doc["text"] == text and doc["document"]["language"] == lang


def test_a_native_crash_costs_one_document_and_names_it(crashing_pipeline):
    analyzer = analyze_module.Analyzer(isolate=True)
    docs = [SourceDocument(text=_report(i, CRASH if i == 5 else RAISE if i == 11 else ""), origin=f"report-{i}.txt",
                           language="uk") for i in range(20)]
    try:
        out = list(analyzer.analyze_many(docs))
    finally:
        analyzer.close()
    assert len(out) == 20
    failed = {o["path"]: o["error"] for o in out if "error" in o}
    assert set(failed) == {"report-5.txt", "report-11.txt"}
    assert "the analysis crashed (SIGSEGV)" in failed["report-5.txt"]
    assert "RuntimeError: a component broke" in failed["report-11.txt"]
    good = [o for o in out if "error" not in o]
    assert [o["text"] for o in good] == [d.text for i, d in enumerate(docs) if i not in (5, 11)]
    assert all(any(e["name"] == "Kharkiv" for e in o["entities"]) for o in good)


def test_ingest_stores_the_twenty_good_documents_beside_a_crashing_one(crashing_pipeline, tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(20):
        (folder / f"report-{i:02d}.txt").write_text(_report(i), encoding="utf-8")
    (folder / "poison.txt").write_text(_report(99, CRASH), encoding="utf-8")
    db = str(tmp_path / "k.db")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db, "--lang", "uk"])
    assert result.exit_code == 1
    assert "poison.txt" in result.stderr and "crashed" in result.stderr
    assert "stored 20 new document(s)" in result.stderr
    with Store(db) as store:
        texts = {doc["text"] for doc in store.iter_documents()}
    assert texts == {_report(i) for i in range(20)}
    # the same batch again: nothing changes, the poison is reported again
    again = CliRunner().invoke(app, ["ingest", str(folder), "--db", db, "--lang", "uk"])
    assert "stored 0 new document(s), 20 already stored, 1 error(s)" in again.stderr


def _toy_work(items):
    out = []
    for item in items:
        if item == "segv":
            os.kill(os.getpid(), signal.SIGSEGV)
        if item == "abort":
            os.abort()
        if item == "slow":
            import time
            time.sleep(30)
        if item == "raise":
            raise ValueError("bad item")
        out.append({"item": item, "pid": os.getpid()})
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_the_runner_names_each_failure_and_keeps_order(monkeypatch, workers):
    from khronika.nlp.isolation import IsolatedRunner

    monkeypatch.setenv("KHRONIKA_DOC_TIMEOUT", "2")
    runner = IsolatedRunner(_toy_work, lambda item, why: {"item": item, "error": why}, workers=workers)
    items = ["a", "segv", "b", "raise", "c", "abort", "slow", "d"]
    try:
        out = list(runner.run(items, batch_size=3))
    finally:
        runner.close()
    assert [o["item"] for o in out] == items
    errors = {o["item"]: o["error"] for o in out if "error" in o}
    # the worker is our own process: its exit code, and so the signal, is always there to read
    assert errors == {
        "segv": "the analysis crashed (SIGSEGV) on this document",
        "raise": "the analysis failed on this document: ValueError: bad item",
        "abort": "the analysis crashed (SIGABRT) on this document",
        "slow": "the analysis ran longer than 2 s on this document and was stopped",
    }
    pids = {o["pid"] for o in out if "error" not in o}
    assert os.getpid() not in pids and len(pids) >= workers


def test_two_processes_in_the_worker_share_the_batch_and_give_the_same_output(analyzer):
    docs = [SourceDocument(text=_report(i), origin=f"report-{i}.txt", language="uk") for i in range(6)]
    two = analyze_module.Analyzer(n_process=2, batch_size=2, isolate=True, _pipelines=analyzer._pipelines)
    try:
        out = list(two.analyze_many(docs))
    finally:
        two.close()
    assert out == [analyzer.analyze(d) for d in docs]
    assert all(any(e["name"] == "Kharkiv" for e in o["entities"]) for o in out)
