"""A Hypothesis corpus of malformed police.uk and agency files, loaded with the command
(issue 18): stray quotes, control bytes, mixed months, future months, huge lines, bytes
that are not UTF-8, truncated archives.

For every file: ``saferplaces ingest`` exits 0 (loaded) or 1 (refused, one line
starting ``Error:``), never with a traceback; rows read = loaded + quarantined +
rejected, and rows read are the file's records, counted here from its bytes (the
generator writes one record a line, with at most one stray quote in a file, so a
record is a line); the warehouse holds exactly what the load says; and when a load is
refused the warehouse is unchanged.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, find, given, settings
from hypothesis import strategies as st

from saferplaces.sources.police_uk.files import STREET_COLUMNS
from saferplaces.warehouse import Warehouse
from tests.conftest import street_row

FIRE = ["incident_id", "date", "cause", "property_type", "latitude", "longitude", "lsoa_code"]
FIRE += ["parish"]

# Cell values that are not what a row should hold, besides good ones. No cell holds a
# line break: a record is a line.
CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x1b[2J", "\x7f"])
AWKWARD = st.one_of(
    st.sampled_from(["", " ", "x", "-1", "nan", "inf", "1e400", "ünïcödé £", "a,b", 'say "hi"']),
    CONTROL,
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
            max_size=12),
)  # fmt: skip
POLICE_MONTHS = st.sampled_from(["2025-01"] * 6 + ["2025-02", "2099-01", "2025-13", "Jan"])
FIRE_DATES = st.sampled_from(["2025-01-1"] * 5 + ["2025-02-1", "2099-01-0", "2025-13-0", "x"])


def _police_row(draw) -> list[str]:
    row = street_row(Month=draw(POLICE_MONTHS))
    if draw(st.booleans()):
        row[draw(st.integers(0, 11))] = draw(AWKWARD)
    if draw(st.integers(0, 9)) == 0:
        row = row[: draw(st.integers(1, 11))]  # too few fields
    return row


def _fire_row(draw, n: int) -> list[str]:
    date = draw(FIRE_DATES)
    if date[-1].isdigit() and len(date) == 9:
        date += str(draw(st.integers(1, 9)))
    row = [f"F{n}", date, "accidental", "outdoor", "52.2", "0.12", "E01018238", "Linton"]
    if draw(st.booleans()):
        row[draw(st.integers(0, 7))] = draw(AWKWARD)
    return row


@st.composite
def malformed(draw, kind: str) -> tuple[str, bytes]:
    """(file name, bytes): a header and rows, spoilt line by line, then packed."""
    header = list(STREET_COLUMNS) if kind == "police" else FIRE
    n = draw(st.integers(1, 25))
    rows = [_police_row(draw) if kind == "police" else _fire_row(draw, i) for i in range(n)]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    lines = [line.encode("utf-8") for line in buf.getvalue().split("\n")[:-1]]
    for _ in range(draw(st.integers(0, 2))):  # bytes that are not UTF-8 (Excel's £)
        i = draw(st.integers(1, len(lines) - 1)) if len(lines) > 1 else 0
        lines[i] = lines[i].replace(b",", b",\xa3", 1)
    if len(lines) > 1 and draw(st.booleans()):  # one stray quote, at the start of a cell
        i = draw(st.integers(1, len(lines) - 1))
        lines[i] = lines[i].replace(b",", b',"', 1) if b"," in lines[i] else b'"' + lines[i]
    if len(lines) > 1 and draw(st.integers(0, 7)) == 0:  # a line over the CSV field limit
        lines.insert(draw(st.integers(1, len(lines))), b"z" * 140_000)
    data = b"\n".join(lines) + b"\n"
    name = "2025-01-cambridgeshire-street.csv" if kind == "police" else "fires.csv"
    packing = draw(st.sampled_from(["csv", "csv", "gz", "gz-cut", "zip", "zip-cut"]))
    if kind != "police" and packing.startswith("zip"):
        packing = "csv"
    if packing.startswith("gz"):
        data, name = gzip.compress(data), name + ".gz"
    elif packing.startswith("zip"):
        z = io.BytesIO()
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        data, name = z.getvalue(), "police.zip"
    if packing.endswith("-cut"):
        data = data[: draw(st.integers(1, len(data) - 1))]
    return name, data


def records(data: bytes, blank_is_row: bool) -> int:
    """The file's records: lines after the header, as a CSV reader ends them. The agency
    loader skips a line of blank cells; police.uk's counts any line with a character."""
    lines = [x for x in re.split(rb"\r\n|\r|\n", data)[1:] if x]
    if blank_is_row:
        return len(lines)
    return sum(1 for x in lines if x.decode("utf-8", "surrogateescape").replace(",", "").strip())


def snapshot(path: Path) -> tuple:
    with Warehouse.open(path, read_only=True) as wh:
        return (
            wh.rows("SELECT load_id, source, status FROM loads ORDER BY 1"),
            wh.scalar("SELECT count(*) FROM police_street"),
            wh.scalar("SELECT count(*) FROM agency_record"),
            wh.scalar("SELECT count(*) FROM quarantine"),
            wh.rows("SELECT * FROM load_coverage ORDER BY ALL"),
        )


def _load(cli, reference_template, tmp_path_factory, kind: str, name: str, data: bytes):
    folder = tmp_path_factory.mktemp("corpus")
    path = folder / "w.duckdb"
    shutil.copy(reference_template, path)
    f = folder / name
    f.write_bytes(data)
    before = snapshot(path)
    source = "police-uk" if kind == "police" else "fire"
    out = cli("ingest", source, f, "--warehouse", path)
    assert out.code in (0, 1), out
    assert "Traceback" not in out.err + out.out
    event("refused" if out.code else "loaded")
    if out.code == 1:
        (line,) = [x for x in out.err.splitlines() if x.startswith("Error")]
        assert str(f) in line or name in line, line
        assert snapshot(path) == before
        return None
    with Warehouse.open(path, read_only=True) as wh:
        (load,) = wh.dicts(
            "SELECT load_id, rows_read, rows_loaded, rows_quarantined, rows_rejected FROM loads "
            "WHERE source NOT LIKE 'reference:%'"
        )
        n = load["rows_read"]
        for kind_of in ("rejected", "quarantined"):
            k = load[f"rows_{kind_of}"]
            event(f"{kind_of} rows: {'2 or more' if k >= 2 else k}")
        assert n == load["rows_loaded"] + load["rows_quarantined"] + load["rows_rejected"]
        table = "police_street" if kind == "police" else "agency_record"
        assert wh.scalar(f"SELECT count(*) FROM {table}") == load["rows_loaded"]
        assert wh.scalar("SELECT count(*) FROM quarantine") == n - load["rows_loaded"]
        assert wh.scalar("SELECT count(*) FROM quarantine WHERE row_number IS NULL") == 0
        month = "month" if kind == "police" else "month_end"
        assert not wh.scalar(f"SELECT count(*) FROM {table} WHERE {month} > current_date")
    return n


def _plain(name: str, data: bytes) -> bytes:
    if name.endswith(".gz"):
        return gzip.decompress(data)
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.read(z.namelist()[0])
    return data


CORPUS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@CORPUS
@given(file=malformed("police"))
def test_malformed_police_uk_files(cli, reference_template, tmp_path_factory, file):
    name, data = file
    n = _load(cli, reference_template, tmp_path_factory, "police", name, data)
    if n is not None:
        assert n == records(_plain(name, data), blank_is_row=True)


@CORPUS
@given(file=malformed("fire"))
def test_malformed_agency_files(cli, reference_template, tmp_path_factory, file):
    name, data = file
    n = _load(cli, reference_template, tmp_path_factory, "fire", name, data)
    if n is not None:
        assert n == records(_plain(name, data), blank_is_row=False)


DAMAGE = {
    "stray quote": lambda name, plain: b',"' in plain and plain.count(b'"') % 2 == 1,
    "control bytes": lambda name, plain: b"\x1b" in plain or b"\x01" in plain,
    "not UTF-8": lambda name, plain: re.search(rb"(?<!\xc2)\xa3", plain) is not None,
    "huge line": lambda name, plain: b"z" * 140_000 in plain,
    "future month": lambda name, plain: b"2099-01" in plain,
    "mixed months": lambda name, plain: b"2025-01" in plain and b"2025-02" in plain,
    "truncated archive": lambda name, plain: plain is None,
}


@pytest.mark.parametrize("kind", ["police", "fire"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_the_corpus_holds_each_kind_of_damage(kind, damage):
    """Each kind of damage is in the corpus, so the tests above passing says something."""

    def has(file: tuple[str, bytes]) -> bool:
        name, data = file
        plain = _plain(name, data) if _whole(name, data) else None
        if plain is None:
            return damage == "truncated archive"
        return damage != "truncated archive" and DAMAGE[damage](name, plain)

    # Found, not shrunk: any example holding it will do.
    quick = settings(max_examples=500, database=None, phases=[Phase.generate])
    find(malformed(kind), has, settings=quick)


def _whole(name: str, data: bytes) -> bool:
    try:
        _plain(name, data)
    except Exception:
        return False
    return True
