"""The data protection officer's access log: by person, by user, by date; exportable."""

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from accounts.access import Capability, requires
from audit.models import AccessLog
from audit.selectors import access_log_filtered
from audit.services import change_record
from dpo.forms import AccessLogFilterForm
from people.by_name import by_name_page
from people.forms import PersonByNameForm
from people.selectors import person_ids_for_reference, references_by_person_id


def _filtered(request):
    form = AccessLogFilterForm(request.GET if request.GET else None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = {k: v for k, v in filters.items() if v}
    query = dict(filters)
    if reference := query.pop("person_reference", "").strip():
        query["person_ids"] = person_ids_for_reference(reference)
    return form, filters, access_log_filtered(user=request.user, **query)


@requires(Capability.AUDIT_VIEW)
def log(request):
    """Who looked at what, newest first, filtered by person, user and dates."""
    form, filters, entries = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    references = references_by_person_id(e.person_id for e in page)
    for entry in page:
        entry.person_reference = references.get(entry.person_id, "")
    query = request.GET.copy()
    query.pop("page", None)
    by_name = PersonByNameForm(submit="Find the person")
    by_name.helper.form_action = reverse("audit:find_person")
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "by_name": by_name,
            "page": page,
            "filtered": bool(filters),
            "query": query.urlencode(),
        },
    )


@requires(Capability.AUDIT_VIEW)
@require_http_methods(["GET", "POST"])
def find_person(request):
    """Find the person by name and date of birth, then their entries (by reference, as the log
    names people). A POST, logged: see people.by_name."""
    log = reverse("audit:log")
    return by_name_page(
        request,
        purpose="access log",
        heading="Access log: find the person",
        back=(log, "Back to the access log"),
        link=lambda person: f"{log}?{urlencode({'person_reference': person.reference})}",
    )


class _Echo:
    def write(self, value):
        return value


@requires(Capability.AUDIT_VIEW)
def export(request):
    """The filtered log as CSV. The export itself is written to the log."""
    _form, filters, entries = _filtered(request)
    summary = ", ".join(f"{k}={v}" for k, v in sorted(filters.items())) or "everything"
    change_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        records=[request.user],
        detail=f"access log export: {summary}"[:200],
    )
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(
            ["when", "username", "action", "record type", "record id", "person id", "page",
             "address", "detail"]
        )  # fmt: skip
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(entry.at).isoformat(),
                    entry.user.username if entry.user else "",
                    entry.action,
                    entry.object_type,
                    entry.object_id,
                    entry.person_id or "",
                    entry.path,
                    entry.ip_address or "",
                    entry.detail,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    return response
