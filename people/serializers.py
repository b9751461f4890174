"""What the API's person payloads share: identifiers checked and normalised the same way."""

from __future__ import annotations

from rest_framework import serializers

from people.identifiers import (
    nhs_number_is_placeholder,
    normalise_nhs_number,
    normalise_pnc_id,
    pnc_id_is_ambiguous,
)


class IdentifiersMixin:
    """`pnc_id` and `nhs_number` fields: blank is None; otherwise valid and normalised, or a
    field error (which never repeats the value sent)."""

    def validate_pnc_id(self, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        normalised = normalise_pnc_id(value)
        if normalised is None:
            if pnc_id_is_ambiguous(value):
                raise serializers.ValidationError(
                    "Ambiguous PNC ID: without a slash these digits read as two different "
                    "years; send it as YY/NNNNNNNL or YYYY/NNNNNNNL."
                )
            raise serializers.ValidationError("Not a valid PNC ID (format 12/1234567A).")
        return normalised

    def validate_nhs_number(self, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        normalised = normalise_nhs_number(value)
        if normalised is None:
            if nhs_number_is_placeholder(value):
                raise serializers.ValidationError(
                    "Not a valid NHS number (one digit repeated is a placeholder, never issued)."
                )
            raise serializers.ValidationError("Not a valid NHS number (10 digits, mod 11).")
        return normalised
