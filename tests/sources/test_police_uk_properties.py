"""Property-based: malformed rows never crash the loader and no row is silently lost."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferplaces.core.errors import SaferplacesError
from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.sources.police_uk.files import STREET_COLUMNS
from saferplaces.warehouse import Warehouse
from tests.conftest import street_row

FIELD = st.one_of(
    st.sampled_from(
        [
            "",
            "2025-01",
            "2025-13",
            "Jan 2025",
            "Burglary",
            "burglary",
            "Robbery ",
            "ASB",
            "E01018238",
            "E99999999",
            "0.1",
            "-0.2",
            "north",
            "1e3",
            "Cambridgeshire Constabulary",
            'quote " inside',
            "comma, inside",
            "new\nline",
            "ünïcödé",
            " ",
        ]
    ),
    st.text(max_size=20),
)
ROW = st.one_of(
    # A valid row with one field replaced by something awkward.
    st.tuples(st.integers(0, 11), FIELD).map(
        lambda t: [t[1] if i == t[0] else v for i, v in enumerate(street_row())]
    ),
    # A row with the wrong number of fields.
    st.lists(FIELD, min_size=1, max_size=14),
    st.just(street_row()),
)


@pytest.fixture(scope="module")
def shared_wh(reference_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("prop") / "w.duckdb"
    shutil.copy(reference_template, path)
    w = Warehouse.open(path)
    yield w
    w.close()


def _reset(wh: Warehouse) -> None:
    for table in ("police_street", "quarantine", "load_coverage"):
        wh.execute(f"DELETE FROM {table}")
    wh.execute("DELETE FROM loads WHERE source = 'police-uk-street'")


def _records(text: str) -> int:
    """Data records in the file, counted with the csv module as an analyst would, except
    that a double quote that never closes does not swallow the lines after it (issue 18
    §8): its line is one record, and counting goes on from the next line."""
    lines = io.StringIO(text, newline="").readlines()  # lines as the csv module counts them
    reader = csv.reader(io.StringIO(text, newline=""))
    records, first = 0, 0
    for record in reader:
        end = reader.line_num
        body = "".join(lines[first:end])
        if end == len(lines) and end - first > 1 and body.count('"') % 2:
            # The csv module ran to the end of the file inside a quote.
            return records + 1 + _records("header\n" + "".join(lines[first + 1 :]))
        records += 1 if record and first > 0 else 0
        first = end
    return records


@pytest.mark.slow  # hypothesis: many generated files loaded
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(ROW, min_size=1, max_size=12), garbage=st.lists(st.text(max_size=30), max_size=3)
)
def test_every_row_is_loaded_quarantined_or_rejected(shared_wh, rows, garbage):
    _reset(shared_wh)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(STREET_COLUMNS)
    w.writerows(rows)
    text = buf.getvalue() + "".join(g.replace("\x00", "") + "\n" for g in garbage)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "2025-01-cambridgeshire-street.csv"
        f.write_text(text, encoding="utf-8", newline="")
        try:
            report = ingest_police_uk(shared_wh, [f])
        except SaferplacesError as e:
            assert "\n" not in str(e)
            assert shared_wh.scalar("SELECT count(*) FROM police_street") == 0
            return
    (r,) = report.files
    assert r.rows_read == r.rows_loaded + r.rows_quarantined + r.rows_rejected
    assert r.rows_read == _records(text)
    assert shared_wh.scalar("SELECT count(*) FROM police_street") == r.rows_loaded
    assert (
        shared_wh.scalar("SELECT count(*) FROM quarantine") == r.rows_quarantined + r.rows_rejected
    )
    assert shared_wh.scalar("SELECT count(*) FROM quarantine WHERE row_number IS NULL") == 0


@pytest.mark.slow  # hypothesis: many generated files loaded
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=400), gz=st.booleans())
def test_arbitrary_bytes_after_a_good_header_never_crash(shared_wh, body, gz):
    import gzip

    _reset(shared_wh)
    data = (",".join(STREET_COLUMNS) + "\n").encode() + body
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / ("x.csv.gz" if gz else "x.csv")
        f.write_bytes(gzip.compress(data) if gz else data)
        try:
            report = ingest_police_uk(shared_wh, [f])
        except SaferplacesError as e:
            assert "\n" not in str(e)
            assert shared_wh.scalar("SELECT count(*) FROM police_street") == 0
            return
    (r,) = report.files
    assert r.rows_read == r.rows_loaded + r.rows_quarantined + r.rows_rejected
    assert (
        shared_wh.scalar("SELECT count(*) FROM quarantine") == r.rows_quarantined + r.rows_rejected
    )
