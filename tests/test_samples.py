"""The pipeline on the bundled samples (unseen by the KB tuning), and on the seed without a KB."""
from __future__ import annotations

import json

import pytest

from khronika.cli import sample_files
from khronika.contract import schema_errors
from khronika.ingest import SourceDocument, read_inputs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def samples(analyzer):
    docs = [d for d in read_inputs(sample_files()) if isinstance(d, SourceDocument)]
    return {d.origin.rsplit("/", 1)[-1]: out for d, out in zip(docs, analyzer.analyze_many(docs))}


def by_mention(doc, surface):
    for e in doc["entities"]:
        if any(m["text"] == surface for m in e["mentions"]):
            return e
    raise AssertionError(f"{surface!r} not found among {[e['name'] for e in doc['entities']]}")


def test_every_sample_is_a_valid_contract_object(samples):
    assert len(samples) >= 12
    for name, doc in samples.items():
        assert schema_errors(doc) == [], name


def test_english_digest(samples):
    doc = samples["en_digest_day456.txt"]
    assert (doc["document"]["language"], doc["document"]["day_of_war"], doc["document"]["date"]) == ("en", 456, "2023-05-25")
    maliar = by_mention(doc, "Hanna Maliar")
    assert maliar["type"] == "PERSON" and maliar["id"] == "kb:malyar"
    assert any("Deputy Defence Minister" in r for r in maliar["roles"])
    assert by_mention(doc, "Maliar")["id"] == maliar["id"]
    assert any("Secretary General" in r for r in by_mention(doc, "Jens Stoltenberg")["roles"])
    barabash = by_mention(doc, "Vitalii Barabash")            # not in the KB: a deterministic id
    assert barabash["type"] == "PERSON" and barabash["id"].startswith("person:")
    assert "head of the Avdiivka city military administration" in barabash["roles"]


def test_french_digest(samples):
    doc = samples["fr_digest_day455.txt"]
    assert (doc["document"]["language"], doc["document"]["day_of_war"], doc["document"]["date"]) == ("fr", 455, "2023-05-24")
    assert "ministre ukrainien des Affaires étrangères" in by_mention(doc, "Dmytro Kouleba")["roles"]
    synehoubov = by_mention(doc, "Oleh Synehoubov")
    assert synehoubov["type"] == "PERSON"
    assert by_mention(doc, "Synehoubov")["id"] == synehoubov["id"]
    assert "porte-parole du Kremlin" in by_mention(doc, "Dmitri Peskov")["roles"]


def test_ukrainian_statement(samples):
    doc = samples["uk_statement.txt"]
    assert (doc["document"]["language"], doc["document"]["day_of_war"], doc["document"]["date"]) == ("uk", 455, "2023-05-24")
    yusov = by_mention(doc, "Андрій Юсов")
    assert yusov["id"] == "kb:yusov" and by_mention(doc, "Юсов")["id"] == "kb:yusov"
    assert by_mention(doc, "Олега Синєгубова")["id"] == by_mention(doc, "Синєгубов")["id"]   # inflected name
    assert by_mention(doc, "Ганна Маляр")["id"] == "kb:malyar"


def test_russian_report(samples):
    doc = samples["ru_report.txt"]
    assert doc["document"]["language"] == "ru"
    peskov = by_mention(doc, "Дмитрий Песков")
    assert peskov["id"] == "kb:peskov"
    assert by_mention(doc, "Пескова")["id"] == "kb:peskov"
    assert by_mention(doc, "Вячеслав Гладков")["type"] == "PERSON"


def test_one_person_one_id_across_languages(samples):
    ids = {by_mention(samples["fr_digest_day455.txt"], "Dmitri Peskov")["id"],
           by_mention(samples["ru_report.txt"], "Дмитрий Песков")["id"]}
    assert ids == {"kb:peskov"}


def test_the_seed_without_a_knowledge_base(tmp_path, seed_text):
    """Names the KB lacks still come out as persons with roles and stable ids."""
    from khronika.nlp.analyze import Analyzer

    empty = tmp_path / "kb.json"
    empty.write_text(json.dumps({"version": 1, "actors": []}))
    doc = Analyzer(kb_path=str(empty)).analyze(SourceDocument(text=seed_text, origin="seed", language="fr"))
    persons = {e["name"] for e in doc["entities"] if e["type"] == "PERSON"}
    for name in ("Dmitri Peskov", "Andriy Yusov", "Yuriy Sodol", "Hanna Malyar", "Xi Jinping", "Valeriy Chaly",
                 "Natalia Butyrska", "Vitaliy Portnikov", "Volodymyr Zelenskyi"):
        assert name in persons
    peskov = by_mention(doc, "Dmitri Peskov")
    assert peskov["id"] == "person:dmitri-peskov"
    assert "porte-parole du Kremlin" in peskov["roles"]
    assert [m["text"] for m in peskov["mentions"]].count("Peskov") >= 2
