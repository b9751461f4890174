"""API plumbing shared by every app: errors as JSON, and who-am-I for machine clients."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.access import capabilities_of
from core.api_errors import DETAIL_REF, ERROR_DETAIL, VALIDATION_ERRORS, VALIDATION_REF
from core.parsers import BodyTooLarge


def exception_handler(exc, context):
    """DRF's handler, with outsiders answered 404 (never 403) and every error as JSON.

    A body over the byte limit is a 413. Validation errors keep DRF's shape,
    `{"field": ["message", ...]}`, so a client can put each message by its field; other errors
    are `{"detail": "..."}`.
    """
    if isinstance(exc, (PermissionDenied, exceptions.PermissionDenied)):
        request = context.get("request")
        if request is not None and request.user and request.user.is_authenticated:
            exc = exceptions.NotFound()
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):
        # Django's limit on a body (DATA_UPLOAD_MAX_MEMORY_SIZE), met when DRF reads it: a 413
        # with a `detail`, not Django's 400 page (decision 0029).
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = BodyTooLarge(f"The body is larger than {limit} bytes: send less in each request.")
    return drf_exception_handler(exc, context)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The schema's security scheme for knox's tokens, as clients send them (and as before)."""

    target_class = "knox.auth.TokenAuthentication"
    name = "tokenAuth"
    priority = 1  # over drf-spectacular's own knox extension

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Authorization: Token <token>`. A token is shown once, when made "
                "(`manage.py create_api_token USERNAME`); only its hash is kept. It expires "
                "90 days after it is made (or the server's API_TOKEN_DAYS: the published schema "
                "is the same for every server), is replaced with `--rotate`, and is revoked "
                "when its user signs out on every device."
            ),
        }


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    organisation = serializers.CharField(allow_null=True)
    capabilities = serializers.ListField(child=serializers.CharField())


@extend_schema(responses=MeSerializer, summary="The signed-in user or token's owner")
@api_view(["GET"])
def me(request):
    user = request.user
    data = {
        "username": user.username,
        "name": user.get_full_name(),
        "role": user.role,
        "organisation": str(user.organisation) if user.organisation_id else None,
        "capabilities": sorted(capabilities_of(user)),
    }
    return Response(MeSerializer(data).data)


# --- The errors every operation can answer, in the schema ------------------------------------

_COMMON = {
    "401": "No credentials, or not valid ones (an unknown token, or a session that has ended).",
    "404": "Not found, or not for this user: the API never says which (outsiders get 404).",
}
_WITH_A_BODY = {
    "413": "The body is larger than the server's byte limit (2.5 MB unless configured "
    "otherwise): nothing done.",
    "415": "The body is not in a media type this operation accepts.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the errors that every operation can
    answer (401, 404; and, with a request body, 400, 413 and 415), so that clients, and the
    schemathesis fuzzing in tests/security, find every status code and body they will meet.

    A 400 an operation documents itself (its field errors) can still be `{"detail": "..."}`
    when the body is not JSON at all, so the two are alternatives.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = ERROR_DETAIL
    schemas["ValidationErrors"] = VALIDATION_ERRORS
    detail = DETAIL_REF
    validation = VALIDATION_REF

    def response(description: str, schema: dict) -> dict:
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in _COMMON.items():
                responses.setdefault(code, response(description, detail))
            if "requestBody" not in operation:
                continue
            for code, description in _WITH_A_BODY.items():
                responses.setdefault(code, response(description, detail))
            if "400" not in responses:
                responses["400"] = response(
                    'Not valid: messages by field, {"field": ["message"]}; or a body that is '
                    'not JSON, {"detail": "..."}.',
                    {"anyOf": [validation, detail]},
                )
            else:
                for content in responses["400"].get("content", {}).values():
                    if content["schema"] != detail and detail not in content["schema"].get(
                        "anyOf", []
                    ):
                        content["schema"] = {"anyOf": [content["schema"], detail]}
    return result


# --- Where an answer leads: OpenAPI links, for clients and stateful testing ---------------------

_ONE = "/api/v1/treatment/referrals/{reference}/"
_ON_A_REFERRAL = {
    "Read": "v1_treatment_referrals_retrieve",
    "Accept": "v1_treatment_referrals_accept_create",
    "BookAppointment": "v1_treatment_referrals_appointments_create",
    "Decline": "v1_treatment_referrals_decline_create",
}
_DIVERT = "/api/v1/divert/referrals/"
# (path, method, status) -> (the value the next operation takes, its parameter, the operations).
# The feed and the match make nothing another operation reads: a custody contact and a person
# are read on the service's pages, not through the API.
LINKS = {
    ("/api/v1/treatment/referrals/", "get", "200"): (
        "$response.body#/results/0/reference",
        "reference",
        _ON_A_REFERRAL,
    ),
    (_ONE, "get", "200"): ("$response.body#/reference", "reference", _ON_A_REFERRAL),
    (_ONE + "accept/", "post", "200"): ("$response.body#/reference", "reference", _ON_A_REFERRAL),
    (_ONE + "decline/", "post", "200"): ("$response.body#/reference", "reference", _ON_A_REFERRAL),
    (_ONE + "appointments/", "post", "201"): (
        "$request.path.reference",
        "reference",
        _ON_A_REFERRAL,
    ),
    (_DIVERT, "post", "201"): (
        "$response.body#/reference",
        "divert_reference",
        {"Read": "v1_divert_referrals_retrieve"},
    ),
    (_DIVERT, "post", "200"): (
        "$response.body#/reference",
        "divert_reference",
        {"Read": "v1_divert_referrals_retrieve"},
    ),
}


def add_links(result, generator, request, public):
    """drf-spectacular postprocessing hook: OpenAPI links from the answers that make or find
    a referral to the operations that read and act on it, and from a DIVERT referral made to
    its replay (the same body and Idempotency-Key: 200, the same reference). Clients can follow
    them; tests/api_contract/test_stateful_links.py runs them as schemathesis's state machine."""
    paths = result.get("paths", {})
    for (path, method, code), (value, parameter, targets) in LINKS.items():
        answer = paths.get(path, {}).get(method, {}).get("responses", {}).get(code)
        if answer is None:
            continue
        links = answer.setdefault("links", {})
        for name, operation_id in targets.items():
            links[name] = {"operationId": operation_id, "parameters": {parameter: value}}
    made = paths.get(_DIVERT, {}).get("post", {}).get("responses", {}).get("201")
    if made is not None:
        made.setdefault("links", {})["Replay"] = {
            "operationId": "v1_divert_referrals_create",
            "parameters": {"header.Idempotency-Key": "$request.header.Idempotency-Key"},
            "requestBody": "$request.body",
        }
    return result
