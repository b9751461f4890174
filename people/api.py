"""People API: look for the person on record before creating anyone (machine clients too)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.response import Response

from accounts.access import Capability, HasCapability
from audit.models import AccessLog
from audit.services import access_record
from core.parsers import BoundedJSONParser
from core.validators import refuse_hidden_characters
from people.matching import find_matches
from people.serializers import IdentifiersMixin


@extend_schema_serializer(component_name="Match")  # "MatchRequest" in the schema
class MatchRequestSerializer(IdentifiersMixin, serializers.Serializer):
    given_name = serializers.CharField(
        validators=[refuse_hidden_characters],
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
    )
    # The pattern tells clients what trimming does here: spaces only are blank, and refused.
    family_name = serializers.CharField(
        validators=[refuse_hidden_characters, RegexValidator(r"\S", "Enter the family name")],
        max_length=100,
    )
    date_of_birth = serializers.DateField()
    pnc_id = serializers.CharField(
        validators=[refuse_hidden_characters],
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
    )
    nhs_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class CandidateSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="person.pk")
    reference = serializers.CharField(source="person.reference")
    given_name = serializers.CharField(source="person.given_name")
    family_name = serializers.CharField(source="person.family_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth")
    score = serializers.FloatField()
    exact_identifier = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class MatchResponseSerializer(serializers.Serializer):
    candidates = CandidateSerializer(many=True)


@extend_schema(
    request=MatchRequestSerializer,
    responses=MatchResponseSerializer,
    summary="People on record who may be this person, best first, with why each matched",
)
@api_view(["POST"])
# JSON only, as every other operation with a body: a request body offered in three media types
# made openapi-python-client write a client that does not import (issue 22).
@parser_classes([BoundedJSONParser])
@permission_classes([HasCapability.for_(Capability.PEOPLE_RECORD)])
def matches(request):
    """A POST, so names and dates of birth never appear in a URL."""
    query = MatchRequestSerializer(data=request.data)
    query.is_valid(raise_exception=True)
    candidates = find_matches(**query.validated_data)
    access_record(
        request=request, action=AccessLog.Action.API_READ, records=[c.person for c in candidates]
    )
    return Response(MatchResponseSerializer({"candidates": candidates}).data)
