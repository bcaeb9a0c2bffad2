"""Day 1 of the full-scale invasion and the war-day arithmetic the contract's `day_of_war` uses.

The lowest layer (no imports from the package), so the date finder (nlp/dates) and the store's
queries share one definition instead of each writing the date down.
"""
from __future__ import annotations

from datetime import date, timedelta

WAR_DAY_ONE = date(2022, 2, 24)  # day 1 of the full-scale invasion: "Jour 454" = 2023-05-23


def day_to_date(day: int, day_one: date = WAR_DAY_ONE) -> date:
    """Day 1 is `day_one` itself."""
    return day_one + timedelta(days=day - 1)


def date_to_day(when: date, day_one: date = WAR_DAY_ONE) -> int:
    return (when - day_one).days + 1
