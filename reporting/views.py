"""The OPCC's dashboard (aggregates only) and the team's local criminal-justice extract."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Capability, requires
from audit.models import AccessLog
from audit.services import access_record
from people.models import Person
from reporting import exports, ndtms
from reporting.forms import NdtmsExtractForm, PeriodForm
from reporting.sections import SECTIONS, SECTIONS_BY_KEY
from reporting.selectors import Dashboard, Period, dashboard_for, figures_refresh_latest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request) -> tuple[PeriodForm, Period]:
    """The period asked for, or the last 12 months when none is (or it is not valid)."""
    form = PeriodForm(request.GET)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["period"]
    return form, Period.default()


def _context(request, dashboard: Dashboard, form: PeriodForm, **extra) -> dict:
    query = dashboard.period.query
    return {
        "dashboard": dashboard,
        "form": form,
        "sections": SECTIONS,
        "query": f"?{query}" if query else "",
        **extra,
    }


@require_GET
@requires(Capability.REPORTING_DASHBOARD)
def dashboard(request):
    """The OPCC's dashboard: each section's headline figures for the period, and downloads."""
    form, period = _period(request)
    figures = dashboard_for(user=request.user, period=period)
    return render(request, "reporting/dashboard.html", _context(request, figures, form))


@require_GET
@requires(Capability.REPORTING_DASHBOARD)
def section(request, section: str):
    """One section: charts by month and by local authority, tables, definitions."""
    if section not in SECTIONS_BY_KEY:
        raise Http404
    form, period = _period(request)
    figures = dashboard_for(user=request.user, period=period)
    return render(
        request,
        "reporting/section.html",
        _context(request, figures, form, current=figures.section(section)),
    )


def _export(request, extension: str):
    form, period = _period(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('reporting:dashboard')}?{request.GET.urlencode()}")
    figures = dashboard_for(user=request.user, period=period)
    # Aggregates are about no one: the entry names the figures exported (the refresh they
    # came from) and the period, so the log still says who took what.
    refresh = figures_refresh_latest()
    access_record(
        request=request,
        action=AccessLog.Action.EXPORT,
        records=[refresh or request.user],
        detail=f"OPCC figures ({extension}), {period.first:%Y-%m} to {period.last:%Y-%m}",
    )
    if extension == "csv":
        response = HttpResponse(exports.csv_text(figures), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.xlsx_bytes(figures), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(figures, extension)}"'
    )
    return response


@require_GET
@requires(Capability.REPORTING_DASHBOARD)
def export_csv(request):
    """The figures of every section for the period, as CSV (the same as the pages show)."""
    return _export(request, "csv")


@require_GET
@requires(Capability.REPORTING_DASHBOARD)
def export_xlsx(request):
    """The figures of every section for the period, as an Excel workbook."""
    return _export(request, "xlsx")


def _last_month() -> tuple[datetime.date, datetime.date]:
    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last


@require_http_methods(["GET", "POST"])
@requires(Capability.NDTMS_EXTRACT)
def ndtms_extract(request):
    """The local criminal-justice extract (not an NDTMS submission) of people with NDTMS
    consent, as CSV (POST).

    Every person in it is written to the access log.
    """
    first, last = _last_month()
    form = NdtmsExtractForm(
        request.POST if request.method == "POST" else None,
        initial={"date_from": first, "date_to": last},
    )
    if request.method == "POST" and form.is_valid():
        first, last = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        rows = ndtms.ndtms_rows_for(user=request.user, first=first, last=last)
        people = sorted({row["person_id"] for row in rows}, key=str)
        detail = f"Local criminal-justice extract, {first:%Y-%m-%d} to {last:%Y-%m-%d}"
        access_record(
            request=request,
            action=AccessLog.Action.EXPORT,
            records=[Person(pk=pk) for pk in people] or [request.user],
            detail=detail if people else f"{detail}: nobody with NDTMS consent",
        )
        response = HttpResponse(ndtms.ndtms_csv(rows), content_type="text/csv; charset=utf-8")
        name = f"local-criminal-justice-extract-{first:%Y%m%d}-{last:%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "reporting/ndtms_extract.html",
        {"form": form, "columns": ndtms.COLUMNS},
        status=400 if form.is_bound else 200,
    )
