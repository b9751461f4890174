"""import_onspd reads each header shape ONS has published, and names what a file lacks.

Field names: ONS Postcode Directory (November 2025) User Guide, ONS Geography — the postcode as
pcd7 / pcd8 / pcds (earlier releases: pcd / pcd2 / pcds), the local authority district as
lad<YY>cd (lad25cd in 2025; earlier releases: oslaua), the termination date as doterm.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from organisations.management.commands.import_onspd import authority_column, postcode_column
from organisations.models import Postcode

# (postcode as written in that column, GSS code of the authority, doterm)
ROWS = [
    ("B23 6AB", "E08000025", ""),  # Birmingham
    ("WV14 0AA", "E08000031", ""),  # Wolverhampton
    ("CV10 7AA", "E07000219", ""),  # Nuneaton and Bedworth: outside the seven
    ("B24 9ZZ", "E08000025", "201001"),  # terminated
]
EXPECTED = {
    "B23 6AB": ("birmingham", "E08000025"),
    "WV14 0AA": ("wolverhampton", "E08000031"),
    "CV10 7AA": (None, "E07000219"),
}


def written_as(column: str, postcode: str) -> str:
    """A postcode as ONSPD writes it in that column: 7 characters, 8, or variable length."""
    outward, inward = postcode.split(" ")
    if column in ("pcd7", "pcd"):
        return f"{outward:<4}{inward}"
    if column in ("pcd8", "pcd2"):
        return f"{outward:<5}{inward}"
    return postcode


def write(path: Path, header: list[str]) -> Path:
    """A small synthetic ONSPD file with these columns (others filled with a dummy code)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for postcode, gss_code, doterm in ROWS:
            row = []
            for name in header:
                lowered = name.lower()
                if lowered in ("pcd", "pcd2", "pcd7", "pcd8", "pcds"):
                    row.append(written_as(lowered, postcode))
                elif lowered == "doterm":
                    row.append(doterm)
                elif lowered == "dointr":
                    row.append("198001")
                elif lowered == "oslaua" or (lowered.startswith("lad") and lowered.endswith("cd")):
                    row.append(gss_code)
                else:
                    row.append("E99999999")
            writer.writerow(row)
    return path


def import_onspd(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_onspd", str(path), *args, stdout=out)
    return out.getvalue()


def stored() -> dict[str, tuple[str | None, str]]:
    return {
        row.postcode: (row.local_authority.slug if row.local_authority else None, row.gss_code)
        for row in Postcode.objects.select_related("local_authority")
    }


HEADER_SHAPES = [
    pytest.param(
        ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "ced", "oslaua", "osward"],
        id="until-2025-oslaua-pcds",
    ),
    pytest.param(
        ["pcd7", "pcd8", "pcds", "dointr", "doterm", "cty25cd", "ced25cd", "lad25cd", "wd25cd"],
        id="november-2025-lad25cd-pcds",
    ),
    pytest.param(
        ["PCD7", "PCD8", "PCDS", "DOINTR", "DOTERM", "LAD25CD", "WD25CD"],
        id="november-2025-upper-case",
    ),
    pytest.param(["pcd7", "dointr", "doterm", "lad25cd"], id="pcd7-only-lad25cd"),
    pytest.param(["pcd8", "doterm", "lad24cd"], id="pcd8-only-lad24cd"),
    pytest.param(["pcd7", "doterm", "oslaua"], id="pcd7-only-oslaua"),
]


@pytest.mark.parametrize("header", HEADER_SHAPES)
def test_import_reads_every_published_onspd_header_shape(db, tmp_path, header):
    output = import_onspd(write(tmp_path / "onspd.csv", header))
    assert stored() == EXPECTED
    assert "terminated (skipped):          1" in output


def test_the_latest_lad_year_wins_when_a_file_carries_two():
    header = ["pcds", "doterm", "lad23cd", "lad25cd", "lad24cd", "ladnm"]
    assert authority_column(header) == "lad25cd"


def test_oslaua_is_preferred_to_a_lad_column_in_the_old_layout():
    assert authority_column(["pcds", "oslaua", "lad21cd"]) == "oslaua"


def test_pcds_is_preferred_to_the_fixed_width_forms():
    assert postcode_column(["pcd7", "pcd8", "pcds"]) == "pcds"
    assert postcode_column(["pcd8", "pcd7"]) == "pcd8"
    assert postcode_column(["pcd7"]) == "pcd7"


@pytest.mark.parametrize(
    ("header", "named"),
    [
        pytest.param(["pcds", "doterm", "lad25nm", "wd25cd"], "oslaua", id="no-authority"),
        pytest.param(["pcds", "doterm", "ladcd"], "lad25cd", id="lad-without-year"),
        pytest.param(["postcode", "doterm", "lad25cd"], "pcds, pcd8 or pcd7", id="no-postcode"),
        pytest.param(["pcds", "lad25cd"], "doterm", id="no-termination-date"),
    ],
)
def test_import_names_the_missing_column_when_none_matches(db, tmp_path, header, named):
    path = write(tmp_path / "not_onspd.csv", header)
    with pytest.raises(CommandError, match=named):
        import_onspd(path)
    assert not Postcode.objects.exists()


def test_an_explicit_authority_column_still_wins(db, tmp_path):
    header = ["pcds", "doterm", "lad25cd", "wd25cd"]
    path = write(tmp_path / "onspd.csv", header)
    with pytest.raises(CommandError, match="pcon25cd"):
        import_onspd(path, "--authority-column", "pcon25cd")
    import_onspd(path, "--authority-column", "LAD25CD")
    assert stored() == EXPECTED
