"""Treatment API: a provider's case system reads its inbox and accepts, declines and books.

Referrals are named by their reference (TR-26-000123), never a database id. A change the
referral has moved past (a second accept) answers 409 with who acted first.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts.access import Capability, HasCapability
from audit.decorators import logged_as_change
from audit.models import AccessLog
from audit.services import access_record
from core.api_errors import field_errors
from core.pagination import PAGE_PARAMETERS, BoundedPagination
from core.parsers import BoundedJSONParser
from custody.feed import AwareDateTimeField
from treatment import services
from treatment.models import Appointment, DeclineReason, Referral
from treatment.selectors import inbox_for, people_shown_of, referral_get_for

Inbox = HasCapability.for_(Capability.TREATMENT_INBOX)


class PersonSummarySerializer(serializers.Serializer):
    """The person while the referral is live; once it is declined, closed or engaged (or for
    anyone the caller no longer sees), the name it was sent with only: reference and date of
    birth null, phone and postcode empty (issue 21)."""

    reference = serializers.CharField(allow_null=True)
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    phone = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField(allow_blank=True)


class _OutcomeField(serializers.ChoiceField):
    """An appointment's outcome: null until one is recorded (stored as "", which is not one of
    the choices a client can be told about)."""

    def to_representation(self, value):
        return value or None


class AppointmentSerializer(serializers.Serializer):
    """An appointment as the API answers it."""

    id = serializers.UUIDField()
    starts_at = serializers.DateTimeField()
    location = serializers.CharField()
    outcome = _OutcomeField(
        choices=Appointment.Outcome.choices,
        allow_null=True,
        help_text="null until the provider records whether the person came",
    )


class AppointmentBookingSerializer(serializers.Serializer):
    """What a client sends to book: the time and the place, nothing the server decides."""

    starts_at = AwareDateTimeField(
        help_text="With a UTC offset, e.g. 2026-11-26T14:05:00+00:00. Not more than 24 hours "
        "in the past (a booking made just after the event is accepted): an earlier time is "
        'refused, {"starts_at": ["…"]}'
    )
    location = serializers.CharField(max_length=200)


class ContinuitySerializer(serializers.Serializer):
    released_on = serializers.DateField()
    days = serializers.IntegerField(help_text="Release to first attended appointment, or today")
    attended = serializers.BooleanField()
    within_limit = serializers.BooleanField(
        allow_null=True, help_text="true: in time; false: missed; null: waiting, still in time"
    )
    limit_days = serializers.IntegerField()


class ReferralSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    overdue = serializers.BooleanField()
    person = PersonSummarySerializer()
    provider_service = serializers.CharField()
    source = serializers.ChoiceField(choices=Referral.Source.choices)
    sent_at = serializers.DateTimeField()
    accept_by = serializers.DateTimeField(allow_null=True)
    accepted_at = serializers.DateTimeField(allow_null=True)
    declined_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.ChoiceField(choices=DeclineReason.CODES, allow_null=True)
    continuity_of_care = ContinuitySerializer(allow_null=True)
    appointments = AppointmentSerializer(many=True)


class ReferralPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReferralSerializer(many=True)


REFERENCE = OpenApiParameter(
    "reference",
    OpenApiTypes.STR,
    location=OpenApiParameter.PATH,
    pattern=r"^TR-[0-9]{2}-[0-9]{6}$",
    description="The referral's reference, e.g. TR-26-000123",
)


def _person(referral: Referral, shown: bool):
    if shown:
        return referral.person
    return {
        "reference": None,
        "given_name": referral.person.given_name,
        "family_name": referral.person.family_name,
        "date_of_birth": None,
        "phone": "",
        "postcode": "",
    }


def _shown(request, referral: Referral) -> bool:
    return referral.person_id in people_shown_of(user=request.user, referrals=[referral])


def _data(referral: Referral, *, shown: bool, with_appointments: bool = True) -> dict:
    continuity = referral.continuity_of_care()
    return ReferralSerializer(
        {
            "reference": referral.reference,
            "status": referral.status,
            "overdue": referral.is_overdue(),
            "person": _person(referral, shown),
            "provider_service": str(referral.provider_service),
            "source": referral.source,
            "sent_at": referral.sent_at,
            "accept_by": referral.accept_by,
            "accepted_at": referral.accepted_at,
            "declined_at": referral.declined_at,
            "decline_reason": referral.decline_reason.code if referral.decline_reason else None,
            "continuity_of_care": {
                "released_on": referral.released_on,
                "days": continuity.days,
                "attended": continuity.attended,
                "within_limit": continuity.within,
                "limit_days": continuity.limit,
            }
            if continuity
            else None,
            "appointments": list(referral.appointments.all()) if with_appointments else [],
        }
    ).data


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.ChoiceField(choices=Referral.Status.choices)


def _conflict(conflict: services.ReferralConflict) -> Response:
    return Response(
        {"detail": conflict.message, "status": conflict.referral.status},
        status=status.HTTP_409_CONFLICT,
    )


def _field_errors(error: ValidationError) -> ApiValidationError:
    return ApiValidationError(error.message_dict)


def _referral(request, reference: str) -> Referral:
    referral = referral_get_for(user=request.user, reference=reference)
    access_record(request=request, action=AccessLog.Action.API_READ, records=[referral])
    return referral


@extend_schema(
    parameters=[
        OpenApiParameter(
            "status",
            OpenApiTypes.STR,
            enum=Referral.Status.values,
            description="Only referrals in this status",
        ),
        *PAGE_PARAMETERS,
    ],
    responses={
        200: ReferralPageSerializer,
        400: field_errors(
            'A status that does not exist, {"status": ["…"]}; a page after the last, or a '
            'page size out of bounds: {"page": ["…"]}, {"page_size": ["…"]}'
        ),
    },
    summary="The caller's inbox: referrals to their provider services, newest first",
    description="Live referrals, and those declined, closed or engaged in the last 90 days.",
    operation_id="treatment_referrals_list",
)
@api_view(["GET"])
@permission_classes([Inbox])
def referrals(request):
    wanted = request.query_params.get("status")
    if "status" in request.query_params and wanted not in Referral.Status.values:
        raise ApiValidationError(
            {"status": [f"Choose one of: {', '.join(Referral.Status.values)}"]}
        )
    queryset = inbox_for(user=request.user).prefetch_related("appointments")
    if wanted:
        queryset = queryset.filter(status=wanted)
    paginator = BoundedPagination()
    page = paginator.paginate_queryset(queryset, request)
    access_record(request=request, action=AccessLog.Action.API_READ, records=page)
    shown = people_shown_of(user=request.user, referrals=page)
    return paginator.get_paginated_response([_data(r, shown=r.person_id in shown) for r in page])


@extend_schema(
    parameters=[REFERENCE], responses=ReferralSerializer, summary="One referral, by its reference"
)
@api_view(["GET"])
@permission_classes([Inbox])
def referral(request, reference):
    referral = _referral(request, reference)
    return Response(_data(referral, shown=_shown(request, referral)))


@extend_schema(
    parameters=[REFERENCE],
    request=None,
    responses={
        200: ReferralSerializer,
        409: OpenApiResponse(ConflictSerializer, description="Already accepted or declined"),
    },
    summary="Accept a referral (exactly one of any simultaneous accepts succeeds)",
)
@logged_as_change
@api_view(["POST"])
@permission_classes([Inbox])
def accept(request, reference):
    referral = _referral(request, reference)
    try:
        referral = services.referral_accept(referral=referral, by=request.user)
    except services.ReferralConflict as conflict:
        return _conflict(conflict)
    return Response(_data(referral, shown=_shown(request, referral)))


_CHOOSE_A_REASON = (
    "Choose a reason: {}".format(", ".join(DeclineReason.CODES)) + " ('other' needs a note)"
)


class DeclineSerializer(serializers.Serializer):
    # A choice, not a table lookup: the schema lists the codes, and a code that is not one (a
    # NUL included, which PostgreSQL cannot hold) is refused before any query.
    reason = serializers.ChoiceField(
        choices=DeclineReason.CODES,
        error_messages={"invalid_choice": _CHOOSE_A_REASON, "null": _CHOOSE_A_REASON},
        help_text="The reason code; other needs a note",
    )

    def validate_reason(self, code):
        reason = DeclineReason.objects.filter(code=code, active=True).first()
        if reason is None:
            raise serializers.ValidationError(_CHOOSE_A_REASON)
        return reason

    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


@extend_schema(
    parameters=[REFERENCE],
    request=DeclineSerializer,
    responses={
        200: ReferralSerializer,
        400: field_errors('Field errors: {"reason": ["…"], "note": ["…"]}'),
        409: OpenApiResponse(ConflictSerializer, description="Already accepted or declined"),
    },
    summary="Decline a referral with a reason code",
)
@logged_as_change
@api_view(["POST"])
@parser_classes([BoundedJSONParser])
@permission_classes([Inbox])
def decline(request, reference):
    referral = _referral(request, reference)
    body = DeclineSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    try:
        referral = services.referral_decline(
            referral=referral, by=request.user, **body.validated_data
        )
    except services.ReferralConflict as conflict:
        return _conflict(conflict)
    except ValidationError as error:
        raise _field_errors(error) from None
    return Response(_data(referral, shown=_shown(request, referral)))


@extend_schema(
    parameters=[REFERENCE],
    request=AppointmentBookingSerializer,
    responses={
        201: AppointmentSerializer,
        400: field_errors('Field errors: {"starts_at": ["…"], "location": ["…"]}'),
        409: OpenApiResponse(
            ConflictSerializer, description="Not accepted yet, or an appointment is open"
        ),
    },
    summary="Book an appointment (the first, or the next after a missed one)",
)
@logged_as_change
@api_view(["POST"])
@parser_classes([BoundedJSONParser])
@permission_classes([Inbox])
def appointments(request, reference):
    referral = _referral(request, reference)
    body = AppointmentBookingSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    try:
        appointment = services.appointment_book(
            referral=referral, by=request.user, **body.validated_data
        )
    except services.ReferralConflict as conflict:
        return _conflict(conflict)
    except ValidationError as error:
        raise _field_errors(error) from None
    return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)
