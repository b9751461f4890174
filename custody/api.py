"""Custody API: the police custody system posts detainees as they are booked in."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.response import Response

from accounts.access import Capability, HasCapability
from audit.models import AccessLog
from audit.services import access_record
from core.api_errors import detail_error
from core.parsers import BodyTooLarge, BoundedJSONParser
from custody.feed import (
    MAX_ROWS,
    FeedBatch,
    FeedContactSerializer,
    FeedResult,
    FeedStatus,
    feed_contacts_record,
)


class FeedRowResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The row's position in the request, from 0")
    status = serializers.ChoiceField(choices=FeedStatus.ALL)
    id = serializers.UUIDField(required=False, help_text="The custody contact (not if rejected)")
    custody_record_number = serializers.CharField(allow_null=True)
    errors = serializers.DictField(
        required=False,
        help_text='Rejected rows only: messages by field, the person\'s nested, e.g. {"person": '
        '{"date_of_birth": ["…"]}}',
    )


class FeedResponseSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    existing = serializers.IntegerField()
    rejected = serializers.IntegerField()
    results = FeedRowResultSerializer(many=True)


def _row(result: FeedResult) -> dict:
    row = {
        "index": result.index,
        "status": result.status,
        "custody_record_number": result.custody_record_number,
    }
    if result.contact is not None:
        # The contact the row made or found, and nothing about the person: whether they were
        # already on record, and their reference, are the service's business, never the police
        # custody system's (issue 21: an answer must not differ by who is on record).
        row["id"] = result.contact.pk
    if result.errors:
        row["errors"] = result.errors
    return row


# One contact, or a list of them: the schema says both (it said only one until the API fuzzing
# in tests/security found a list was accepted but not documented).
FEED_REQUEST = PolymorphicProxySerializer(
    component_name="FeedContactOrList",
    serializers=[
        FeedContactSerializer,
        FeedContactSerializer(many=True, min_length=1, max_length=MAX_ROWS),
    ],
    resource_type_field_name=None,
    many=False,
)


def _answer(description: str) -> OpenApiResponse:
    return OpenApiResponse(FeedResponseSerializer, description=description)


@extend_schema(
    request=FEED_REQUEST,
    responses={
        201: _answer("Every row stored or already on record, at least one new: send none again."),
        200: _answer("Every row already on record (a replay): nothing new, send none again."),
        207: _answer(
            "Multi-Status: some rows stored or already on record, some rejected (each with its "
            "errors). Correct the rejected rows before sending them again; the others are done "
            "(sending them again is safe, and answers them `existing`)."
        ),
        409: _answer(
            "A row met another write of the same contact or person at the same moment (its "
            "errors say so) and could not be settled: send the same batch again (the rows "
            "stored answer `existing`)."
        ),
        422: _answer(
            "Every row rejected, each with its errors; nothing stored. Correct the rows before "
            "sending them again."
        ),
        400: detail_error(
            f"Not contacts: not JSON, nested too deep, or not one contact or a list of 1 to "
            f"{MAX_ROWS} (one `detail`). Do not send it again unchanged."
        ),
        413: detail_error(
            f"Too large: more than {MAX_ROWS} contacts, or a body over the server's byte limit "
            "(2.5 MB unless configured otherwise; one `detail`). Nothing stored: split the batch."
        ),
    },
    summary=f"Detainees booked into custody (one contact, or a list of up to {MAX_ROWS})",
    description=(
        f"The body is one contact, or a JSON list of 1 to {MAX_ROWS} of them. Each row is "
        "validated and stored on its own: bad rows are rejected with their errors by field "
        "while good rows are stored. Replaying a row is safe: the same suite and custody "
        "record number answer the contact already on record (status `existing`). The person "
        "is linked on an exact PNC ID, NHS number, or given name, family name and date of "
        "birth; otherwise a new person is created (never linked on a close match).\n\n"
        "The status alone says what to do next: 200 or 201, nothing; 207 or 422, correct the "
        "rejected rows (by `index`) before sending them again; 409, send the same batch "
        "again; 400, fix the body; 413, split the batch; 5xx, send the same batch again later "
        "(decision 0029)."
    ),
)
@api_view(["POST"])
@parser_classes([BoundedJSONParser])
@permission_classes([HasCapability.for_(Capability.CUSTODY_FEED)])
def contacts(request):
    """A POST of rows, each created, existing or rejected; the status sums them up (0029)."""
    body = request.data
    if not isinstance(body, dict | list) or not body:
        raise exceptions.ParseError(f"Send one custody contact or a list of 1 to {MAX_ROWS}.")
    rows = [body] if isinstance(body, dict) else body
    if len(rows) > MAX_ROWS:
        raise BodyTooLarge(f"At most {MAX_ROWS} contacts in one request.")

    batch = feed_contacts_record(rows=rows, by=request.user)
    for action, row_status in (
        (AccessLog.Action.CREATE, FeedStatus.CREATED),
        (AccessLog.Action.API_READ, FeedStatus.EXISTING),
    ):
        records = [r.contact for r in batch.results if r.status == row_status]
        if records:
            access_record(request=request, action=action, records=records)

    counts = {name: batch.count(name) for name in FeedStatus.ALL}
    data = FeedResponseSerializer(
        {**counts, "results": [_row(result) for result in batch.results]}
    ).data
    return Response(data, status=_status_of(batch, counts))


def _status_of(batch: FeedBatch, counts: dict[str, int]) -> int:
    """One status for the batch, which tells the custody system whether to send it again."""
    if any(result.conflicted for result in batch.results):
        return status.HTTP_409_CONFLICT
    if counts[FeedStatus.REJECTED] == len(batch.results):
        return status.HTTP_422_UNPROCESSABLE_ENTITY
    if counts[FeedStatus.REJECTED]:
        return status.HTTP_207_MULTI_STATUS
    if counts[FeedStatus.CREATED]:
        return status.HTTP_201_CREATED
    return status.HTTP_200_OK


def feed_list_bounds(result, generator, request, public):
    """drf-spectacular postprocessing hook: the feed's list of contacts is 1 to MAX_ROWS long,
    as the server enforces (drf-spectacular leaves a list serializer's bounds out), and the
    body is required (a POST without one is a 400; drf-spectacular leaves `required` out for a
    polymorphic body: schemathesis's positive_data_acceptance found it)."""
    for path, operations in result.get("paths", {}).items():
        if path.endswith("/custody/contacts/") and "requestBody" in operations.get("post", {}):
            operations["post"]["requestBody"]["required"] = True
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.startswith("FeedContactOrList"):
            for part in component.get("oneOf", []):
                if part.get("type") == "array":
                    part.update(minItems=1, maxItems=MAX_ROWS)
    return result
