"""A time of day is typed the way people write it (issue 23): 14:30 and 1430 both, one shared
field (core.forms.TimeInputField) wherever a time is typed, and a hint that says so.

The API is not this: its times are ISO 8601 with a UTC offset (custody.feed.AwareDateTimeField),
and stay so; the last test holds it.
"""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.utils import timezone

from core.forms import TIME_HINT, TimeInputField, parse_time
from tests.test_bad_input import APPS

# Typed -> the time, or None for refused. Decisions beyond the list: am/pm is read on
# the 12-hour clock ("2pm" is 14:00), since it is how a time is said; hours alone on the 24-hour
# clock ("14") are refused as a time half typed; 12am and 12pm, which people read both ways
# (NPL, "What are a.m. and p.m.?"), are refused with a message asking for 00:00 or 12:00.
KNOWN_ANSWERS = [
    ("1430", datetime.time(14, 30)),
    ("14:30", datetime.time(14, 30)),
    ("14.30", datetime.time(14, 30)),
    ("14 30", datetime.time(14, 30)),
    (" 14:30 ", datetime.time(14, 30)),
    ("0930", datetime.time(9, 30)),
    ("930", datetime.time(9, 30)),
    ("9:30", datetime.time(9, 30)),
    ("09.30", datetime.time(9, 30)),
    ("0000", datetime.time(0, 0)),
    ("00:00", datetime.time(0, 0)),
    ("23:59", datetime.time(23, 59)),
    ("2pm", datetime.time(14, 0)),
    ("2:30pm", datetime.time(14, 30)),
    ("2.30 p.m.", datetime.time(14, 30)),
    ("9am", datetime.time(9, 0)),
    ("11.45PM", datetime.time(23, 45)),
    ("12:30pm", datetime.time(12, 30)),
    ("12:30am", datetime.time(0, 30)),
    ("24:00", None),
    ("2400", None),
    ("1460", None),
    ("14:60", None),
    ("2500", None),
    ("14", None),
    ("9", None),
    ("12pm", None),
    ("12am", None),
    ("13pm", None),
    ("0am", None),
    ("1430pm", None),
    ("14:30:00", None),
    ("14h30", None),
    ("1:5", None),
    ("١٤٣٠", None),  # Arabic-Indic digits: not a time anyone here types
    ("half two", None),
    ("S" * 20_000, None),
    ("14\x0030", None),
]


@pytest.mark.parametrize(("typed", "expected"), KNOWN_ANSWERS)
def test_a_time_is_read_as_people_type_it(typed, expected):
    if expected is None:
        with pytest.raises(forms.ValidationError):
            parse_time(typed, "time of arrest")
    else:
        assert parse_time(typed, "time of arrest") == expected


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_a_blank_time_is_no_time(typed):
    assert parse_time(typed, "time of arrest") is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1460", "Enter the time of arrest as hours and minutes, like 14:30 or 1430"),
        ("24:00", "Enter midnight as 00:00"),
        ("12pm", "Enter the time of arrest as 12:00 for midday or 00:00 for midnight"),
    ],
)
def test_a_refused_time_says_how_to_type_it(typed, message):
    with pytest.raises(forms.ValidationError) as error:
        parse_time(typed, "time of arrest")
    assert error.value.messages == [message]


def _time_fields():
    """Every field of every form of the service that takes a time of day (by its name)."""
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                for name, field in cls.base_fields.items():
                    if name == "time" or name.endswith("_time"):
                        yield f"{cls.__module__}.{cls.__name__}.{name}", field


def test_every_time_field_of_every_form_is_the_shared_one_with_the_hint():
    fields = dict(_time_fields())
    assert len(fields) >= 8, sorted(fields)
    assert not [n for n, f in fields.items() if not isinstance(f, TimeInputField)]
    for name, field in fields.items():
        assert field.widget.attrs.get("inputmode") == "numeric", name
        assert "14:30 or 1430" in str(field.help_text), name


def test_a_required_time_field_cleans_to_a_time_and_names_itself_when_empty():
    field = TimeInputField(label="Time of arrest")
    assert field.clean("1430") == datetime.time(14, 30)
    assert field.help_text == TIME_HINT
    with pytest.raises(forms.ValidationError) as error:
        field.clean("")
    assert error.value.messages == ["Enter the time of arrest"]
    assert TimeInputField(label="Time", required=False).clean("") is None


def test_a_time_given_as_a_time_shows_as_hours_and_minutes():
    field = TimeInputField(label="Time")
    assert field.prepare_value(datetime.time(9, 5)) == "09:05"
    assert field.prepare_value("930") == "930"  # what was typed, shown back as typed


def test_the_api_still_takes_only_iso_times_with_an_offset():
    from rest_framework import serializers

    from custody.feed import AwareDateTimeField

    field = AwareDateTimeField()
    assert field.run_validation("2026-11-26T14:30:00+00:00").hour == 14
    for loose in ("1430", "14:30", "2026-11-26 1430", "2026-11-26T14:30:00"):
        with pytest.raises(serializers.ValidationError):
            field.run_validation(loose)


@pytest.mark.parametrize("typed", ["1430", "14:30", "14.30", "2:30pm"])
def test_the_officer_types_the_time_found_as_they_write_it(typed, db):
    """DIVERT's first screen, on a phone: any of these is 14:30 on the day found."""
    from diversion.forms import WhereForm
    from tests.diversion.test_divert import screen_one

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    form = WhereForm(
        data=screen_one(
            found_time=typed,
            found_date_0=yesterday.day,
            found_date_1=yesterday.month,
            found_date_2=yesterday.year,
        )
    )
    assert form.is_valid(), form.errors
    found_at = timezone.localtime(form.values()["found_at"])
    assert (found_at.date(), found_at.time()) == (yesterday, datetime.time(14, 30))


def test_a_time_refused_is_shown_back_as_typed_with_its_message_and_the_hint(db):
    from diversion.forms import WhereForm
    from tests.diversion.test_divert import screen_one

    form = WhereForm(data=screen_one(found_time="2400"))
    assert not form.is_valid()
    assert form.errors["found_time"] == ["Enter midnight as 00:00"]
    html = str(form["found_time"]) + str(form["found_time"].help_text)
    assert 'value="2400"' in html and 'inputmode="numeric"' in html
    assert "For example, 14:30 or 1430" in html
