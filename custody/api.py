"""Custody API: the police custody system posts detainees as they are booked in."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.response import Response

from accounts.access import Capability, HasCapability
from audit.models import AccessLog
from audit.services import access_record
from core.parsers import BoundedJSONParser
from custody.feed import (
    MAX_ROWS,
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


@extend_schema(
    request=FEED_REQUEST,
    responses={
        201: OpenApiResponse(FeedResponseSerializer, description="At least one contact created"),
        200: OpenApiResponse(
            FeedResponseSerializer,
            description="Nothing new: every row was already on record (or rejected)",
        ),
        400: OpenApiResponse(
            FeedResponseSerializer,
            description="Every row rejected (this shape); or the body is not one contact or a "
            f'list of 1 to {MAX_ROWS}: {{"detail": "…"}}',
        ),
    },
    summary="Detainees booked into custody (one contact, or a list of up to 500)",
    description=(
        f"The body is one contact, or a JSON list of 1 to {MAX_ROWS} of them. Each row is "
        "validated and stored on its own: bad rows are rejected with their errors by field "
        "while good rows are stored. Replaying a row is safe: the same suite and custody "
        "record number answer the contact already on record (status `existing`). The person "
        "is linked on an exact PNC ID, NHS number, or given name, family name and date of "
        "birth; otherwise a new person is created (never linked on a close match)."
    ),
)
@api_view(["POST"])
@parser_classes([BoundedJSONParser])
@permission_classes([HasCapability.for_(Capability.CUSTODY_FEED)])
def contacts(request):
    """A POST of rows, each created, existing or rejected; 207 is not used."""
    body = request.data
    if not isinstance(body, dict | list) or not body:
        raise exceptions.ParseError(f"Send one custody contact or a list of 1 to {MAX_ROWS}.")
    rows = [body] if isinstance(body, dict) else body
    if len(rows) > MAX_ROWS:
        raise exceptions.ParseError(f"At most {MAX_ROWS} contacts in one request.")

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
    if counts[FeedStatus.CREATED]:
        return Response(data, status=status.HTTP_201_CREATED)
    if counts[FeedStatus.REJECTED] == len(rows):
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    return Response(data, status=status.HTTP_200_OK)


def feed_list_bounds(result, generator, request, public):
    """drf-spectacular postprocessing hook: the feed's list of contacts is 1 to MAX_ROWS long,
    as the server enforces (drf-spectacular leaves a list serializer's bounds out)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.startswith("FeedContactOrList"):
            for part in component.get("oneOf", []):
                if part.get("type") == "array":
                    part.update(minItems=1, maxItems=MAX_ROWS)
    return result
