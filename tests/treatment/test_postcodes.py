"""Postcodes: normalisation, routing to the seven local authorities, and the ONSPD import."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from organisations.models import LocalAuthority, Postcode, PostcodeDistrict
from organisations.postcodes import district_of, normalise_postcode, route_postcode

DISTRICTS_CSV = (
    Path(__file__).resolve().parents[2]
    / "treatment"
    / "data"
    / "west_midlands_postcode_districts.csv"
)
OUTWARD_CODE = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


# --- Normalisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("B23 6AB", "B23 6AB"),
        ("b23 6ab", "B23 6AB"),
        ("B236AB", "B23 6AB"),
        ("  b23   6ab  ", "B23 6AB"),
        ("B1 1AA", "B1 1AA"),  # A9
        ("B11AA", "B1 1AA"),
        ("B10 0AA", "B10 0AA"),  # A99
        ("CV1 2AB", "CV1 2AB"),  # AA9
        ("WV14 0AA", "WV14 0AA"),  # AA99
        ("W1A 1AA", "W1A 1AA"),  # A9A
        ("SW1A 1AA", "SW1A 1AA"),  # AA9A
        ("EC1A1BB", "EC1A 1BB"),
        ("N1C 4AA", "N1C 4AA"),  # the letter ending A9A is not restricted (King's Cross)
        ("gir 0aa", "GIR 0AA"),
        ("GIR0AA", "GIR 0AA"),
    ],
)
def test_valid_postcodes_are_upper_case_with_one_space_before_the_inward_code(text, expected):
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "B23",  # outward code only
        "6AB",
        "B23 6A",
        "B23 6ABC",
        "123 6AB",
        "BB234 6AB",  # outward code too long
        "Q1 1AA",  # Q, V and X never start a postcode
        "V1 1AA",
        "X1 1AA",
        "BI1 1AA",  # I, J and Z never second
        "BZ1 1AA",
        "B23 6CA",  # C, I, K, M, O and V never in the inward code
        "B23 6AI",
        "B23 6KA",
        "B23 6MA",
        "B23 6OA",
        "B23 6VA",
        "B23-6AB",
        "NFA",  # no fixed abode is not a postcode
        None,
    ],
)
def test_invalid_postcodes_normalise_to_none(text):
    assert normalise_postcode(text) is None


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("B23 6AB", "B23"), ("b236ab", "B23"), ("WV14 0AA", "WV14"), ("SW1A 1AA", "SW1A")],
)
def test_district_is_the_outward_code(postcode, district):
    assert district_of(postcode) == district


def test_district_of_an_invalid_postcode_is_an_error():
    with pytest.raises(ValueError, match="Not a UK postcode"):
        district_of("B23")


# --- The shipped district table ------------------------------------------------------------


def shipped_rows() -> list[dict[str, str]]:
    with DISTRICTS_CSV.open(newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def test_shipped_district_table_says_it_is_approximate_and_points_to_import_onspd():
    header = "".join(
        line
        for line in DISTRICTS_CSV.read_text(encoding="utf-8").splitlines(True)
        if line[0] == "#"
    )
    assert "APPROXIMATE" in header
    assert "import_onspd" in header


def test_shipped_districts_are_unique_outward_codes_of_the_five_areas_with_known_slugs():
    rows = shipped_rows()
    districts = [row["district"] for row in rows]
    assert len(districts) == len(set(districts))
    slugs = {"", "birmingham", "coventry", "dudley", "sandwell", "solihull", "walsall"}
    slugs.add("wolverhampton")
    for row in rows:
        assert OUTWARD_CODE.fullmatch(row["district"]), row
        assert re.match(r"(B|CV|DY|WS|WV)[0-9]", row["district"]), row
        assert row["local_authority_slug"] in slugs, row
        assert row["straddles"] in {"true", "false"}, row


@pytest.mark.django_db
def test_migration_loads_every_shipped_district_and_every_authority_has_some():
    assert PostcodeDistrict.objects.count() == len(shipped_rows())
    for authority in LocalAuthority.objects.all():
        assert authority.postcode_districts.exists(), authority


@pytest.mark.parametrize("district", ["CV10", "WS11", "DY10", "B60", "WV7"])
def test_districts_wholly_outside_the_seven_are_present_with_no_authority(db, district):
    row = PostcodeDistrict.objects.get(district=district)
    assert row.local_authority is None


# --- Routing -------------------------------------------------------------------------------


def authority(slug: str) -> LocalAuthority:
    return LocalAuthority.objects.get(slug=slug)


def test_exact_postcode_beats_its_district(db, django_assert_max_num_queries):
    # B36 routes to Solihull, straddling, by district; the exact row says Birmingham.
    Postcode.objects.create(
        postcode="B36 8AA", local_authority=authority("birmingham"), gss_code="E08000025"
    )
    with django_assert_max_num_queries(1):
        routing = route_postcode("b36 8aa")
    assert routing.postcode == "B36 8AA"
    assert routing.local_authority == authority("birmingham")
    assert routing.exact is True
    assert routing.known is True
    assert routing.needs_confirmation is False
    assert routing.out_of_area is False


def test_exact_postcode_outside_the_seven_is_out_of_area(db):
    # B47 (Bromsgrove, mostly) straddles; an exact row outside the seven settles it.
    Postcode.objects.create(postcode="B47 6AA", local_authority=None, gss_code="E07000234")
    routing = route_postcode("B47 6AA")
    assert routing.local_authority is None
    assert routing.out_of_area is True
    assert routing.exact is True
    assert routing.needs_confirmation is False


def test_district_wholly_in_one_authority_routes_without_confirmation(
    db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        routing = route_postcode("B23 6AB")
    assert routing.local_authority == authority("birmingham")
    assert routing.known is True
    assert routing.exact is False
    assert routing.needs_confirmation is False
    assert routing.out_of_area is False


def test_straddling_district_routes_to_its_most_likely_authority_and_needs_confirmation(db):
    routing = route_postcode("B62 8AA")
    assert routing.local_authority == authority("dudley")
    assert routing.known is True
    assert routing.exact is False
    assert routing.needs_confirmation is True
    assert routing.out_of_area is False


def test_district_outside_the_seven_is_out_of_area(db):
    routing = route_postcode("CV10 7AA")
    assert routing.local_authority is None
    assert routing.out_of_area is True
    assert routing.known is True
    assert routing.needs_confirmation is False


def test_unknown_postcode_is_not_assumed_out_of_area_and_needs_confirmation(
    db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        routing = route_postcode("SW1A 1AA")
    assert routing.known is False
    assert routing.local_authority is None
    assert routing.out_of_area is False
    assert routing.exact is False
    assert routing.needs_confirmation is True


def test_routing_an_invalid_postcode_is_an_error(db):
    with pytest.raises(ValueError, match="Not a UK postcode"):
        route_postcode("NFA")


def test_routing_is_frozen(db):
    routing = route_postcode("B23 6AB")
    with pytest.raises(AttributeError):
        routing.known = False


# --- import_onspd --------------------------------------------------------------------------

ONSPD_HEADER = ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "ced", "oslaua", "osward"]


def onspd_row(pcds: str, oslaua: str, doterm: str = "") -> list[str]:
    outward, inward = pcds.split(" ")
    return [
        f"{outward:<4}{inward}",
        f"{outward:<5}{inward}",
        pcds,
        "198001",
        doterm,
        "E99999999",
        "E99999999",
        oslaua,
        "E05000000",
    ]


SYNTHETIC_ROWS = [
    onspd_row("B23 6AB", "E08000025"),  # Birmingham
    onspd_row("CV1 2AB", "E08000026"),  # Coventry
    onspd_row("DY1 4AA", "E08000027"),  # Dudley
    onspd_row("WS10 0AA", "E08000028"),  # Sandwell
    onspd_row("WV14 0AA", "E08000031"),  # Wolverhampton
    onspd_row("CV10 7AA", "E07000219"),  # Nuneaton and Bedworth: outside the seven
    onspd_row("SW1A 1AA", "E09000033"),  # Westminster: outside, and outside the five areas
    onspd_row("B24 9ZZ", "E08000025", doterm="201001"),  # terminated
]


def write_onspd(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ONSPD_HEADER)
        writer.writerows(rows)
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


def test_import_stores_live_postcodes_with_authority_only_for_the_seven(db, tmp_path):
    output = import_onspd(write_onspd(tmp_path / "onspd.csv", SYNTHETIC_ROWS))
    assert stored() == {
        "B23 6AB": ("birmingham", "E08000025"),
        "CV1 2AB": ("coventry", "E08000026"),
        "DY1 4AA": ("dudley", "E08000027"),
        "WS10 0AA": ("sandwell", "E08000028"),
        "WV14 0AA": ("wolverhampton", "E08000031"),
        "CV10 7AA": (None, "E07000219"),
        "SW1A 1AA": (None, "E09000033"),
    }
    assert re.search(r"rows read:\s+8\b", output)
    assert re.search(r"live:\s+7\b", output)
    assert re.search(r"in the seven:\s+5\b", output)
    assert re.search(r"written \(upserted\):\s+7\b", output)
    assert "rows/s" in output


def test_import_skips_terminated_postcodes(db, tmp_path):
    import_onspd(write_onspd(tmp_path / "onspd.csv", SYNTHETIC_ROWS))
    assert not Postcode.objects.filter(postcode="B24 9ZZ").exists()


def test_import_is_idempotent(db, tmp_path):
    path = write_onspd(tmp_path / "onspd.csv", SYNTHETIC_ROWS)
    import_onspd(path)
    first = stored()
    ids = dict(Postcode.objects.values_list("postcode", "id"))
    import_onspd(path)
    assert stored() == first
    assert dict(Postcode.objects.values_list("postcode", "id")) == ids


def test_reimport_updates_changed_rows_and_removes_postcodes_terminated_since(db, tmp_path):
    import_onspd(write_onspd(tmp_path / "first.csv", SYNTHETIC_ROWS))
    newer = [
        onspd_row("B23 6AB", "E08000029"),  # boundary change: now Solihull
        onspd_row("CV1 2AB", "E08000026", doterm="202501"),  # terminated since
        *SYNTHETIC_ROWS[2:],
    ]
    output = import_onspd(write_onspd(tmp_path / "newer.csv", newer))
    rows = stored()
    assert rows["B23 6AB"] == ("solihull", "E08000029")
    assert "CV1 2AB" not in rows
    assert re.search(r"removed \(terminated\):\s+1\b", output)


def test_only_west_midlands_keeps_the_b_cv_dy_ws_wv_areas(db, tmp_path):
    rows = [*SYNTHETIC_ROWS, onspd_row("BS1 4DJ", "E06000023"), onspd_row("CB2 1TN", "E07000008")]
    output = import_onspd(write_onspd(tmp_path / "onspd.csv", rows), "--only-west-midlands")
    assert set(stored()) == {"B23 6AB", "CV1 2AB", "DY1 4AA", "WS10 0AA", "WV14 0AA", "CV10 7AA"}
    assert re.search(r"outside B/CV/DY/WS/WV:\s+3\b", output)


def test_imported_postcode_routes_exactly(db, tmp_path):
    import_onspd(write_onspd(tmp_path / "onspd.csv", [onspd_row("B36 8AA", "E08000025")]))
    routing = route_postcode("B36 8AA")
    assert routing.exact is True
    assert routing.local_authority == authority("birmingham")


def test_import_reads_the_national_csv_inside_an_onspd_zip(db, tmp_path):
    csv_path = write_onspd(tmp_path / "onspd.csv", SYNTHETIC_ROWS)
    zip_path = tmp_path / "ONSPD_TEST_UK.zip"
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(csv_path, "Data/ONSPD_TEST_UK.csv")
        archive.writestr("Data/multi_csv/ONSPD_TEST_UK_B.csv", ",".join(ONSPD_HEADER) + "\n")
        archive.writestr("Documents/readme.txt", "synthetic")
    output = import_onspd(zip_path)
    assert len(stored()) == 7
    assert "Data/ONSPD_TEST_UK.csv" in output


def test_import_accepts_upper_case_column_names(db, tmp_path):
    path = tmp_path / "onspd.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([name.upper() for name in ONSPD_HEADER])
        writer.writerow(onspd_row("B23 6AB", "E08000025"))
    import_onspd(path)
    assert stored() == {"B23 6AB": ("birmingham", "E08000025")}


def test_import_refuses_a_file_without_the_needed_columns(db, tmp_path):
    path = tmp_path / "not_onspd.csv"
    path.write_text("postcode,authority\nB23 6AB,E08000025\n", encoding="utf-8")
    with pytest.raises(CommandError, match="pcds"):
        import_onspd(path)
    assert not Postcode.objects.exists()
