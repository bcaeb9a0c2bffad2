"""Per-language tables for date expressions: words, their values and the templates around them.

Everything that differs between fr/en/uk/ru lives here as data; `dates/__init__.py` only
compiles and resolves. Two kinds of keys:

* *forms* (month and weekday names, numbers, units): plain words, looked up after a match
  (lower-cased, apostrophes normalised), so every inflected form is listed explicitly;
* *phrases* (relative expressions, weekday modifiers): small regexes written with plain
  spaces, hyphens and apostrophes, which `_phrase()` widens to any whitespace / hyphen /
  apostrophe variant.

Templates are raw regexes with placeholders filled in by the compiler:
``{D}`` day number, ``{R}`` optional second day of a range ("22-23", "du 22 au 23"),
``{Y}`` four-digit year, ``{M}`` month after a day number (genitive in uk/ru),
``{MI}`` month after "in" (locative in uk/ru), ``{MY}`` month before a bare year,
``{WD}`` any weekday form, ``{ORD}`` ordinal suffix of a day number.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]                 # form after a day number: "mai", "травня", "мая"
    months_in: dict[str, int]              # form after "in": "mai", "травні", "мае"
    months_year: dict[str, int]            # form before a bare year: "травень 2023", "мая 2023 года"
    weekdays: dict[str, int]               # every inflected form -> 0 (Monday) .. 6 (Sunday)
    weekday_pre: dict[str, str | None]     # phrase before a weekday -> "last" / "next" / None
    weekday_post: dict[str, str | None]    # phrase after a weekday (fr "mardi prochain")
    today: str                             # phrase for "today", for "aujourd'hui mardi"
    days: dict[str, int]                   # relative phrase -> offset in days from ref
    weeks: dict[str, int]                  # phrase -> offset in weeks (value = that week's Monday)
    month_words: dict[str, int]            # phrase -> offset in months (value = the 1st)
    day_month: list[str]                   # templates for a day in a month
    month: list[str]                       # templates for a whole month
    year: list[str]                        # templates for a whole year
    numeric: list[str]                     # templates with a numeric month (group "mo")
    ordinal: str = ""                      # suffix after a day number: "er", "th", "-го"
    month_case_sensitive: bool = False     # en: "May" the month, never "may" the verb
    spans: dict[str, int] = field(default_factory=dict)   # fixed "over the past day" phrase -> days
    span_template: str = ""                # "depuis {N} {U}": duration back from ref
    numbers: dict[str, int] = field(default_factory=dict)  # number words for {N}
    units: dict[str, int] = field(default_factory=dict)    # unit forms for {U} -> days
    # Phrases just before a date that make it a limit, not a happening ("by June 1", "d'ici le
    # 1er juin", "до 1 червня", "к 1 июня"); a definite article may sit between them and the date.
    deadline: list[str] = field(default_factory=list)
    deadline_after: str = ""                               # regex right after: "June 1 deadline"
    plan: list[str] = field(default_factory=list)          # "scheduled for", "prévu le", "запланировано на"


def _forms(*groups: tuple[int, str]) -> dict[str, int]:
    """{form: value} from (value, "form form ...") pairs: keeps the tables one line per value."""
    return {form: value for value, forms in groups for form in forms.split()}


# Numeric dates shared by the day-first languages (fr/uk/ru): ISO and 23.05.2023 / 23/05/2023.
ISO = r"{Y}-(?P<mo>[01]\d)-(?P<d>[0-3]\d)"
DAY_FIRST = r"(?P<d>[0-3]?\d)[./](?P<mo>[01]?\d)[./]{Y}"

FR_MONTHS = _forms(
    (1, "janvier"), (2, "février fevrier"), (3, "mars"), (4, "avril"), (5, "mai"), (6, "juin"),
    (7, "juillet"), (8, "août aout"), (9, "septembre"), (10, "octobre"), (11, "novembre"),
    (12, "décembre decembre"),
)
FR = Lexicon(
    months=FR_MONTHS, months_in=FR_MONTHS, months_year=FR_MONTHS,
    weekdays=_forms((0, "lundi"), (1, "mardi"), (2, "mercredi"), (3, "jeudi"), (4, "vendredi"),
                    (5, "samedi"), (6, "dimanche")),
    weekday_pre={"le": None, "ce": None, "dès": None, "depuis": "since"},
    weekday_post={"prochain": "next", "dernier": "last", "passé": "last"},
    today="aujourd'hui",
    days={
        "aujourd'hui": 0, "ce jour(?!-là)": 0,  # "ce jour-là" is "that day", not today
        "ce matin": 0, "ce soir": 0, "cette nuit": 0,
        "hier": -1, "avant-hier": -2, "la nuit dernière": -1,
        # "à la veille de l'élection" is "on the eve of": only the bare "la veille" is ref-1.
        "la veille(?! (?:de|du|des|d'))": -1,
        "le lendemain(?! (?:de|du|des|d'))": 1,
        "demain": 1, "après-demain": 2,
    },
    weeks={"cette semaine": 0, "la semaine dernière": -1, "la semaine passée": -1,
           "la semaine prochaine": 1},
    month_words={"ce mois-ci": 0, "le mois dernier": -1, "le mois passé": -1,
                 "le mois prochain": 1},
    ordinal=r"(?:er|re)?",
    day_month=[r"(?:(?:le|ce|du|dès|depuis)\s+)?(?:{WD},?\s+)?(?:(?:le|du)\s+)?{D}{ORD}{R}\s+{M}(?:\s+{Y})?"],
    month=[r"en\s+(?:(?:début|fin)\s+)?{MI}(?:\s+{Y})?",
           r"(?:(?:début|fin)\s+|mi-)?{MY}\s+{Y}",
           # "fin mai", "à la mi-juin", "au début du mois de juin": part of a month is the month
           r"(?:au\s+|à\s+la\s+)?(?:(?:début|fin)\s+(?:du\s+mois\s+(?:de\s+|d['’]))?|mi-){MI}(?:\s+{Y})?"],
    year=[r"en\s+{Y}"],
    numeric=[ISO, DAY_FIRST],
    spans={"depuis 24 heures": 1, "en 24 heures": 1},
    span_template=r"depuis\s+{N}\s+{U}",
    numbers=_forms((1, "un une"), (2, "deux"), (3, "trois"), (4, "quatre"), (5, "cinq"), (6, "six"),
                   (7, "sept"), (8, "huit"), (9, "neuf"), (10, "dix")),
    units=_forms((1, "jour jours"), (7, "semaine semaines")),
    deadline=["d'ici", "d'ici à", "d'ici au", "d'ici la fin d(?:e|u|')", "d'ici fin", "avant",
              "avant la fin d(?:e|u|')", "jusqu'au", "jusqu'à", "jusqu'en", "jusqu'à la fin d(?:e|u|')",
              "au plus tard", "pas plus tard que", "date limite", "date limite du", "date butoir",
              "date butoir du", "échéance du", "ultimatum du", "délai du"],
    deadline_after=r"\s*,?\s+(?:date\s+(?:limite|butoir)|au\s+plus\s+tard)",
    plan=["prévue?s?", "prévue?s? pour", "programmée?s?", "programmée?s? pour", "fixée?s? au",
          "aura lieu", "auront lieu", "se tiendra", "se tiendront", "doit se tenir", "doivent se tenir",
          "devrait avoir lieu", "attendue?s?"],
)

# English month names are matched case-sensitively: "May 23" but never "you may 23".
EN_MONTHS_FULL = _forms(
    (1, "January"), (2, "February"), (3, "March"), (4, "April"), (5, "May"), (6, "June"),
    (7, "July"), (8, "August"), (9, "September"), (10, "October"), (11, "November"),
    (12, "December"),
)
EN_MONTHS = EN_MONTHS_FULL | _forms(
    (1, "Jan Jan."), (2, "Feb Feb."), (3, "Mar."), (4, "Apr Apr."), (8, "Aug Aug."),
    (9, "Sep Sep. Sept Sept."), (10, "Oct Oct."), (11, "Nov Nov."), (12, "Dec Dec."),
)
EN = Lexicon(
    months=EN_MONTHS, months_in=EN_MONTHS_FULL, months_year=EN_MONTHS,
    month_case_sensitive=True,
    weekdays=_forms((0, "monday"), (1, "tuesday"), (2, "wednesday"), (3, "thursday"),
                    (4, "friday"), (5, "saturday"), (6, "sunday")),
    weekday_pre={"on": None, "this": None, "since": "since", "last": "last", "this past": "last",
                 "on last": "last", "next": "next", "this coming": "next", "on next": "next"},
    weekday_post={},
    today="today",
    days={
        "today": 0, "earlier today": 0, "this morning": 0, "this evening": 0, "tonight": 0,
        "overnight": 0, "yesterday": -1, "the day before yesterday": -2, "last night": -1,
        "the previous day": -1, "tomorrow": 1, "the next day": 1, "the following day": 1,
    },
    weeks={"this week": 0, "earlier this week": 0, "later this week": 0, "last week": -1,
           "the previous week": -1, "next week": 1},
    month_words={"this month": 0, "earlier this month": 0, "last month": -1, "next month": 1},
    ordinal=r"(?:st|nd|rd|th)?",
    day_month=[
        r"(?:on\s+)?(?:{WD},?\s+)?(?:the\s+)?{D}{ORD}{R}\s+(?:of\s+)?{M}(?:,?\s+{Y})?",
        r"(?:on\s+)?(?:{WD},?\s+)?{M}\s+{D}{ORD}(?!\d){R}(?:,?\s+{Y})?",
    ],
    month=[r"in\s+(?:(?:early|late)\s+|mid-)?{MI}(?:,?\s+{Y})?", r"(?:mid-)?{MY},?\s+{Y}",
           r"(?:(?:early|late)\s+|mid-|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of\s+){MI}(?:,?\s+{Y})?"],
    year=[r"in\s+{Y}"],
    numeric=[ISO, r"(?P<mo>[01]?\d)/(?P<d>[0-3]?\d)/{Y}"],  # US order with slashes
    spans={"over the past 24 hours": 1, "in the past 24 hours": 1, "in the last 24 hours": 1},
    span_template=r"(?:(?:for|over|in|during)\s+the\s+(?:past|last)|for)\s+{N}\s+{U}",
    numbers=_forms((2, "two"), (3, "three"), (4, "four"), (5, "five"), (6, "six"), (7, "seven"),
                   (8, "eight"), (9, "nine"), (10, "ten")),
    units=_forms((1, "days"), (7, "weeks")),
    deadline=["by", "by the end of", "until", "till", "up until", "until the end of", "before",
              "before the end of", "no later than", "not later than", "ahead of", "deadline",
              "deadline of", "deadline for", "deadline is", "deadline on", "expires on", "expiring on"],
    deadline_after=r"(?:['’]s)?\s+deadline",
    plan=["scheduled for", "scheduled on", "planned for", "set for", "slated for", "due on", "due",
          "expected on", "to be held", "to be held on", "will be held", "will be held on",
          "will take place", "will take place on", "is to take place", "due to take place"],
)

UK = Lexicon(
    months=_forms((1, "січня"), (2, "лютого"), (3, "березня"), (4, "квітня"), (5, "травня"),
                  (6, "червня"), (7, "липня"), (8, "серпня"), (9, "вересня"), (10, "жовтня"),
                  (11, "листопада"), (12, "грудня")),
    months_in=_forms((1, "січні"), (2, "лютому"), (3, "березні"), (4, "квітні"), (5, "травні"),
                     (6, "червні"), (7, "липні"), (8, "серпні"), (9, "вересні"), (10, "жовтні"),
                     (11, "листопаді"), (12, "грудні")),
    months_year=_forms((1, "січень січня"), (2, "лютий лютого"), (3, "березень березня"),
                       (4, "квітень квітня"), (5, "травень травня"), (6, "червень червня"),
                       (7, "липень липня"), (8, "серпень серпня"), (9, "вересень вересня"),
                       (10, "жовтень жовтня"), (11, "листопад листопада"), (12, "грудень грудня")),
    weekdays=_forms((0, "понеділок понеділка"), (1, "вівторок вівторка"),
                    (2, "середа середу середи"), (3, "четвер четверга"),
                    (4, "п'ятниця п'ятницю п'ятниці"), (5, "субота суботу суботи"),
                    (6, "неділя неділю неділі")),
    weekday_pre={"у|в": None, "до": "by", "з|із|від": "since", "(?:у |в )?минул(?:ого|ої|ий|у)": "last",
                 "(?:у |в )?наступн(?:ого|ої|ий|у)": "next", "(?:у |в )?ц(?:ей|ю|ього|ієї)": None},
    weekday_post={},
    today="сьогодні",
    days={
        "сьогодні": 0, "цієї ночі": 0, "сьогодні вночі": 0, "вночі": 0, "уночі": 0,
        "вчора": -1, "учора": -1, "позавчора": -2, "напередодні": -1, "минулої ночі": -1,
        "завтра": 1, "післязавтра": 2, "наступного дня": 1,
    },
    weeks={"цього тижня": 0, "на цьому тижні": 0, "минулого тижня": -1, "на минулому тижні": -1,
           "наступного тижня": 1},
    month_words={"цього місяця": 0, "минулого місяця": -1, "наступного місяця": 1},
    ordinal=r"(?:-?го)?",
    day_month=[r"(?:(?:у|в|з|із|до)\s+)?(?:{WD},?\s+)?{D}{ORD}{R}\s+{M}(?:\s+{Y}(?:\s*(?:року|р\.))?)?"],
    month=[r"(?:у|в)\s+{MI}(?:\s+{Y}(?:\s*(?:року|р\.))?)?", r"{MY}\s+{Y}(?:\s*(?:року|р\.))?",
           r"(?:на\s+початку|наприкінці|(?:у|в)\s+(?:кінці|середині)|до\s+кінця|з\s+початку)\s+{M}"
           r"(?:\s+{Y}(?:\s*(?:року|р\.))?)?"],
    year=[r"(?:у|в)\s+{Y}\s*(?:році|р\.)", r"{Y}\s*(?:року|рік|р\.)"],
    numeric=[ISO, DAY_FIRST],
    spans={"за минулу добу": 1, "за останню добу": 1, "минулої доби": 1},
    span_template=r"(?:(?:протягом|впродовж)(?:\s+останніх)?|за\s+останні)\s+{N}\s+{U}",
    numbers=_forms((2, "два дві двох"), (3, "три трьох"), (4, "чотири чотирьох"),
                   (5, "п'ять п'яти"), (7, "сім семи")),
    units=_forms((1, "дні днів доби діб"), (7, "тижні тижнів")),
    deadline=["до", "не пізніше", "не пізніш", "не пізніше ніж", "до кінця", "термін до",
              "дедлайн", "крайній термін", "граничний термін"],
    plan=["заплановано на", "запланован(?:ий|а|е|і|ої|ого) на", "призначен(?:о|ий|а|е|і) на",
          "намічен(?:о|ий|а|е|і) на", "відбудеться", "відбудуться", "має відбутися", "мають відбутися"],
)

RU = Lexicon(
    months=_forms((1, "января"), (2, "февраля"), (3, "марта"), (4, "апреля"), (5, "мая"),
                  (6, "июня"), (7, "июля"), (8, "августа"), (9, "сентября"), (10, "октября"),
                  (11, "ноября"), (12, "декабря")),
    months_in=_forms((1, "январе"), (2, "феврале"), (3, "марте"), (4, "апреле"), (5, "мае"),
                     (6, "июне"), (7, "июле"), (8, "августе"), (9, "сентябре"), (10, "октябре"),
                     (11, "ноябре"), (12, "декабре")),
    months_year=_forms((1, "январь января"), (2, "февраль февраля"), (3, "март марта"),
                       (4, "апрель апреля"), (5, "май мая"), (6, "июнь июня"), (7, "июль июля"),
                       (8, "август августа"), (9, "сентябрь сентября"), (10, "октябрь октября"),
                       (11, "ноябрь ноября"), (12, "декабрь декабря")),
    # "среда"/"среды" is also "environment": only the accusative "(в) среду" counts.
    weekdays=_forms((0, "понедельник понедельника"), (1, "вторник вторника"), (2, "среду"),
                    (3, "четверг четверга"), (4, "пятница пятницу пятницы"),
                    (5, "суббота субботу субботы"), (6, "воскресенье воскресенья")),
    weekday_pre={"в|во|на": None, "до|к": "by", "с|со": "since", "(?:в |во )?прошл(?:ый|ую|ое|ого|ой)": "last",
                 "(?:в |во )?следующ(?:ий|ую|ее|его|ей)": "next", "(?:в |во )?эт(?:от|у|о)": None},
    weekday_post={},
    today="сегодня",
    days={
        "сегодня": 0, "этой ночью": 0, "сегодня ночью": 0, "ночью": 0,
        "вчера": -1, "позавчера": -2, "накануне": -1, "прошлой ночью": -1,
        "завтра": 1, "послезавтра": 2, "на следующий день": 1,
    },
    weeks={"на этой неделе": 0, "на прошлой неделе": -1, "на следующей неделе": 1},
    month_words={"в этом месяце": 0, "в прошлом месяце": -1, "в следующем месяце": 1},
    ordinal=r"(?:-?го)?",
    day_month=[r"(?:(?:в|во|с|со|до|к)\s+)?(?:{WD},?\s+)?{D}{ORD}{R}\s+{M}(?:\s+{Y}(?:\s*(?:года|г\.))?)?"],
    month=[r"(?:в|во)\s+{MI}(?:\s+{Y}(?:\s*(?:года|г\.))?)?", r"{MY}\s+{Y}(?:\s*(?:года|г\.))?",
           r"(?:в\s+(?:начале|конце|середине)|к\s+концу|до\s+конца|с\s+начала)\s+{M}(?:\s+{Y}(?:\s*(?:года|г\.))?)?"],
    year=[r"(?:в|во)\s+{Y}\s*(?:году|г\.)", r"{Y}\s*(?:года|год|г\.)"],
    numeric=[ISO, DAY_FIRST],
    spans={"за прошедшие сутки": 1, "за минувшие сутки": 1, "за последние сутки": 1},
    span_template=r"(?:в\s+течение(?:\s+последних)?|за\s+последние)\s+{N}\s+{U}",
    numbers=_forms((2, "два двух двое"), (3, "три трех трёх трое"), (4, "четыре четырех четырёх"),
                   (5, "пять пяти"), (7, "семь семи")),
    units=_forms((1, "дня дней суток"), (7, "недели недель")),
    deadline=["до", "к", "не позднее", "не позже", "до конца", "к концу", "крайний срок",
              "дедлайн", "срок до"],
    plan=["запланирован(?:о|а|ы)? на", "назначен(?:о|а|ы)? на", "намечен(?:о|а|ы)? на", "состоится",
          "состоятся", "пройд[её]т", "должн(?:а|о|ы)? пройти", "должн(?:а|о|ы)? состояться"],
)

LEXICONS: dict[str, Lexicon] = {"fr": FR, "en": EN, "uk": UK, "ru": RU}
