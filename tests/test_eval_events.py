"""`khronika eval events` and `khronika train events` on the CASE 2021 layout."""
from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from khronika.cli import app
from khronika.eval.events import NO_EVENT, first_event_label, predict, score
from khronika.nlp.events import classifier


def test_score_weighted_f1_and_accuracy():
    gold = ["ARMED_CLASH", "ARMED_CLASH", "AIR_STRIKE", "DIPLO"]
    pred = ["ARMED_CLASH", "AIR_STRIKE", "AIR_STRIKE", "ARMED_CLASH"]
    s = score(gold, pred)
    assert s["acled_snippets"] == 3 and s["all_snippets"] == 4
    assert s["acled_accuracy"] == pytest.approx(2 / 3)
    # ARMED_CLASH: p=1, r=1/2 -> 2/3 (weight 2/3); AIR_STRIKE: p=1/2, r=1 -> 2/3 (weight 1/3)
    assert s["acled_weighted_f1"] == pytest.approx(2 / 3)
    assert s["all_accuracy"] == pytest.approx(0.5)
    # over all labels ARMED_CLASH has p=1/2 (DIPLO predicted as it), DIPLO f1=0
    assert s["all_weighted_f1"] == pytest.approx(0.5 * 0.5 + 0.25 * (2 / 3) + 0.25 * 0)


def test_shipped_model_is_small_and_documents_its_cross_validation():
    model = classifier.shipped()
    assert model is not None and len(model.full.labels) == 30
    size = (classifier.MODEL_DIR / classifier.WEIGHTS).stat().st_size
    assert size < 3 * 1024 * 1024
    cv = classifier.card()["cross_validation"]["full"]
    assert cv["acled_weighted_f1"] > 0.65 and cv["folds"] >= 5


def _subset(shared_data, folder, per_label: int):
    """`per_label` snippets of each label from the shared CASE 2021 file (read there, never copied)."""
    src = shared_data / "case2021" / "dev.tsv"
    if not src.exists():
        pytest.skip(f"CASE 2021 data not found at {src}")
    with open(src, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    per: dict[str, list[dict]] = {}
    for r in rows:
        per.setdefault(r["SubType"], []).append(r)
    keep = [r for label in sorted(per) for r in per[label][:per_label]]
    out = folder / f"subset{per_label}.tsv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "EventSnippet", "SubType"], delimiter="\t",
                           quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writeheader()
        for r in keep:
            w.writerow({k: r[k] for k in ("id", "EventSnippet", "SubType")})
    return out


@pytest.fixture(scope="module")
def case_subset(shared_data, tmp_path_factory):
    return _subset(shared_data, tmp_path_factory.mktemp("case"), 4)


@pytest.fixture(scope="module")
def case_tiny(shared_data, tmp_path_factory):
    """Two snippets of each label: every label in both training folds of a 2-fold split, and a
    training run that takes seconds (the test checks the command's plumbing, not the model)."""
    return _subset(shared_data, tmp_path_factory.mktemp("case"), 2)


def test_eval_events_command_prints_both_scores(case_subset):
    result = CliRunner().invoke(app, ["eval", "events", str(case_subset), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["all_snippets"] > 100 and scores["acled_snippets"] < scores["all_snippets"]
    for key in ("acled_accuracy", "acled_weighted_f1", "all_accuracy", "all_weighted_f1"):
        assert 0.5 < scores[key] <= 1.0     # seen in training: this checks the plumbing, not generalisation
    # the headline is analyze end to end; the classifier alone stands beside it
    assert "analyze" in scores["path"] and 0 <= scores["no_event"] < scores["acled_snippets"]
    assert 0.5 < scores["classifier"]["acled_weighted_f1"] <= 1.0
    # each scored miss is listed by its snippet id, to read against the file
    ids = {line.split("\t")[0] for line in case_subset.read_text(encoding="utf-8").splitlines()[1:]}
    assert len(scores["misses"]) == round((1 - scores["acled_accuracy"]) * scores["acled_snippets"])
    assert all(m["id"] in ids and m["gold"] != m["analyze"] for m in scores["misses"])


def test_first_event_label_reads_the_first_event_with_an_acled_type():
    plover = {"acled": None, "plover": {"event": "CONSULT", "mode": "visit"}}
    shelling = {"acled": {"event_type": "Explosions/Remote violence",
                          "sub_event_type": "Shelling/artillery/missile attack"}, "plover": None}
    clash = {"acled": {"event_type": "Battles", "sub_event_type": "Armed clash"}, "plover": None}
    assert first_event_label({"events": [plover, shelling, clash]}) == "ART_MISS_ATTACK"
    assert first_event_label({"events": [plover]}) == NO_EVENT      # no event is a miss


def test_train_events_command_writes_a_loadable_model(case_tiny, tmp_path):
    pytest.importorskip("sklearn")
    extra = tmp_path / "authored.tsv"
    extra.write_text("id\tlang\tEventSnippet\tSubType\n"
                     "x1\ten\tRebel fighters seized the border town of Amsa on Sunday after a night of fighting.\t"
                     "NON_STATE_ACTOR_OVERTAKES_TER\n"
                     "x2\tfr\tLes forces gouvernementales ont repris le contrôle de la ville de Kéra mardi.\t"
                     "GOV_REGAINS_TERIT\n", encoding="utf-8")
    out = tmp_path / "model"
    result = CliRunner().invoke(app, ["train", "events", "--data", str(case_tiny), "--out", str(out),
                                      "--extra", str(extra), "--folds", "2"])
    assert result.exit_code == 0, result.output
    model = classifier.load(out)
    assert model is not None and len(model.full.labels) == 30
    card = classifier.card(out)
    assert card["data"]["snippets"] == 60 and "acled_weighted_f1" in card["cross_validation"]["full"]
    assert card["data"]["authored"]["snippets"] == {"en": 1, "fr": 1}
    # the model written types a snippet: a chlorine attack is a chemical weapon
    snippet = "Government helicopters dropped barrels of chlorine gas on the town, choking dozens of residents."
    assert predict([snippet], "en", out) == ["CHEM_WEAP"]
