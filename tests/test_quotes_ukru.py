"""Who said what in Ukrainian and Russian (issue 13): the failing patterns of the issue, each on
a short text of our own, through the full pipeline; and the hand-annotated gold's reader and
scorer on ../shared/data (tests/data/quotes_ukru)."""
from __future__ import annotations

from pathlib import Path

import pytest

GOLD = Path(__file__).parent / "data" / "quotes_ukru"


def _speaker(doc: dict, content_part: str) -> tuple[str | None, str]:
    """(speaker entity id, its speaker text and every mention of it) for the quote whose content
    holds `content_part`."""
    mentions = {e["id"]: " ".join(m["text"] for m in e["mentions"]) for e in doc["entities"]}
    for q in doc["quotes"]:
        if content_part in q["content"]:
            return q["speaker"], f"{q['speaker_text']} {mentions.get(q['speaker'], '')}"
    raise AssertionError(f"no quote holds {content_part!r}: {[q['content'] for q in doc['quotes']]}")


def _no_quote(doc: dict, content_part: str) -> bool:
    return not any(content_part in q["content"] for q in doc["quotes"])


CASES = [
    # an organisation in guillemets speaks
    ("ru", "Вчера «Газпром» заявил, что транзит газа через Украину будет сокращён.",
     "транзит газа", "Газпром"),
    ("ru", "В «Нафтогазе» отметили, что долг компании растёт каждый месяц.", "долг компании", "Нафтогаз"),
    # straight quotes nested in a quote
    ("uk", 'Голова правління Олексій Чернишов провів нараду. "Ми не будемо платити для "Газпрому", '
           'поки суд не ухвалить рішення", - заявив Чернишов.', "поки суд", "Чернишов"),
    # content first, speaker after
    ("ru", "Германия не будет поставлять оружие в зоны конфликтов, заявил министр иностранных дел "
           "Германии Хайко Маас.", "поставлять оружие", "Хайко Маас"),
    ("ru", "Переговоры о поставках газа зашли в тупик, сообщила газета Handelsblatt.", "зашли в тупик",
     "Handelsblatt"),
    # a role noun stands for the person named before
    ("ru", "Министр иностранных дел России Сергей Лавров встретился с коллегами в Анкаре. Россия не "
           "намерена отказываться от своих требований, сказал министр.", "отказываться", "Сергей Лавров"),
    # pronouns: the person, not the agency
    ("uk", "Міністр закордонних справ Дмитро Кулеба прибув до Брюсселя, передає Укрінформ. "
           "«Україна чекає на рішення щодо танків», — сказав він.", "чекає на рішення", "Дмитро Кулеба"),
    ("ru", "Глава МИД Дмитрий Кулеба провёл переговоры в Брюсселе, сообщает агентство Интерфакс. "
           "По его словам, Украина ожидает решения по танкам.", "ожидает решения", "Дмитрий Кулеба"),
    # a name inside a preceding phrase is not the speaker
    ("uk", "Після переговорів з Путіним канцлер Ангела Меркель заявила, що діалог буде продовжено.",
     "діалог буде продовжено", "Ангела Меркель"),
    # a relative clause between subject and verb
    ("uk", "Олег Синєгубов, який очолює обласну адміністрацію з 2021 року, повідомив, що обстріл "
           "тривав дві години.", "обстріл тривав", "Олег Синєгубов"),
    # a quote spanning sentences
    ("ru", "«Мы готовы к переговорам. Но условия должны быть честными», — сказал Дмитрий Песков.",
     "условия должны быть", "Дмитрий Песков"),
]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,part,speaker", CASES)
def test_issue13_patterns(analyze_text, lang, text, part, speaker):
    _, said = _speaker(analyze_text(text, lang), part)
    assert speaker.split()[-1][:5] in said


@pytest.mark.slow
def test_a_name_in_guillemets_is_no_quote(analyze_text):
    doc = analyze_text("«Нафтогаз» напомнил «Газпрому» о решении арбитража в Стокгольме.", "ru")
    assert _no_quote(doc, "Нафтогаз") and _no_quote(doc, "Газпрому")


@pytest.mark.slow
def test_conjunctions_and_how_are_never_speakers(analyze_text):
    doc = analyze_text("Як заявив Зеленський, армія тримає оборону. Він приїхав до Харкова і заявив, що "
                       "місто вистоїть.", "uk")
    for q in doc["quotes"]:
        assert (q["speaker_text"] or "").casefold() not in ("і", "як", "и", "как")
    assert _speaker(doc, "місто вистоїть")[0] == _speaker(doc, "армія тримає")[0] == "kb:zelensky"


@pytest.mark.slow
def test_a_document_speaks_for_its_owner(analyze_text):
    doc = analyze_text("Министерство обороны опубликовало заявление. В заявлении Минобороны говорится, что "
                       "учения продлятся до пятницы.", "ru")
    _, said = _speaker(doc, "учения продлятся")
    assert "Минобороны" in said


# -- the gold: reader and scorer -------------------------------------------------------------------

def test_gold_files_hold_offsets_only_and_both_languages():
    import json

    for half in ("dev", "heldout"):
        recs = [json.loads(line) for line in (GOLD / f"{half}.jsonl").read_text(encoding="utf-8").splitlines()]
        assert {r["lang"] for r in recs} == {"uk", "ru"} and len(recs) >= 44
        assert all("text" not in r and len(r["sha256"]) == 12 for r in recs)
        assert sum(len(r["quotes"]) for r in recs) > 130


def test_gold_reader_checks_the_texts(shared_data, tmp_path):
    from khronika.eval.quotes_gold import read_gold

    if not (shared_data / "bsnlp").is_dir():
        pytest.skip("shared data absent")
    docs = read_gold(GOLD / "dev.jsonl", shared_data, ["uk"])
    assert len(docs) >= 22 and all(d.lang == "uk" for d in docs)
    first = docs[0].attributions[0]
    s, e = first.source[0]
    assert docs[0].text[s:e]            # the speaker spans point into the text
    line = (GOLD / "dev.jsonl").read_text(encoding="utf-8").splitlines()[0].replace('"sha256": "', '"sha256": "0')
    (tmp_path / "bad.jsonl").write_text(line, encoding="utf-8")
    with pytest.raises(ValueError):
        read_gold(tmp_path / "bad.jsonl", shared_data)


def test_gold_scoring_needs_the_right_speaker_not_a_pronoun():
    from khronika.eval.quotes import GoldAttribution
    from khronika.eval.quotes_gold import GoldQuoteDoc, score_gold_document

    text = "Тереза Мей заявила, що угода готова. Вона додала, що голосування буде."
    gold = GoldQuoteDoc("x", "uk", text, [
        GoldAttribution("a", [(20, 36)], [(0, 10)]), GoldAttribution("b", [(52, 69)], [(0, 10)])],
        ignore=[(100, 120)])
    may = {"id": "p:may", "mentions": [{"start": 0, "end": 10}]}
    other = {"id": "p:x", "mentions": [{"start": 200, "end": 205}]}
    quotes = [
        {"content_start": 20, "content_end": 36, "speaker": "p:may", "speaker_start": 0, "speaker_end": 10},
        {"content_start": 52, "content_end": 69, "speaker": "p:x", "speaker_start": 38, "speaker_end": 42},
        {"content_start": 101, "content_end": 119, "speaker": None, "speaker_start": None, "speaker_end": None},
    ]
    c = score_gold_document(gold, {"quotes": quotes, "entities": [may, other]})
    assert (c.gold, c.predicted, c.found, c.content_found) == (2, 2, 1, 2)


@pytest.mark.slow
def test_eval_quotes_command_scores_the_gold_per_language(shared_data):
    import json

    from typer.testing import CliRunner

    from khronika.cli import app

    if not (shared_data / "bsnlp").is_dir():
        pytest.skip("shared data absent")
    res = CliRunner().invoke(app, ["eval", "quotes", str(GOLD / "dev.jsonl"), "--data", str(shared_data),
                                   "--lang", "uk", "--limit", "3", "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.output)
    assert scores["documents"] == 3 and set(scores["languages"]) == {"uk"}
    assert scores["gold"] > 0 and 0 < scores["full"]["f1"] <= 1
