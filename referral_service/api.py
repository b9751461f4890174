"""API plumbing shared by every app: errors as JSON, and who-am-I for machine clients."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.access import capabilities_of


def exception_handler(exc, context):
    """DRF's handler, with outsiders answered 404 (never 403) and every error as JSON.

    Validation errors keep DRF's shape, `{"field": ["message", ...]}`, so a client can put each
    message by its field; other errors are `{"detail": "..."}`.
    """
    if isinstance(exc, (PermissionDenied, exceptions.PermissionDenied)):
        request = context.get("request")
        if request is not None and request.user and request.user.is_authenticated:
            exc = exceptions.NotFound()
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


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
