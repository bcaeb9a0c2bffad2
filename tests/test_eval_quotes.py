"""`khronika eval quotes`: the BRAT reader, the measure, and the command on PolNeAR."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khronika.eval.quotes import GoldDocument, parse_ann, read_corpus, score_document

TEXT = "Officials said the bridge was closed. \"It will reopen,\" she added. Polls show a tie."
ANN = "\n".join([
    "T1\tSource 0 9\tOfficials",
    "T2\tCue 10 14\tsaid",
    "T3\tContent 15 36\tthe bridge was closed",
    "T4\tAttribution 10 14\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    "T5\tContent 38 47;47 55\t\"It will reopen,\"",
    "T6\tSource 56 59\tshe",
    "T7\tCue 60 65\tadded",
    "T8\tAttribution 60 65\tadded",
    "E2\tAttribution:T8 Source:T6 Cue:T7 Content:T5",
    "T9\tContent 78 83\ta tie",
    "T10\tAttribution-no-source 67 77\tPolls show",
    "E3\tAttribution-no-source:T10 Content:T9",
    "T11\tDiscuss 0 36\tOfficials said the bridge was closed",
])


def quote(cs, ce, ss=None, se=None, speaker=None):
    return {"content_start": cs, "content_end": ce, "speaker_start": ss, "speaker_end": se, "speaker": speaker}


def test_parse_ann_reads_relations_and_fragments():
    atts = parse_ann(ANN)
    assert [a.id for a in atts] == ["E1", "E2", "E3"]
    assert atts[0].source == [(0, 9)] and atts[0].cue == [(10, 14)] and atts[0].content == [(15, 36)]
    assert atts[1].content == [(38, 47), (47, 55)]
    assert atts[2].source == []                          # no source: the full measure cannot find it


def test_read_corpus_takes_one_annotator_per_article(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "a_4b22.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "a_ef2d.ann").write_text("", encoding="utf-8")
    (docs,) = read_corpus(tmp_path)
    assert docs.name == "a" and len(docs.attributions) == 3


def test_read_corpus_plain_brat_and_errors(tmp_path):
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.ann").write_text(ANN, encoding="utf-8")
    assert len(read_corpus(tmp_path, limit=1)) == 1
    with pytest.raises(FileNotFoundError):
        read_corpus(tmp_path / "nowhere")


def test_half_of_the_gold_content_and_a_speaker_mention():
    gold = GoldDocument("a", TEXT, parse_ann(ANN))
    preds = [
        quote(15, 36, 0, 9),                    # found
        quote(38, 46, 56, 59),                  # 8 of 17 content chars: not half
        quote(73, 83, 67, 72),                  # content right, but the gold has no source
    ]
    c = score_document(gold, {"quotes": preds, "entities": []})
    assert (c.gold, c.predicted, c.found, c.content_found) == (3, 3, 1, 2)


def test_a_mention_of_the_speaker_entity_counts():
    gold = GoldDocument("a", TEXT, parse_ann(ANN))
    ents = [{"id": "x", "mentions": [{"start": 56, "end": 59, "text": "she"}]}]
    c = score_document(gold, {"quotes": [quote(38, 55, None, None, "x")], "entities": ents})
    assert c.found == 1


def test_one_prediction_finds_one_gold_only():
    gold = GoldDocument("a", TEXT, parse_ann(ANN))
    c = score_document(gold, {"quotes": [quote(0, 83, 0, 65)], "entities": []})
    assert c.content_found == 1


@pytest.fixture(scope="module")
def polnear_dev(shared_data):
    path = shared_data / "polnear" / "dev"
    if not path.exists():
        pytest.skip(f"PolNeAR not found at {path}")
    return path


@pytest.mark.slow
def test_command_prints_a_table_and_json(polnear_dev):
    from khronika.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["eval", "quotes", str(polnear_dev), "--limit", "3"])
    assert res.exit_code == 0, res.output
    assert "content + speaker" in res.output and "content only" in res.output
    res = runner.invoke(app, ["eval", "quotes", str(polnear_dev), "--limit", "2", "--json"])
    scores = json.loads(res.output)
    assert scores["documents"] == 2 and 0 <= scores["full"]["f1"] <= 1


@pytest.mark.slow
def test_polnear_dev_f1_reaches_the_target(polnear_dev, analyzer):
    """Issue 4: F1 >= 0.60 end to end (content half-overlap + speaker mention) on held-out PolNeAR."""
    from khronika.eval.quotes import evaluate, khronika_analyse

    scores = evaluate(read_corpus(polnear_dev), lambda docs: khronika_analyse(docs, analyzer))
    assert scores["full"]["f1"] >= 0.60, scores
