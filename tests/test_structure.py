"""Document structure: title, sections and programme episodes, with exact offsets."""
from __future__ import annotations

from khronika.nlp.structure import Episode, Section, find_episodes, find_sections, find_title


def check_offsets(text: str, sections: list[Section], episodes: list[Episode]) -> None:
    for s in sections:
        assert text[s.heading_start : s.heading_end] == s.heading
        assert s.start <= s.heading_start and s.heading_end <= s.end <= len(text)
        assert text[s.start : s.end] == text[s.start : s.end].strip()
    for e in episodes:
        assert text[e.show_start : e.show_end] == e.show
        assert e.start <= e.show_start < e.show_end <= e.end
        assert e.number.isdigit() and e.number in text[e.start : e.end]
        for g in e.guests:
            assert text[g.name_start : g.name_end] == g.name
            if g.role is None:
                assert g.role_start is None and g.role_end is None
            else:
                assert g.role_start is not None and g.role_end is not None
                assert text[g.role_start : g.role_end] == g.role


def headings(sections: list[Section]) -> list[str]:
    return [s.heading for s in sections]


# --------------------------------------------------------------------------- the founding example


def test_seed_title(seed_text: str) -> None:
    title = find_title(seed_text)
    assert title is not None and title.text.startswith("Jour 454 de résistance")
    assert seed_text[title.start : title.end] == title.text


def test_seed_sections(seed_text: str) -> None:
    sections = find_sections(seed_text)
    names = headings(sections)
    assert names[0].startswith("Jour 454 de résistance")
    assert "Zelenskyi revient sur le front" in names
    assert "Les forces de la légion russe poursuivent leurs opérations dans la région de Belgorod" in names
    # the lead-in sentence ends with a period; labels and bullets are not headings
    assert not any(n.endswith(".") for n in names)
    assert not any(n.startswith(("Invités", "•")) for n in names)
    assert sections[-1].end == len(seed_text.rstrip())
    check_offsets(seed_text, sections, [])
    for a, b in zip(sections, sections[1:]):
        assert a.end <= b.start


def test_seed_episodes(seed_text: str) -> None:
    episodes = find_episodes(seed_text)
    check_offsets(seed_text, [], episodes)
    assert [(e.show, e.number) for e in episodes] == [
        ("L’Ukraine en flammes", "26"),
        ("Ukraine in Flames", "439"),
    ]
    first, second = episodes
    assert first.title == "Chine: changement de politique étrangère ou mesures politiques calculées ?"
    assert second.title == "Quelle sera la victoire de l’Ukraine ?"
    assert [g.name for g in first.guests] == ["Valeriy Chaly", "Natalia Butyrska"]
    assert first.guests[0].role is not None
    assert first.guests[0].role.startswith("ambassadeur d’Ukraine aux États-Unis")
    assert first.guests[1].role == "experte en Asie de l’Est"
    assert [g.name for g in second.guests] == ["Valeriy Chaly", "Vitaliy Portnikov"]
    assert second.guests[1].role == "publiciste, journaliste, analyste"
    # the episode heading lines are section headings too
    assert {seed_text[e.start : e.end] for e in episodes} <= set(headings(find_sections(seed_text)))


def test_seed_to_contract(seed_text: str) -> None:
    ep = find_episodes(seed_text)[1]
    out = ep.to_contract({"Vitaliy Portnikov": "kb:portnikov"})
    assert out == {
        "show": "Ukraine in Flames",
        "number": "439",
        "title": "Quelle sera la victoire de l’Ukraine ?",
        "guests": [
            {"name": "Valeriy Chaly", "entity": None, "role": ep.guests[0].role},
            {"name": "Vitaliy Portnikov", "entity": "kb:portnikov", "role": "publiciste, journaliste, analyste"},
        ],
    }
    assert ep.to_contract()["guests"][1]["entity"] is None


# --------------------------------------------------------------------------- synthetic documents

EN = """Day 500 of the war: fighting continues near Bakhmut

Heavy fighting near Bakhmut
Russian forces attacked Ukrainian positions along the whole front line on Tuesday, the General Staff said in its morning report.

Why does Russia fear NATO? Ukraine in Flames #440

In this episode our guests discuss the summit.

Guests:

  - John Smith, former ambassador, analyst
  - Jane Doe

Ukraine Weekly, episode 12: The long winter

Guest:
* Oleh Bondar – military expert
"""

UK = """Україна в огні, випуск 12

Чому Росія боїться НАТО. Говоримо з експертами.

Гості:
  • Олександр Мусієнко, військовий експерт
  • Ірина Петренко — політологиня
"""

RU = """Что будет дальше? «Украина в огне» выпуск 31

Описание выпуска.

Гости :
· Виталий Портников, публицист, журналист
· Иван Иванов
"""

MARKDOWN = """# Weekly report

Intro paragraph about the week.

## Front line

Ukrainian forces advanced near Robotyne.

## Ukraine in Flames No 441

Guests:
* Someone Else, analyst
"""

PROSE = """The war continued on Tuesday as Russian forces shelled
Kharkiv and nearby villages. Officials said that
three people were injured.

It was a quiet night in Kyiv.

Viewers can watch episode 26 of Ukraine in Flames for more
details about the diplomatic talks held in Jeddah.

Guests: the ambassador and two analysts joined the programme.
"""


def test_english() -> None:
    episodes = find_episodes(EN)
    check_offsets(EN, find_sections(EN), episodes)
    assert [(e.show, e.number, e.title) for e in episodes] == [
        ("Ukraine in Flames", "440", "Why does Russia fear NATO?"),
        ("Ukraine Weekly", "12", "The long winter"),
    ]
    assert [(g.name, g.role) for g in episodes[0].guests] == [
        ("John Smith", "former ambassador, analyst"),
        ("Jane Doe", None),
    ]
    assert [(g.name, g.role) for g in episodes[1].guests] == [("Oleh Bondar", "military expert")]
    names = headings(find_sections(EN))
    assert names == [
        "Day 500 of the war: fighting continues near Bakhmut",
        "Heavy fighting near Bakhmut",  # followed directly by its paragraph
        "Why does Russia fear NATO? Ukraine in Flames #440",
        "Ukraine Weekly, episode 12: The long winter",
    ]


def test_ukrainian() -> None:
    (ep,) = find_episodes(UK)
    check_offsets(UK, find_sections(UK), [ep])
    assert (ep.show, ep.number, ep.title) == ("Україна в огні", "12", None)
    assert [(g.name, g.role) for g in ep.guests] == [
        ("Олександр Мусієнко", "військовий експерт"),
        ("Ірина Петренко", "політологиня"),
    ]
    assert headings(find_sections(UK)) == ["Україна в огні, випуск 12"]


def test_russian() -> None:
    (ep,) = find_episodes(RU)
    check_offsets(RU, find_sections(RU), [ep])
    assert (ep.show, ep.number, ep.title) == ("Украина в огне", "31", "Что будет дальше?")
    assert [(g.name, g.role) for g in ep.guests] == [
        ("Виталий Портников", "публицист, журналист"),
        ("Иван Иванов", None),
    ]


def test_markdown() -> None:
    title = find_title(MARKDOWN)
    assert title is not None and title.text == "Weekly report"
    assert MARKDOWN[title.start : title.end] == "Weekly report"
    sections = find_sections(MARKDOWN)
    episodes = find_episodes(MARKDOWN)
    check_offsets(MARKDOWN, sections, episodes)
    assert headings(sections) == ["Weekly report", "Front line", "Ukraine in Flames No 441"]
    assert MARKDOWN[sections[1].start : sections[1].end] == "## Front line\n\nUkrainian forces advanced near Robotyne."
    assert [(e.show, e.number, [g.name for g in e.guests]) for e in episodes] == [
        ("Ukraine in Flames", "441", ["Someone Else"])
    ]


def test_prose_has_no_structure() -> None:
    assert find_title(PROSE) is None
    assert find_sections(PROSE) == []
    assert find_episodes(PROSE) == []


def test_known_headings() -> None:
    text = "Intro.\n\nWhat happened overnight.\nMissiles hit Odesa and the port.\n"
    assert find_sections(text) == []
    (s,) = find_sections(text, known_headings=["What  happened overnight."])
    assert s.heading == "What happened overnight."
    assert text[s.start : s.end] == "What happened overnight.\nMissiles hit Odesa and the port."


def test_lone_number_sign_is_not_an_episode() -> None:
    text = "Day #454\n\nRussian forces shelled Kherson overnight.\n\nЗакон №9123\n\nРада ухвалила закон.\n"
    assert find_episodes(text) == []
    assert headings(find_sections(text)) == ["Day #454", "Закон №9123"]


def test_number_forms() -> None:
    for line, number in [
        ("Ukraine in Flames #26", "26"),
        ("Ukraine in Flames №439", "439"),
        ("Ukraine in Flames № 439", "439"),
        ("L’Ukraine en flammes n°12", "12"),
        ("L’Ukraine en flammes, épisode 26", "26"),
        ("Україна в огні. Випуск №7", "7"),
        ("Украина в огне (выпуск 8)", "8"),
    ]:
        (ep,) = find_episodes(f"{line}\n\nText.\n")
        assert ep.number == number, line
        assert ep.show in ("Ukraine in Flames", "L’Ukraine en flammes", "Україна в огні", "Украина в огне"), line


def test_empty() -> None:
    assert find_title("") is None
    assert find_sections("\n\n") == []
    assert find_episodes("   ") == []
