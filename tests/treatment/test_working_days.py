"""A referral must be accepted within N working days: England and Wales bank holidays excluded."""

import datetime

from treatment.working_days import (
    LONDON,
    add_working_days,
    is_working_day,
    working_days_deadline,
)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def test_weekends_and_bank_holidays_are_not_working_days():
    assert not is_working_day(datetime.date(2026, 12, 26))  # Saturday, Boxing Day
    assert not is_working_day(datetime.date(2026, 12, 25))  # Christmas Day, a Friday
    assert not is_working_day(datetime.date(2026, 12, 28))  # Boxing Day substitute, Monday
    assert not is_working_day(datetime.date(2027, 3, 29))  # Easter Monday 2027
    assert is_working_day(datetime.date(2026, 12, 29))


def test_two_working_days_on_an_ordinary_week():
    # Sent Tuesday: Wednesday and Thursday.
    assert add_working_days(datetime.date(2026, 11, 24), 2) == datetime.date(2026, 11, 26)


def test_two_working_days_across_an_ordinary_weekend():
    # Sent Thursday: Friday, then Monday.
    assert add_working_days(datetime.date(2026, 11, 26), 2) == datetime.date(2026, 11, 30)


def test_two_working_days_across_the_christmas_bank_holiday_weekend():
    # Sent Thursday 24 Dec 2026: Fri 25 (Christmas), Sat 26, Sun 27, Mon 28 (Boxing Day
    # substitute) are not working days; Tue 29 and Wed 30 are.
    assert add_working_days(datetime.date(2026, 12, 24), 2) == datetime.date(2026, 12, 30)


def test_two_working_days_across_the_easter_weekend():
    # Easter Sunday 2027 is 28 March. Sent Thursday 25 March: Friday 26 is Good Friday and
    # Monday 29 Easter Monday, so the two working days are Tuesday 30 and Wednesday 31.
    assert add_working_days(datetime.date(2027, 3, 25), 2) == datetime.date(2027, 3, 31)


def test_a_referral_sent_at_the_weekend_starts_counting_on_monday():
    assert add_working_days(datetime.date(2026, 11, 28), 2) == datetime.date(2026, 12, 1)


def test_the_deadline_is_the_end_of_the_last_working_day_in_london_time():
    deadline = working_days_deadline(at(2026, 12, 24, 16, 30), 2)
    assert deadline == at(2026, 12, 31, 0, 0)


def test_a_late_evening_referral_counts_from_its_london_day_not_its_utc_day():
    # 23:30 on 30 June in London is 22:30 UTC the same day; 00:30 on 1 July London is still
    # 30 June in UTC: the London day decides.
    sent = at(2026, 7, 1, 0, 30)  # Wednesday in London
    assert working_days_deadline(sent.astimezone(datetime.UTC), 2) == at(2026, 7, 4, 0, 0)
