"""DIVERT API for the force's app: an officer posts a referral with an Idempotency-Key, and
reads back the status and outcome of their own referrals (nothing else)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts.access import Capability, HasCapability
from audit.models import AccessLog
from audit.services import access_record
from core.api_errors import detail_error, field_errors
from core.parsers import BoundedJSONParser
from core.validators import refuse_hidden_characters
from custody.feed import AwareDateTimeField
from diversion import services
from diversion.models import DivertReferral, Substance, Vulnerability
from diversion.selectors import divert_referral_of_officer

Officer = HasCapability.for_(Capability.DIVERT_REFER)


class DivertReferralInSerializer(serializers.Serializer):
    """Types only: the rules (required, formats, dates) are the service's, as for the page."""

    occurrence_number = serializers.CharField(
        validators=[refuse_hidden_characters], allow_blank=True, max_length=40
    )
    found_at = AwareDateTimeField(help_text="With a UTC offset, e.g. 2026-11-26T14:05:00+00:00")
    found_where = serializers.CharField(allow_blank=True, max_length=200)
    substances = serializers.ListField(
        child=serializers.ChoiceField(choices=Substance.choices), allow_empty=True
    )
    substance_other = serializers.CharField(
        required=False, allow_blank=True, max_length=100, default=""
    )
    amount = serializers.CharField(allow_blank=True, max_length=100)
    given_name = serializers.CharField(
        validators=[refuse_hidden_characters], allow_blank=True, max_length=100
    )
    family_name = serializers.CharField(
        validators=[refuse_hidden_characters], allow_blank=True, max_length=100
    )
    date_of_birth = serializers.DateField()
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")
    address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    consent_to_contact = serializers.BooleanField()
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerability.choices), required=False, default=list
    )
    vulnerability_other = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )


class DivertReferralOutSerializer(serializers.Serializer):
    """What the referring officer may know: no health or assessment detail, ever."""

    reference = serializers.CharField()
    status = serializers.ChoiceField(
        choices=DivertReferral.OfficerStatus.choices,
        help_text="A stable code: referred, in_progress, or the outcome (complete, not_engaged)",
    )
    status_label = serializers.CharField(help_text="The status in words, as the pages show it")
    outcome = serializers.ChoiceField(choices=DivertReferral.Outcome.choices, allow_null=True)
    outcome_date = serializers.DateField(allow_null=True)
    outcome_due = serializers.DateField()


def _out(referral: DivertReferral) -> dict:
    return DivertReferralOutSerializer(
        {
            "reference": referral.reference,
            "status": referral.officer_status_code(),
            "status_label": referral.officer_status(),
            "outcome": referral.outcome or None,
            "outcome_date": referral.outcome_returned_at.date()
            if referral.outcome_returned_at
            else None,
            "outcome_due": referral.outcome_due,
        }
    ).data


@extend_schema(
    request=DivertReferralInSerializer,
    parameters=[
        OpenApiParameter(
            "Idempotency-Key",
            # As the server refuses: blank (spaces only) or longer than 200 characters.
            {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"},
            location=OpenApiParameter.HEADER,
            required=True,
            description="A unique key per referral (a UUID): a retry with the same key and body "
            "answers the referral made the first time (200) and creates nothing.",
        )
    ],
    responses={
        201: OpenApiResponse(DivertReferralOutSerializer, description="Referral made"),
        200: OpenApiResponse(DivertReferralOutSerializer, description="Replay: made before"),
        400: field_errors(
            'Field errors: {"date_of_birth": ["…"]}; a missing or blank Idempotency-Key: '
            '{"Idempotency-Key": ["…"]}'
        ),
        422: detail_error("The key was used before with a different body"),
    },
    summary="Make a DIVERT referral (idempotent)",
)
@api_view(["POST"])
@parser_classes([BoundedJSONParser])
@permission_classes([Officer])
def referrals(request):
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if not key or len(key) > 200:
        raise ApiValidationError(
            {"Idempotency-Key": ["Send an Idempotency-Key header (a UUID), 1 to 200 characters"]}
        )
    body = DivertReferralInSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    try:
        referral, created = services.divert_referral_submit(
            officer=request.user, key=key, data=dict(body.validated_data)
        )
    except services.IdempotencyConflict:
        return Response(
            {"detail": "This Idempotency-Key was used for a different referral."},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    except ValidationError as error:
        raise ApiValidationError(error.message_dict) from None
    action = AccessLog.Action.CREATE if created else AccessLog.Action.API_READ
    access_record(request=request, action=action, records=[referral])
    return Response(
        _out(referral), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
    )


@extend_schema(
    parameters=[
        OpenApiParameter(
            "divert_reference",
            OpenApiTypes.STR,
            location=OpenApiParameter.PATH,
            pattern=r"^DV-[0-9]{2}-[0-9]{6}$",
            description="The referral's reference, e.g. DV-26-000123",
        )
    ],
    responses=DivertReferralOutSerializer,
    summary="One of the caller's own referrals: status and outcome only",
)
@api_view(["GET"])
@permission_classes([Officer])
def referral(request, divert_reference):
    referral = divert_referral_of_officer(user=request.user, reference=divert_reference)
    access_record(request=request, action=AccessLog.Action.API_READ, records=[referral])
    return Response(_out(referral))
