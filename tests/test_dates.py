"""khronika.nlp.dates: war-day counter, date expressions with offsets, report date."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

import pytest

from khronika.nlp.dates import (
    WAR_DAY_ONE,
    DateMention,
    can_date_event,
    date_to_day,
    day_of_war,
    day_to_date,
    find_dates,
    find_day_of_war,
    is_deadline,
    report_date,
)

REF = date(2023, 5, 23)  # a Tuesday; war day 454


def one(text: str, lang: str, ref: date | None = REF) -> DateMention:
    """The single mention in `text`, checking its offsets slice exactly its text."""
    found = find_dates(text, lang, ref)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start:m.end] == m.text
    return m


# ---------------------------------------------------------------- day of war

def test_day_arithmetic() -> None:
    assert WAR_DAY_ONE == date(2022, 2, 24)
    assert day_to_date(1) == WAR_DAY_ONE
    assert day_to_date(454) == date(2023, 5, 23)
    assert date_to_day(date(2023, 5, 23)) == 454
    assert date_to_day(day_to_date(1000)) == 1000
    assert day_to_date(2, day_one=date(2020, 1, 1)) == date(2020, 1, 2)


@pytest.mark.parametrize("text, span", [
    ("Jour 454 de résistance: la Légion russe poursuit", "Jour 454 de résistance"),
    ("Jour 454", "Jour 454"),
    ("Le 454e jour de la guerre", "454e jour de la guerre"),
    ("Day 454 of the full-scale invasion", "Day 454 of the full-scale invasion"),
    ("Day 454: what we know", "Day 454"),
    ("День 454", "День 454"),
    ("454-й день війни. Головне", "454-й день війни"),
    ("Идет 454-й день войны", "454-й день войны"),
    ("День 454-й: зведення", "День 454-й"),
])
def test_find_day_of_war(text: str, span: str) -> None:
    found = find_day_of_war(text)
    assert found is not None and found.day == 454
    assert found.text == span == text[found.start:found.end]


def test_day_of_war_prefers_the_head_and_needs_a_qualifier_in_the_body() -> None:
    head = "Jour 454 de résistance\n\nChapeau.\n\nCorps. Au jour 100 de la guerre, déjà..."
    assert find_day_of_war(head).day == 454
    body = "Titre\n\nChapeau\n\nIntro\n\nDay 3 of the summit. Then on day 100 of the war it fell."
    found = find_day_of_war(body)
    assert found is not None and (found.day, found.text) == (100, "day 100 of the war")
    assert find_day_of_war("Title\nA\nB\nOn day 3 of the summit they met.") is None
    assert find_day_of_war("3 days later") is None
    assert find_day_of_war("") is None


def test_seed_report(seed_text: str) -> None:
    assert report_date(seed_text, "fr", None) == ("2023-05-23", 454)
    values = {m.text: m.value for m in find_dates(seed_text, "fr", REF)}
    assert values["le 23 mai"] == "2023-05-23"
    assert values["La veille"] == "2023-05-22"
    assert values["depuis deux jours"] == "2023-05-21"
    assert values["hier"] == "2023-05-22"


# ---------------------------------------------------------------- French

@pytest.mark.parametrize("text, value", [
    ("aujourd'hui", "2023-05-23"), ("aujourd’hui", "2023-05-23"), ("ce jour", "2023-05-23"),
    ("hier", "2023-05-22"), ("avant-hier", "2023-05-21"), ("la veille", "2023-05-22"),
    ("le lendemain", "2023-05-24"), ("demain", "2023-05-24"), ("cette nuit", "2023-05-23"),
    ("la nuit dernière", "2023-05-22"), ("lundi", "2023-05-22"), ("mardi", "2023-05-23"),
    ("dimanche", "2023-05-21"), ("mardi prochain", "2023-05-30"), ("lundi dernier", "2023-05-22"),
])
def test_fr_relative_days(text: str, value: str) -> None:
    m = one(f"Il a dit {text} que", "fr")
    assert (m.text, m.value, m.precision, m.relative, m.duration) == (text, value, "day", True, False)


def test_fr_durations_weeks_months() -> None:
    m = one("Il reste silencieux depuis deux jours.", "fr")
    assert (m.text, m.value, m.duration) == ("depuis deux jours", "2023-05-21", True)
    assert one("depuis trois jours", "fr").value == "2023-05-20"
    assert one("depuis 2 semaines", "fr").value == "2023-05-09"
    m = one("Cette semaine, les frappes", "fr")
    assert (m.value, m.precision) == ("2023-05-22", "week")  # the Monday
    m = one("la semaine dernière", "fr")
    assert (m.value, m.precision) == ("2023-05-15", "week")
    assert one("le mois dernier", "fr").value == "2023-04-01"


@pytest.mark.parametrize("text, span, value, precision", [
    ("raid lancé le 23 mai (avec", "le 23 mai", "2023-05-23", "day"),
    ("le 23 mai 2023", "le 23 mai 2023", "2023-05-23", "day"),
    ("23 mai 2022", "23 mai 2022", "2022-05-23", "day"),
    ("le 1er juin", "le 1er juin", "2023-06-01", "day"),
    ("en mai 2023,", "en mai 2023", "2023-05-01", "month"),
    ("depuis mai 2023", "mai 2023", "2023-05-01", "month"),
    ("dans la nuit du 22 au 23 mai", "du 22 au 23 mai", "2023-05-22", "day"),
    ("aujourd'hui mardi 23 mai", "mardi 23 mai", "2023-05-23", "day"),
    ("le 23/05/2023", "23/05/2023", "2023-05-23", "day"),
    ("en 2022", "en 2022", "2022-01-01", "year"),
])
def test_fr_absolute(text: str, span: str, value: str, precision: str) -> None:
    found = [m for m in find_dates(text, "fr", REF) if not m.relative]
    assert len(found) == 1
    m = found[0]
    assert (m.text, text[m.start:m.end], m.value, m.precision) == (span, span, value, precision)


def test_year_inference() -> None:
    # Within ~2 months after ref it is this year (announced plans), else last year.
    assert one("le 10 juillet", "fr").value == "2023-07-10"
    assert one("le 23 décembre", "fr").value == "2022-12-23"
    assert one("in December", "en").value == "2022-12-01"
    # No ref: a yearless date has no value, an explicit one keeps it.
    assert one("le 23 mai", "fr", None).value is None
    assert one("le 23 mai 2023", "fr", None).value == "2023-05-23"


def test_impossible_dates_are_not_mentions() -> None:
    assert find_dates("le 31 juin", "fr", REF) == []
    # A typo'd day still names its month.
    assert [(m.text, m.precision) for m in find_dates("le 30 février 2023", "fr", REF)] == [
        ("février 2023", "month")]
    # 29 February: the latest leap year that fits, else unknown.
    assert one("le 29 février", "fr", date(2025, 1, 10)).value == "2024-02-29"
    assert one("le 29 février", "fr", date(2023, 3, 1)).value is None


@pytest.mark.parametrize("text, lang", [
    ("la maison de Mai", "fr"), ("une hiérarchie, la hierarchie", "fr"), ("ce jour-là", "fr"),
    ("à la veille des élections", "fr"), ("mardi-gras", "fr"),
    ("the hierarchy", "en"), ("you may 23 times", "en"), ("Mayor Klitschko", "en"),
    ("they may win in 2 weeks", "en"), ("we march on", "en"),
    ("середовище", "uk"), ("серед учасників", "uk"), ("середа обитания", "ru"),
    ("окружающей среды", "ru"), ("вчерашний", "ru"),
])
def test_no_false_matches(text: str, lang: str) -> None:
    assert find_dates(text, lang, REF) == []


def test_without_ref_relative_mentions_keep_offsets() -> None:
    found = find_dates("Hier et mardi, la semaine dernière.", "fr", None)
    assert [(m.text, m.value, m.relative) for m in found] == [
        ("Hier", None, True), ("mardi", None, True), ("la semaine dernière", None, True)]


def test_mentions_are_ordered_and_do_not_overlap() -> None:
    text = "Avant-hier, le 21 mai 2023, puis hier."
    found = find_dates(text, "fr", REF)
    assert [m.text for m in found] == ["Avant-hier", "le 21 mai 2023", "hier"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


# ---------------------------------------------------------------- English

@pytest.mark.parametrize("text, value", [
    ("today", "2023-05-23"), ("yesterday", "2023-05-22"),
    ("the day before yesterday", "2023-05-21"), ("tonight", "2023-05-23"),
    ("last night", "2023-05-22"), ("on Sunday", "2023-05-21"), ("next Friday", "2023-05-26"),
])
def test_en_relative(text: str, value: str) -> None:
    m = one(f"Officials said {text} that", "en")
    assert (m.text, m.value, m.relative) == (text, value, True)


def test_en_weekday_is_the_most_recent_such_day() -> None:
    thursday = date(2023, 5, 25)
    m = one("Russia shelled Kherson on Tuesday.", "en", thursday)
    assert (m.text, m.value) == ("on Tuesday", "2023-05-23")
    assert one("Tuesday", "en", thursday).value == "2023-05-23"
    assert one("on Thursday", "en", thursday).value == "2023-05-25"       # the report's own day
    assert one("last Thursday", "en", thursday).value == "2023-05-18"     # a week ago


@pytest.mark.parametrize("text, span, value, precision", [
    ("since May 23 the", "May 23", "2023-05-23", "day"),
    ("on 23 May,", "on 23 May", "2023-05-23", "day"),
    ("May 23, 2023", "May 23, 2023", "2023-05-23", "day"),
    ("on Aug. 24, 2022", "on Aug. 24, 2022", "2022-08-24", "day"),
    ("the 9th of May", "the 9th of May", "2023-05-09", "day"),
    ("since May 2023", "May 2023", "2023-05-01", "month"),
    ("in March", "in March", "2023-03-01", "month"),
])
def test_en_absolute(text: str, span: str, value: str, precision: str) -> None:
    m = one(text, "en")
    assert (m.text, m.value, m.precision, m.relative) == (span, value, precision, False)


def test_en_weeks() -> None:
    assert (one("last week", "en").value, one("last week", "en").precision) == ("2023-05-15", "week")
    assert one("this week", "en").value == "2023-05-22"
    m = one("Earlier this week, drones", "en")
    assert (m.text, m.value) == ("Earlier this week", "2023-05-22")


# ---------------------------------------------------------------- Ukrainian

@pytest.mark.parametrize("text, value", [
    ("сьогодні", "2023-05-23"), ("вчора", "2023-05-22"), ("учора", "2023-05-22"),
    ("позавчора", "2023-05-21"), ("напередодні", "2023-05-22"), ("минулої ночі", "2023-05-22"),
    ("у вівторок", "2023-05-23"), ("у понеділок", "2023-05-22"), ("в середу", "2023-05-17"),
    ("у п'ятницю", "2023-05-19"), ("у п’ятницю", "2023-05-19"), ("в суботу", "2023-05-20"),
    ("у неділю", "2023-05-21"), ("минулого четверга", "2023-05-18"),
    ("наступної середи", "2023-05-24"),
])
def test_uk_relative(text: str, value: str) -> None:
    m = one(f"Росіяни {text} атакували", "uk")
    assert (m.text, m.value, m.relative) == (text, value, True)


@pytest.mark.parametrize("text, span, value, precision", [
    ("Це сталося 23 травня.", "23 травня", "2023-05-23", "day"),
    ("23 травня 2023 року", "23 травня 2023 року", "2023-05-23", "day"),
    ("з 24 лютого 2022 р. ворог", "з 24 лютого 2022 р.", "2022-02-24", "day"),
    ("у травні", "у травні", "2023-05-01", "month"),
    ("у травні 2022 року", "у травні 2022 року", "2022-05-01", "month"),
    ("у 2022 році", "у 2022 році", "2022-01-01", "year"),
])
def test_uk_absolute(text: str, span: str, value: str, precision: str) -> None:
    m = one(text, "uk")
    assert (m.text, m.value, m.precision) == (span, value, precision)


def test_uk_weeks_and_spans() -> None:
    assert one("минулого тижня", "uk").value == "2023-05-15"
    m = one("За минулу добу ворог", "uk")
    assert (m.text, m.value, m.duration) == ("За минулу добу", "2023-05-22", True)


# ---------------------------------------------------------------- Russian

@pytest.mark.parametrize("text, value", [
    ("сегодня", "2023-05-23"), ("вчера", "2023-05-22"), ("позавчера", "2023-05-21"),
    ("накануне", "2023-05-22"), ("прошлой ночью", "2023-05-22"), ("во вторник", "2023-05-23"),
    ("в понедельник", "2023-05-22"), ("в среду", "2023-05-17"), ("в пятницу", "2023-05-19"),
    ("в воскресенье", "2023-05-21"), ("в прошлую субботу", "2023-05-20"),
    ("в следующий четверг", "2023-05-25"),
])
def test_ru_relative(text: str, value: str) -> None:
    m = one(f"Армия {text} ударила", "ru")
    assert (m.text, m.value, m.relative) == (text, value, True)


@pytest.mark.parametrize("text, span, value, precision", [
    ("Это случилось 23 мая.", "23 мая", "2023-05-23", "day"),
    ("23 мая 2023 года", "23 мая 2023 года", "2023-05-23", "day"),
    ("во вторник, 23 мая", "во вторник, 23 мая", "2023-05-23", "day"),
    ("в мае", "в мае", "2023-05-01", "month"),
    ("в мае 2022 года", "в мае 2022 года", "2022-05-01", "month"),
    ("23.05.2023", "23.05.2023", "2023-05-23", "day"),
])
def test_ru_absolute(text: str, span: str, value: str, precision: str) -> None:
    m = one(text, "ru")
    assert (m.text, m.value, m.precision) == (span, value, precision)


def test_ru_weeks_and_spans() -> None:
    assert one("на прошлой неделе", "ru").value == "2023-05-15"
    m = one("за последние сутки", "ru")
    assert (m.value, m.duration) == ("2023-05-22", True)


def test_unknown_language_reads_every_lexicon() -> None:
    assert [m.value for m in find_dates("вчора, 23 мая", None, REF)] == ["2023-05-22", "2023-05-23"]
    assert one("le 23 mai", "fr-FR").value == "2023-05-23"


# ---------------------------------------------------------------- report date

def test_report_date_precedence() -> None:
    # The counter wins over everything.
    assert report_date("Day 454: Kyiv\n\nText", "en", "2023-06-01") == ("2023-05-23", 454)
    # Else an explicit date on the first line (its year inferred from published).
    assert report_date("Briefing du 22 mai\n\nTexte hier.", "fr", "2023-05-23") == ("2023-05-22", None)
    assert report_date("Зведення за 22 травня 2023 року\nТекст", "uk", None) == ("2023-05-22", None)
    # A relative word in the title is no explicit date: published wins.
    assert report_date("Hier à Kyiv\n\nTexte", "fr", "2023-05-23T08:00:00Z") == ("2023-05-23", None)
    assert report_date("Nothing dated", "en", None) == (None, None)
    assert report_date("Nothing dated", "en", "not a date") == (None, None)


def test_report_date_body_counter_must_agree_with_published() -> None:
    text = "Title\n\nLead\n\nIntro\n\nOn day 100 of the war the city fell."
    assert report_date(text, "en", "2023-05-23") == ("2023-05-23", None)  # a look back
    assert report_date(text, "en", None) == ("2022-06-03", 100)
    assert report_date(text, "en", "2022-06-04") == ("2022-06-03", 100)


def test_report_date_custom_day_one() -> None:
    assert report_date("Jour 2\n", "fr", None, day_one=date(2020, 1, 1)) == ("2020-01-02", 2)


# ---------------------------------------------------------------- weekdays in a report of that weekday

WEEK = [date(2023, 5, 22) + timedelta(days=i) for i in range(7)]  # Mon 22 .. Sun 28 May
WEEKDAY_FORMS = {
    "en": ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "uk": ["у понеділок", "у вівторок", "у середу", "у четвер", "у п’ятницю", "у суботу", "у неділю"],
    "ru": ["в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу", "в воскресенье"],
}
SENTENCE = {"en": "Drones hit the port {}.", "fr": "Des drones ont frappé le port {}.",
            "uk": "Дрони {} атакували порт.", "ru": "Дроны {} атаковали порт."}


@pytest.mark.parametrize("lang", sorted(WEEKDAY_FORMS))
@pytest.mark.parametrize("wd", range(7))
def test_a_weekday_in_a_report_of_that_weekday_is_that_day(lang: str, wd: int) -> None:
    ref = WEEK[wd]
    m = one(SENTENCE[lang].format(WEEKDAY_FORMS[lang][wd]), lang, ref)
    assert (m.value, m.precision, m.kind) == (ref.isoformat(), "day", None)
    # the day before's name is yesterday, not six days ahead
    prev = WEEKDAY_FORMS[lang][(wd - 1) % 7]
    assert one(SENTENCE[lang].format(prev), lang, ref).value == (ref - timedelta(days=1)).isoformat()


@pytest.mark.parametrize("text, lang", [
    ("last Tuesday", "en"), ("mardi dernier", "fr"), ("минулого вівторка", "uk"), ("в прошлый вторник", "ru"),
    ("since Tuesday", "en"), ("depuis mardi", "fr"),
])
def test_last_weekday_in_a_report_of_that_weekday_is_a_week_earlier(text: str, lang: str) -> None:
    assert one(text, lang, REF).value == "2023-05-16"  # REF is a Tuesday


# ---------------------------------------------------------------- deadlines and plans

@pytest.mark.parametrize("text, lang, span, value", [
    ("Kyiv demanded that Moscow would hand the city over by June 1.", "en", "June 1", "2023-06-01"),
    ("The troops must leave no later than 1 June.", "en", "1 June", "2023-06-01"),
    ("The ceasefire holds until May 30.", "en", "May 30", "2023-05-30"),
    ("They set a June 1 deadline for the withdrawal.", "en", "June 1", "2023-06-01"),
    ("Les troupes doivent se retirer d'ici le 1er juin.", "fr", "le 1er juin", "2023-06-01"),
    ("Le couvre-feu est prolongé jusqu’au 30 mai.", "fr", "30 mai", "2023-05-30"),
    ("Il faut rendre la ville avant le 1er juin.", "fr", "le 1er juin", "2023-06-01"),
    ("Війська мають вийти до 1 червня.", "uk", "до 1 червня", "2023-06-01"),
    ("Подати документи не пізніше 30 травня.", "uk", "30 травня", "2023-05-30"),
    ("Город должны передать к 1 июня.", "ru", "к 1 июня", "2023-06-01"),
    ("Войска должны выйти до 1 июня.", "ru", "до 1 июня", "2023-06-01"),
    ("by Friday", "en", "Friday", "2023-05-26"),                 # ahead of a Tuesday report
    ("d'ici vendredi", "fr", "vendredi", "2023-05-26"),
    ("до п’ятниці", "uk", "до п’ятниці", "2023-05-26"),
])
def test_deadlines_are_marked(text: str, lang: str, span: str, value: str) -> None:
    m = one(text, lang)
    assert (m.text, m.value, m.kind) == (span, value, "deadline")
    assert is_deadline(m) and is_deadline(asdict(m))   # the dict the dates component emits too
    assert not can_date_event(m, REF) and not can_date_event(asdict(m), REF.isoformat())


@pytest.mark.parametrize("text, lang, span", [
    ("The summit is scheduled for June 10.", "en", "June 10"),
    ("Le sommet est prévu le 10 juin.", "fr", "le 10 juin"),
    ("Саміт заплановано на 10 червня.", "uk", "10 червня"),
    ("Встреча запланирована на 10 июня.", "ru", "10 июня"),
])
def test_plans_are_marked(text: str, lang: str, span: str) -> None:
    m = one(text, lang)
    assert (m.text, m.kind) == (span, "plan")
    assert not is_deadline(m) and not can_date_event(m, REF)


@pytest.mark.parametrize("text, lang", [
    ("Kupiansk was hit on May 23 by two missiles.", "en"),
    ("Six people were injured by Tuesday's strike.", "en"),        # "by" before a possessive
    ("Avant-hier, des drones ont frappé Odessa.", "fr"),
    ("Дрони атакували порт 22 травня.", "uk"),
    ("Удар был нанесен во вторник, 23 мая.", "ru"),
])
def test_happenings_are_not_deadlines(text: str, lang: str) -> None:
    m = one(text, lang)
    assert m.kind is None and can_date_event(m, REF)


def test_can_date_event_refuses_durations_years_and_dates_after_the_report() -> None:
    assert not can_date_event(one("depuis deux jours", "fr"), REF)
    assert not can_date_event(one("у 2022 році", "uk"), REF)
    assert not can_date_event(one("next week", "en"), REF)
    assert can_date_event(one("le 24 mai", "fr"), REF)        # the night after the report's day
    assert not can_date_event(one("le 26 mai", "fr"), REF)


def test_a_deadline_in_the_headline_is_not_the_report_date() -> None:
    assert report_date("Moscow must leave Kherson by June 1, 2023\n\nText.", "en", "2023-05-23") == ("2023-05-23", None)


# ---------------------------------------------------------------- document day of war

def test_day_of_war_from_the_document_date() -> None:
    assert day_of_war("2023-05-23") == 454                     # no counter in the text
    assert day_of_war("2023-05-23", 454) == 454
    assert day_of_war("2023-05-23", 100) == 454                # a look-back counter the date overrode
    assert day_of_war(None, 454) == 454
    assert day_of_war("2022-02-24") == 1
    assert day_of_war("2021-12-01") is None and day_of_war(None) is None and day_of_war("soon") is None


# ---------------------------------------------------------------- parts of a month

@pytest.mark.parametrize("text, lang, span, value, kind", [
    ("Les combats ont repris fin avril.", "fr", "fin avril", "2023-04-01", None),
    ("Il est arrivé à la mi-mai à Kyiv.", "fr", "à la mi-mai", "2023-05-01", None),
    ("Retrait d'ici fin juin.", "fr", "fin juin", "2023-06-01", "deadline"),
    ("Fighting flared up in late April.", "en", "in late April", "2023-04-01", None),
    ("The offensive began at the end of April.", "en", "at the end of April", "2023-04-01", None),
    ("They must leave by the end of June.", "en", "the end of June", "2023-06-01", "deadline"),
    ("Бої почалися наприкінці квітня.", "uk", "наприкінці квітня", "2023-04-01", None),
    ("Вийти до кінця червня.", "uk", "до кінця червня", "2023-06-01", "deadline"),
    ("Бои начались в конце апреля.", "ru", "в конце апреля", "2023-04-01", None),
    ("Выйти к концу июня.", "ru", "к концу июня", "2023-06-01", "deadline"),
])
def test_parts_of_a_month_have_month_precision(text: str, lang: str, span: str, value: str, kind: str | None) -> None:
    m = one(text, lang)
    assert (m.text, m.value, m.precision, m.kind) == (span, value, "month", kind)
    assert can_date_event(m, REF) is (kind is None)


def test_parts_of_a_month_need_a_month() -> None:
    assert find_dates("la fin de la guerre, the late Mr May", None, REF) == []


# ---------------------------------------------------------------- undated reports

@pytest.fixture
def today_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    import khronika.nlp.dates as dates

    monkeypatch.setattr(dates, "_today", lambda: date(2026, 12, 3))


@pytest.mark.parametrize("text, lang", [
    ("KREMENCHUK, Tuesday, June 20 — Russian missiles hit the city on Tuesday.", "en"),
    ("Krementchouk, mardi 20 juin\n\nDeux missiles ont frappé la ville mardi.", "fr"),
    ("Кременчук, у вівторок, 20 червня\n\nРакети влучили в місто у вівторок.", "uk"),
    ("Кременчуг, во вторник, 20 июня\n\nРакеты попали в город во вторник.", "ru"),
])
def test_an_undated_report_takes_its_year_from_the_weekday_of_its_date(text: str, lang: str, today_2026: None) -> None:
    when, _ = report_date(text, lang, None)
    assert when == "2023-06-20"           # the only Tuesday 20 June since the invasion
    values = {m.value for m in find_dates(text, lang, date.fromisoformat(when))}
    assert values == {"2023-06-20"}       # "on Tuesday" in that Tuesday's report is that day


def test_a_weekday_that_fits_no_single_year_leaves_the_date_open(monkeypatch: pytest.MonkeyPatch) -> None:
    import khronika.nlp.dates as dates

    monkeypatch.setattr(dates, "_today", lambda: date(2026, 12, 3))
    assert find_dates("Monday, June 20", "en", None)[0].value == "2022-06-20"
    assert find_dates("Sunday, June 20", "en", None)[0].value is None       # none since the invasion
    monkeypatch.setattr(dates, "_today", lambda: date(2030, 1, 1))
    assert find_dates("Tuesday, June 20", "en", None)[0].value is None      # 2023 and 2028
