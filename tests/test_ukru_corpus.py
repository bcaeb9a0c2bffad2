"""Every Russian and Ukrainian document in ../shared/data goes through `khronika analyze` (the
command users run) without a crash or an analysis error: BSNLP raw documents, NEREL, and NER-UK
(its sentences regrouped into documents of 30)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SENTENCES_PER_DOC = 30


def _ner_uk_documents(iob: Path, out: Path) -> int:
    """NER-UK's IOB file as a JSON Lines file of documents; returns how many."""
    docs, sentence, sentences = [], [], []
    for line in iob.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            sentence.append(line.rsplit(" ", 1)[0])
            continue
        if sentence:
            sentences.append(" ".join(sentence))
            sentence = []
        if len(sentences) == SENTENCES_PER_DOC:
            docs.append(" ".join(sentences))
            sentences = []
    if sentences:
        docs.append(" ".join(sentences))
    with out.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(docs):
            fh.write(json.dumps({"id": f"ner-uk-{i}", "text": text}, ensure_ascii=False) + "\n")
    return len(docs)


def _analyze(paths: list[Path], lang: str) -> list[dict]:
    cmd = [sys.executable, "-m", "khronika.cli", "analyze", *map(str, paths), "--json", "--lang", lang, "--n-process", "2"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def _corpus(shared_data: Path, lang: str, tmp_path: Path) -> tuple[list[Path], int]:
    bsnlp = sorted(shared_data.glob(f"bsnlp/*/raw/{lang}"))
    paths: list[Path] = list(bsnlp)
    expected = sum(len(list(p.glob("*.txt"))) for p in bsnlp)
    if lang == "ru":
        for split in ("train", "dev", "test"):
            folder = shared_data / "nerel" / split
            if folder.is_dir():
                paths.append(folder)
                expected += len(list(folder.glob("*.txt")))
    else:
        iob = shared_data / "ner-uk" / "train.iob"
        if iob.exists():
            jsonl = tmp_path / "ner-uk.jsonl"
            expected += _ner_uk_documents(iob, jsonl)
            paths.append(jsonl)
    return paths, expected


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_every_shared_document_is_analyzed_without_a_crash(shared_data: Path, lang: str, tmp_path: Path):
    paths, expected = _corpus(shared_data, lang, tmp_path)
    if not expected:
        pytest.skip(f"no {lang} documents under {shared_data}")
    out = _analyze(paths, lang)
    failed = [(d.get("path"), d["error"]) for d in out if "error" in d]
    assert not failed, failed[:5]
    assert len(out) == expected
    assert all(d["document"]["language"] == lang for d in out)
    # not just "it ran": the pipeline found people and places across the corpus
    types = {e["type"] for d in out for e in d["entities"]}
    assert {"PERSON", "PLACE", "ORG"} <= types
