"""The API's two error bodies, for the schema: messages by field, `{"field": ["…"]}` (a nested
object's messages nested the same way), and one message, `{"detail": "…"}`.

The components themselves are added by referral_service.api.add_error_responses; the apps'
operations refer to them through `field_errors` and `detail_error`, so every error answer an
operation documents has its body in the schema (issue 22).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

ERROR_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# DRF's validation errors: messages by field; a nested serializer's are nested the same way.
VALIDATION_ERRORS = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"$ref": "#/components/schemas/ValidationErrors"},
        ]
    },
}
DETAIL_REF = {"$ref": "#/components/schemas/ErrorDetail"}
VALIDATION_REF = {"$ref": "#/components/schemas/ValidationErrors"}


def field_errors(description: str) -> OpenApiResponse:
    """A 400: messages by field, or `{"detail": "…"}` for a body that is not JSON at all."""
    return OpenApiResponse({"anyOf": [VALIDATION_REF, DETAIL_REF]}, description=description)


def detail_error(description: str) -> OpenApiResponse:
    """An error with one message: `{"detail": "…"}`."""
    return OpenApiResponse(DETAIL_REF, description=description)
