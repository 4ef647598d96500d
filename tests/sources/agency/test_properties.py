"""Property-based: malformed rows and files never crash the spec loader, and no row is
silently lost (rows in = loaded + quarantined + rejected), for CSV and XLSX, incident
and aggregate sources."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferplaces.core.errors import SaferplacesError
from saferplaces.sources.agency import builtin_spec, ingest_agency
from saferplaces.warehouse import Warehouse

AWKWARD = st.sampled_from(
    [
        "",
        " ",
        "2025-01-15",
        "15/01/2025",
        "2025-02-30",
        "2025-01-01",
        "2025-03-31",
        "deliberate",
        "Deliberate - other",
        "DELIBERATE",
        "arson",
        "outdoor",
        "E01018238",
        "E01099999",
        "E0101823",
        "52.2",
        "0.12",
        "91",
        "-0.1",
        "0",
        "north",
        "1e3",
        "E07000012",
        "South Cambs",
        "Narnia",
        "unknown",
        "outside",
        "12",
        "-3",
        "3.5",
        "1,234",
        'quote " inside',
        "comma, inside",
        "new\nline",
        "ünïcödé – £",
    ]
)
FIELD = st.one_of(AWKWARD, st.text(max_size=15))


def _rows(width: int, example: tuple[str, ...]):
    good = list(example)
    return st.one_of(
        # A good row with one field replaced by something awkward.
        st.tuples(st.integers(0, width - 1), FIELD).map(
            lambda t: [t[1] if i == t[0] else v for i, v in enumerate(good)]
        ),
        # A row of any length.
        st.lists(FIELD, min_size=1, max_size=width + 3),
        st.just(good),
    )


@pytest.fixture(scope="module")
def shared_wh(reference_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("agency-prop") / "w.duckdb"
    shutil.copy(reference_template, path)
    w = Warehouse.open(path)
    yield w
    w.close()


def _reset(wh: Warehouse) -> None:
    for table in ("agency_record", "agency_load", "quarantine", "load_coverage"):
        wh.execute(f"DELETE FROM {table}")
    wh.execute("DELETE FROM loads WHERE source NOT LIKE 'reference:%'")


def _records(text: str) -> int:
    """Data records in the file, counted with the csv module as an analyst would."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return sum(1 for r in rows[1:] if any(c.strip() for c in r))


def _check(wh: Warehouse, report, expected_rows: int | None) -> None:
    (r,) = report.files
    assert r.rows_read == r.rows_loaded + r.rows_quarantined + r.rows_rejected
    if expected_rows is not None:
        assert r.rows_read == expected_rows
    assert wh.scalar("SELECT count(*) FROM agency_record") == r.rows_loaded
    assert wh.scalar("SELECT count(*) FROM quarantine") == r.rows_quarantined + r.rows_rejected
    assert wh.scalar("SELECT count(*) FROM quarantine WHERE row_number IS NULL") == 0


def _load_text(wh: Warehouse, source: str, text: str):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "extract.csv"
        f.write_text(text, encoding="utf-8", newline="")
        return ingest_agency(wh, [f], source=source)


@pytest.mark.parametrize("source", ["fire", "ambulance", "idva", "probation-caseload"])
def test_every_row_is_loaded_quarantined_or_rejected(shared_wh, source):
    spec = builtin_spec(source)
    header = spec.canonical_header

    @settings(
        max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        rows=st.lists(_rows(len(header), spec.example[0]), min_size=1, max_size=10),
        garbage=st.lists(st.text(max_size=30), max_size=3),
    )
    def check(rows, garbage):
        _reset(shared_wh)
        buf = io.StringIO(newline="")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        text = buf.getvalue() + "".join(g.replace("\x00", "") + "\n" for g in garbage)
        try:
            report = _load_text(shared_wh, source, text)
        except SaferplacesError as e:
            # Only a whole-file problem (no data rows, two months held twice...) stops a
            # load, in one line, with nothing written.
            assert "\n" not in str(e)
            assert shared_wh.scalar("SELECT count(*) FROM agency_record") == 0
            return
        _check(shared_wh, report, _records(text))

    check()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=400))
def test_arbitrary_bytes_after_a_good_header_never_crash(shared_wh, body):
    _reset(shared_wh)
    data = (",".join(builtin_spec("fire").canonical_header) + "\n").encode() + body
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "x.csv"
        f.write_bytes(data)
        try:
            report = ingest_agency(shared_wh, [f], source="fire")
        except SaferplacesError as e:
            assert "\n" not in str(e)
            assert shared_wh.scalar("SELECT count(*) FROM agency_record") == 0
            return
    _check(shared_wh, report, None)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300), as_zip=st.booleans())
def test_arbitrary_files_never_crash(shared_wh, data, as_zip):
    _reset(shared_wh)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / ("x.xlsx" if as_zip else "x.csv")
        f.write_bytes((b"PK\x03\x04" if as_zip else b"") + data)
        try:
            report = ingest_agency(shared_wh, [f], source="ambulance")
        except SaferplacesError as e:
            assert "\n" not in str(e)
            return
    _check(shared_wh, report, None)


CELL = st.one_of(
    st.none(),
    st.integers(-5, 200_000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1890, 1, 1), max_value=date(2110, 1, 1)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1)),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    AWKWARD.filter(lambda s: "\n" not in s),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=9), min_size=1, max_size=8))
def test_workbooks_of_any_cells(shared_wh, rows):
    _reset(shared_wh)
    spec = builtin_spec("ed-assaults")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(spec.canonical_header)
    for r in rows:
        ws.append(r)
    expected = sum(
        1
        for r in rows
        if any(c is not None and not (isinstance(c, str) and not c.strip()) for c in r)
    )
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "x.xlsx"
        wb.save(f)
        try:
            report = ingest_agency(shared_wh, [f], source="ed-assaults")
        except SaferplacesError as e:
            assert "\n" not in str(e)
            assert expected == 0 or "no data rows" in str(e) or "both hold" in str(e)
            return
    _check(shared_wh, report, expected)
