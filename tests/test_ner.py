"""uk/ru NER: gold readers, training corpora, scores, and the shipped models in the pipelines."""
from __future__ import annotations

import pytest

from khronika.eval.ner import score
from khronika.gold.ner import GoldDoc, normalize_form, parse_brat, project_forms, read_bsnlp, read_iob
from khronika.nlp.ner_train.corpora import HELD_OUT_TOPIC, name_spans, nerukr_split

IOB = """Президент B-JOB
Володимир B-PERS
Зеленський I-PERS
прибув O
до O
Києва B-LOC
( O
Україна B-LOC
) O
. O


Верховна B-ORG
Рада I-ORG
заявила O
, O
що O





Новий O
абзац O
. O
"""


def test_iob_text_and_spans(tmp_path):
    path = tmp_path / "x.iob"
    path.write_text(IOB, encoding="utf-8")
    [doc] = read_iob(path)
    assert doc.text.startswith("Президент Володимир Зеленський прибув до Києва (Україна). Верховна Рада заявила, що")
    assert "\n\nНовий абзац." in doc.text
    got = [(doc.text[s:e], label) for s, e, label in doc.spans]
    assert got == [("Володимир Зеленський", "PER"), ("Києва", "LOC"), ("Україна", "LOC"), ("Верховна Рада", "ORG")]


def test_brat_types_nesting_and_discontinuous():
    ann = ("T1\tORGANIZATION 0 12\tМВД Киргизии\nT2\tCOUNTRY 4 12\tКиргизии\nT3\tPROFESSION 20 27\tминистр\n"
           "T4\tCITY 30 35;40 44\tx\nR1\tHEADQUARTERED_IN Arg1:T1 Arg2:T2\n")
    assert parse_brat(ann) == [(0, 12, "ORG"), (4, 12, "LOC")]
    assert parse_brat(ann, outermost=True) == [(0, 12, "ORG")]


def test_training_flattens_nested_to_names():
    text = "столицы США и МВД Киргизии"
    spans = [(0, 11, "LOC"), (8, 11, "LOC"), (14, 26, "ORG"), (18, 26, "LOC")]
    assert [(text[s:e], label) for s, e, label in name_spans(text, spans)] == [("США", "LOC"), ("МВД Киргизии", "ORG")]


def test_bsnlp_projection_skips_common_nouns():
    text = "Комісія ЄС заявила. Ця комісія та Європейська Комісія."
    spans = project_forms(text, {("комісія", "ORG"), ("європейська комісія", "ORG")})
    assert [text[s:e] for s, e, _ in spans] == ["Комісія", "Європейська Комісія"]
    assert normalize_form("«Нафтогаз»  України") == "нафтогаз україни"


def test_exact_and_document_level_scores():
    doc = GoldDoc("d", "Олена Зеркаль у Києві. Зеркаль", spans=[(0, 13, "PER"), (16, 21, "LOC"), (23, 30, "PER")])
    s = score([doc], [[(0, 13, "PER"), (16, 21, "ORG")]], "iob")
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 2)
    assert s["by_label"]["PER"]["recall"] == 0.5
    doc.forms = {("олена зеркаль", "PER"), ("зеркаль", "PER"), ("києві", "LOC")}
    s = score([doc], [[(0, 13, "PER"), (23, 30, "PER"), (16, 21, "LOC"), (16, 21, "LOC")]], "bsnlp")
    assert s["f1"] == 1.0


def test_nerukr_split_is_disjoint():
    docs = [GoldDoc(str(i), "x") for i in range(30)]
    parts = [{d.name for d in nerukr_split(docs, p)} for p in ("train", "dev", "heldout")]
    assert sum(map(len, parts)) == 30 and not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])
    assert parts[2] == {"9", "19", "29"}


def test_bsnlp_reader_holds_out_a_topic(shared_data):
    root = shared_data / "bsnlp"
    if not root.is_dir():
        pytest.skip("no BSNLP data")
    held = read_bsnlp(root, "uk", topics=[HELD_OUT_TOPIC])
    assert held and all(d.name.startswith(HELD_OUT_TOPIC + "/") for d in held)
    assert all(not d.text.startswith(("http", d.name.split("/")[1])) for d in held)   # header lines gone
    assert any(("київ", "LOC") in d.forms for d in held)


# -- the base pipelines ---------------------------------------------------------------------
def test_cached_lemmas_equal_spacys():
    import spacy

    from khronika.nlp import cached_lemmas  # noqa: F401

    text = "Зеленський заявив журналістам у Києві, що Зеленського підтримали. Зеленському дякують."
    plain = spacy.blank("uk")
    plain.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
    plain.initialize()
    cached = spacy.blank("uk")
    cached.add_pipe("khronika_lemmatizer")
    for _ in range(2):  # the second pass reads the cache
        assert [t.lemma_ for t in cached(text)] == [t.lemma_ for t in plain(text)]
    assert "зеленський" in {t.lemma_.lower() for t in cached(text)}


def test_ner_choice_env(monkeypatch):
    from khronika.nlp import ner
    from khronika.nlp.languages import DEFAULT_NER, ner_choice

    monkeypatch.setenv("KHRONIKA_NER", "natasha")
    assert ner_choice("uk") == "natasha"
    monkeypatch.delenv("KHRONIKA_NER")
    assert ner_choice("uk") == (DEFAULT_NER["uk"] if ner.has_model("uk") else "natasha")
    monkeypatch.setenv("KHRONIKA_NER", "bogus")
    with pytest.raises(ValueError):
        ner_choice("uk")


@pytest.mark.slow
def test_trained_uk_model_in_the_pipeline(monkeypatch):
    from khronika.ingest import SourceDocument
    from khronika.nlp import ner
    from khronika.nlp.analyze import Analyzer

    assert ner.has_model("uk"), "the trained uk model is no longer shipped (src/khronika/nlp/ner/models/uk)"
    monkeypatch.setenv("KHRONIKA_NER", "trained")
    analyzer = Analyzer()
    assert {"tok2vec", "ner"} <= set(analyzer.pipeline("uk").pipe_names)
    text = ("Президент України Володимир Зеленський провів переговори з канцлером Німеччини Олафом Шольцом. "
            "Після зустрічі Зеленський подякував Шольцу за підтримку.")
    out = analyzer.analyze(SourceDocument(text=text, origin="t", language="uk"))
    persons = {m["text"] for e in out["entities"] if e["type"] == "PERSON" for m in e["mentions"]}
    assert {"Володимир Зеленський", "Олафом Шольцом"} <= persons


@pytest.mark.slow
def test_trained_uk_model_on_held_out_ner_uk(shared_data, monkeypatch):
    from khronika.eval.ner import bare_predict, score
    from khronika.nlp import ner

    path = shared_data / "ner-uk" / "train.iob"
    if not path.exists():
        pytest.skip("no NER-UK data")
    assert ner.has_model("uk"), "the trained uk model is no longer shipped"
    monkeypatch.setenv("KHRONIKA_NER", "trained")
    docs = nerukr_split(read_iob(path), "heldout")[:6]
    result = score(docs, bare_predict(docs, "uk"), "iob")
    assert result["f1"] >= 0.7 and result["by_label"]["PER"]["f1"] >= 0.75


@pytest.mark.slow
def test_eval_ner_command_reads_a_bsnlp_topic(tmp_path):
    import json

    from typer.testing import CliRunner

    from khronika.cli import app

    topic = tmp_path / "topic"
    (topic / "raw" / "uk").mkdir(parents=True)
    (topic / "annotated" / "uk").mkdir(parents=True)
    (topic / "raw" / "uk" / "a.txt").write_text(
        "uk-1\nuk\n2022-03-01\nhttp://example.org/a\nУ Києві та Харкові лунали сирени.\n", encoding="utf-8")
    (topic / "annotated" / "uk" / "a.out").write_text(
        "uk-1\nКиєві\tКиїв\tLOC\tGPE-Kyiv\nХаркові\tХарків\tLOC\tGPE-Kharkiv\nсирени\tсирена\tPRO\tx\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "ner", str(topic), "--lang", "uk", "--json", "--no-bare"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["format"] == "bsnlp" and scores["pipeline"]["documents"] == 1
    assert scores["pipeline"]["by_label"]["LOC"]["tp"] == 2   # PRO is not scored
