"""Working days in England and Wales: weekdays that are not bank holidays.

Bank holidays come from the `holidays` package (its maintainers add each year's, including
one-off days such as a coronation), so a deadline over Christmas or Easter is never wrong
because someone forgot to extend a list. Decision 0002 says why we use it.
"""

from __future__ import annotations

import datetime
from functools import cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    # England's list is the one for England and Wales but for Wales's own days (none at present).
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`th working day after `day` (`day` itself never counts, whatever it is)."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_deadline(start: datetime.datetime, count: int) -> datetime.datetime:
    """The end (midnight, London time) of the `count`th working day after the day of `start`.

    A referral sent on Thursday with two working days to accept is due by the end of Monday;
    sent on Christmas Eve 2026 (a Thursday), by the end of Wednesday 30 December.
    """
    local_day = start.astimezone(LONDON).date()
    due_day = add_working_days(local_day, count)
    return datetime.datetime.combine(
        due_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=LONDON
    )


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days after `start` up to and including `end` (0 if `end` is not after
    `start`): from a Monday to the Friday of the next week, 9."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count
