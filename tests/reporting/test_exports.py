"""CSV and Excel hold exactly the figures the pages show (suppressed), and each download is in
the access log."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from openpyxl import load_workbook

from audit.models import AccessLog
from reporting.exports import safe_text
from reporting.services import figures_refresh
from tests.reporting import dataset


@pytest.fixture
def shown(client, opcc_analyst, history):
    """What the pages show: {(section, breakdown, row label, figure label): text}."""
    client.force_login(opcc_analyst)
    with time_machine.travel(dataset.TODAY, tick=False):
        dashboard = client.get(f"/dashboard/{dataset.QUERY}").context["dashboard"]
    found = {}
    for figures in dashboard.sections:
        section = figures.section
        if not figures.recorded:
            continue
        for figure, value in figures.totals:
            found[(section.title, "Total", "All", figure.label)] = value.text
        for table in figures.tables:
            for row in table.rows:
                label = f"{row.key:%Y-%m}" if table.key == "month" else row.label
                for figure, value in zip(section.figures, row.values, strict=True):
                    found[(section.title, table.title, label, figure.label)] = value.text
    return found


def _download(client, extension: str):
    with time_machine.travel(dataset.TODAY, tick=False):
        return client.get(f"/dashboard/figures.{extension}{dataset.QUERY}")


def _as_text(value, label: str) -> str:
    """A cell of an export, written as the page writes it."""
    if value in ("suppressed", None, ""):
        return {"suppressed": "suppressed"}.get(value, "–")
    if label.endswith("(%)"):
        return f"{float(value):.1f}%"
    if label.endswith("(hours)"):
        return f"{int(float(value)):,} hours"
    if label.endswith("(days)"):
        return f"{float(value):g} day" + ("" if float(value) == 1 else "s")
    return f"{int(float(value)):,}"


def _unit_free(label: str) -> str:
    for unit in (" (%)", " (days)", " (hours)"):
        label = label.removesuffix(unit)
    return label


def test_csv_has_the_same_figures_as_the_pages(client, shown):
    response = _download(client, "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="opcc-figures-2026-01-to-2026-03.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "breakdown", "group", "figure", "value"]
    exported = {}
    for section, breakdown, group, figure, value in rows[1:]:
        if value == "not yet recorded":
            continue
        exported[(section, breakdown, group, _unit_free(figure))] = _as_text(value, figure)
    assert exported == shown
    assert ("Custody contacts", "By custody suite", "Southbank Custody Suite (Birmingham)",
            "Detainees") in exported  # fmt: skip
    assert sum(1 for row in rows if row[4] == "suppressed") > 10


def test_excel_has_the_same_figures_as_the_pages(client, shown):
    response = _download(client, "xlsx")
    assert response.status_code == 200
    assert 'filename="opcc-figures-2026-01-to-2026-03.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[0] == "About"
    exported = {}
    for title in book.sheetnames[1:]:
        rows = list(book[title].iter_rows(values_only=True))
        section = rows[0][0]
        if len(rows) == 2:  # not yet recorded: a sentence, no tables
            assert rows[1][0].startswith("Not yet recorded")
            continue
        breakdown, header = None, None
        for row in rows[1:]:
            cells = [c for c in row if c is not None]
            if not cells:
                breakdown, header = None, None
            elif breakdown is None:
                breakdown = cells[0]
            elif header is None:
                header = row
            else:
                label = row[0]
                for figure, value in zip(header[1:], row[1:], strict=True):
                    text = _as_text(value, figure)
                    if label == "Total":
                        exported[(section, "Total", "All", _unit_free(figure))] = text
                    else:
                        exported[(section, breakdown, label, _unit_free(figure))] = text
    assert exported == shown
    about = list(book["About"].iter_rows(values_only=True))
    assert ("Period", "January 2026 to March 2026") in [tuple(r[:2]) for r in about]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_each_download_is_in_the_access_log(client, shown, opcc_analyst, extension):
    before = AccessLog.objects.count()
    _download(client, extension)
    entry = AccessLog.objects.order_by("-id").first()
    assert AccessLog.objects.count() == before + 1
    assert entry.user == opcc_analyst
    assert entry.action == AccessLog.Action.EXPORT
    assert entry.object_type == "reporting.figuresrefresh"  # aggregates: no person
    assert entry.person_id is None
    assert entry.detail == f"OPCC figures ({extension}), 2026-01 to 2026-03"
    assert entry.path == f"/dashboard/figures.{extension}"


def test_a_download_before_any_refresh_is_logged_against_the_user(client, opcc_analyst):
    client.force_login(opcc_analyst)
    client.get("/dashboard/figures.csv")
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.object_type == "accounts.user"


def test_a_download_with_a_period_that_is_not_valid_goes_back_to_the_page(client, opcc_analyst):
    client.force_login(opcc_analyst)
    response = client.get("/dashboard/figures.csv?from_month=13&from_year=2026")
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/?")
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_text_that_a_spreadsheet_would_run_is_quoted():
    assert safe_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_text("@SUM(A1)") == "'@SUM(A1)"
    assert safe_text("Birmingham") == "Birmingham"
    assert safe_text(12) == 12


def test_refreshing_twice_writes_the_same_figures(db, make_contact):
    from reporting.models import MonthlyFigure

    for suite in ("bhm-north", "coventry", "walsall"):
        make_contact(suite_code=suite)
    figures_refresh(full=True)
    first = sorted(MonthlyFigure.objects.values_list("month", "measure", "suite_id", "count"))
    figures_refresh()
    figures_refresh(full=True)
    assert (
        sorted(MonthlyFigure.objects.values_list("month", "measure", "suite_id", "count")) == first
    )
