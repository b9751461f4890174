"""Text that says what it shows: names and references may not hide characters.

A right-to-left override (U+202E) shows "Smith" typed as "htimS", a zero-width space makes two
records of one name that look the same, a control character can break an export. Names and
references refuse every character of the Unicode categories that are invisible or control:
Cc (control), Cf (format: bidirectional overrides and marks, zero-width spaces and joiners,
soft hyphens), Co (private use), Cs (surrogates), Zl and Zp (line and paragraph separators).
Unicode Standard Annex #44 (Unicode Character Database), General_Category values.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
MESSAGE = (
    "Remove the hidden characters (such as a right-to-left mark, a zero-width space or a "
    "control character): type it again without pasting"
)


def hidden_characters(value: str) -> list[str]:
    """The code points in `value` that a reader cannot see, as U+XXXX."""
    return [
        f"U+{ord(char):04X}" for char in value if unicodedata.category(char) in HIDDEN_CATEGORIES
    ]


def refuse_hidden_characters(value) -> None:
    """A field validator (Django forms and DRF serializers alike)."""
    if isinstance(value, str) and hidden_characters(value):
        raise ValidationError(MESSAGE, code="hidden_characters")


def refusing_hidden_characters(field):
    """The form field, with refuse_hidden_characters among its validators. (DRF builds its
    fields again from their arguments: give a serializer field
    `validators=[refuse_hidden_characters]` instead.)"""
    field.validators.append(refuse_hidden_characters)
    return field
