"""API pages: a page size the client chooses within bounds, and a page that does not exist as a
field error (400), never the 404 that means "not found, or not yours" (issue 22)."""

from __future__ import annotations

import math

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


def _whole_number(request, name: str, *, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    limit = f" to {maximum}" if maximum else " or more"
    number = int(raw) if raw.isascii() and raw.isdigit() else 0
    if number < 1 or (maximum and number > maximum):
        raise ValidationError({name: [f"Give a whole number from 1{limit}"]})
    return number


class BoundedPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _whole_number(
            request, self.page_size_query_param, default=self.page_size, maximum=MAX_PAGE_SIZE
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        number = _whole_number(request, self.page_query_param, default=1)
        paginator = self.django_paginator_class(queryset, size)
        last = max(1, math.ceil(paginator.count / size))
        if number > last:
            raise ValidationError(
                {self.page_query_param: [f"There is no page {number}: the last is {last}"]}
            )
        self.page = paginator.page(number)
        return list(self.page)


PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1, "default": 1},
        description="Page number, from 1. A page after the last is a 400 with a `page` error "
        "(page 1 of nothing is an empty page).",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        description=f"Results per page, 1 to {MAX_PAGE_SIZE}",
    ),
]
