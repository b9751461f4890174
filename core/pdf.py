"""PDFs from Django templates (WeasyPrint), with nothing fetched from anywhere.

A PDF holds personal data, so its template carries its own styles and images inline: the
renderer refuses every URL, which keeps it from calling our own server (or any other) while it
holds a worker, and keeps anything in the data from steering it to fetch a resource.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def _refuse(url: str, *args, **kwargs):
    raise ValueError("PDF templates must not load resources")


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported when needed: it loads Pango on import

    html = render_to_string(template, {"service_name": settings.SERVICE_NAME, **context})
    return HTML(string=html, url_fetcher=_refuse).write_pdf()
