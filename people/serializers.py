"""What the API's person payloads share: identifiers checked and normalised the same way."""

from __future__ import annotations

from rest_framework import serializers

from people.identifiers import normalise_nhs_number, normalise_pnc_id


class IdentifiersMixin:
    """`pnc_id` and `nhs_number` fields: blank is None; otherwise valid and normalised, or a
    field error (which never repeats the value sent)."""

    def validate_pnc_id(self, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        normalised = normalise_pnc_id(value)
        if normalised is None:
            raise serializers.ValidationError("Not a valid PNC ID (format 12/1234567A).")
        return normalised

    def validate_nhs_number(self, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        normalised = normalise_nhs_number(value)
        if normalised is None:
            raise serializers.ValidationError("Not a valid NHS number (10 digits, mod 11).")
        return normalised
