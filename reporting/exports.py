"""The dashboard's figures as CSV and Excel: the same suppressed values the page shows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils import timezone

from reporting.selectors import MONTH, Dashboard, Row, Table
from reporting.suppression import SUPPRESSED

NOT_YET_RECORDED = "not yet recorded"
HEADER = ["section", "breakdown", "group", "figure", "value"]
# A spreadsheet treats text starting with these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text a spreadsheet will show as text, never run: a leading formula character is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def group_label(table: Table, row: Row) -> str:
    """How a row is named in an export: months as 2025-04, others as on the page."""
    return f"{row.key:%Y-%m}" if table.key == MONTH else row.label


def figure_label(figure) -> str:
    units = {"percent": " (%)", "days": " (days)", "hours": " (hours)"}
    return figure.label + units.get(figure.kind, "")


def export_rows(dashboard: Dashboard) -> Iterator[list]:
    """One line per figure: section, breakdown, group, figure, value (tidy, for analysts)."""
    for figures in dashboard.sections:
        section = figures.section
        if not figures.recorded:
            for figure in section.figures:
                yield [section.title, "Total", "All", figure_label(figure), NOT_YET_RECORDED]
            continue
        for figure, value in zip(section.figures, figures.total.values, strict=True):
            yield [section.title, "Total", "All", figure_label(figure), value.export]
        for table in figures.tables:
            for row in table.rows:
                for figure, value in zip(section.figures, row.values, strict=True):
                    yield [
                        section.title,
                        table.title,
                        group_label(table, row),
                        figure_label(figure),
                        value.export,
                    ]


def filename(dashboard: Dashboard, extension: str) -> str:
    period = dashboard.period
    return f"opcc-figures-{period.first:%Y-%m}-to-{period.last:%Y-%m}.{extension}"


def as_of_text(dashboard: Dashboard) -> str:
    if dashboard.as_of is None:
        return "not yet calculated"
    return f"{timezone.localtime(dashboard.as_of):%Y-%m-%d %H:%M}"


def csv_text(dashboard: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for line in export_rows(dashboard):
        writer.writerow([safe_text(v) for v in line])
    return out.getvalue()


def xlsx_bytes(dashboard: Dashboard) -> bytes:
    """A workbook: 'About' (period, freshness, suppression, definitions), then a sheet per
    section with its tables by month, local authority and custody suite, as on the page."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    about = book.active
    about.title = "About"
    lines = [
        ["Arrest referral service: figures for the OPCC"],
        ["Period", dashboard.period.label],
        ["Figures as of", as_of_text(dashboard)],
        [
            "Small numbers",
            f"Counts from 1 to {dashboard.threshold - 1} are shown as '{SUPPRESSED}', and so is "
            "any count or rate that would let one be worked out, from these figures or from "
            "another period's. A suppressed count is at least 1.",
        ],
        [
            "Rounding",
            f"Every count is rounded to the nearest {dashboard.rounding} (0 stays 0), each "
            "total on its own, so rows may not add up to their total; rates and police hours "
            "are worked out from the rounded counts."
            if dashboard.rounding > 1
            else "None: counts are exact.",
        ],
        [],
        ["Section", "Figure", "Definition"],
    ]
    for figures in dashboard.sections:
        for figure in figures.section.figures:
            lines.append([figures.section.title, figure_label(figure), figure.definition])
        lines.append([figures.section.title, "Where counted", figures.section.placed_by])
    for line in lines:
        about.append([safe_text(v) for v in line])
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 26
    about.column_dimensions["B"].width = 40
    about.column_dimensions["C"].width = 100

    for figures in dashboard.sections:
        sheet = book.create_sheet(figures.section.title[:31])
        sheet.append([figures.section.title])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.column_dimensions["A"].width = 42
        if not figures.recorded:
            sheet.append([NOT_YET_RECORDED.capitalize() + ": " + figures.section.pending])
            continue
        header = [figure_label(f) for f in figures.section.figures]
        for table in figures.tables:
            sheet.append([])
            sheet.append([table.title])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append([safe_text(table.first_column), *header])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for row in [*table.rows, table.total]:
                label = group_label(table, row) if row is not table.total else "Total"
                sheet.append([safe_text(label), *(v.export for v in row.values)])
            sheet.cell(row=sheet.max_row, column=1).font = bold
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
