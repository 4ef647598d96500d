"""CSV records that are not what they seem: a stray double quote must not swallow the
rest of the file, and long values are cut short in messages (never in the quarantine)."""

from __future__ import annotations

from pathlib import Path

from saferplaces.sources.agency import ingest_agency
from tests.sources.agency.helpers import quarantined

HEADER = "incident_id,date,cause,property_type,lsoa_code\n"


def _lines(path: Path) -> int:
    """Data lines of a one-record-a-line file, counted without the csv module."""
    return sum(1 for line in path.read_text().splitlines()[1:] if line.strip())


def test_an_unclosed_quote_rejects_its_row_and_the_rest_loads(wh, tmp_path):
    rows = [f"Q{i},2025-04-{i % 28 + 1:02d},deliberate,outdoor,E01018218" for i in range(1, 1001)]
    rows[1] = 'Q2,2025-04-02,deliberate,outdoor,"E01018218'  # the quote is never closed
    f = tmp_path / "quote.csv"
    f.write_text(HEADER + "\n".join(rows) + "\n")
    (r,) = ingest_agency(wh, [f], source="fire").files
    assert r.rows_read == _lines(f) == 1000
    assert (r.rows_loaded, r.rows_quarantined, r.rows_rejected) == (999, 0, 1)
    ((row, kind, _, _, reason),) = quarantined(wh, "fire")
    assert (row, kind) == (3, "rejected")
    assert (
        reason
        == "unterminated quote starting row 3 (a double quote opens a cell that never closes)"
    )


def test_two_stray_quotes_reject_only_their_own_rows(wh, tmp_path):
    rows = [f"Q{i},2025-04-{i % 28 + 1:02d},deliberate,outdoor,E01018218" for i in range(1, 21)]
    rows[4] = 'Q5,2025-04-05,"deliberate,outdoor,E01018218'
    rows[14] = 'Q15,2025-04-15,deliberate,outdoor",E01018218'  # would close the first
    f = tmp_path / "two.csv"
    f.write_text(HEADER + "\n".join(rows) + "\n")
    (r,) = ingest_agency(wh, [f], source="fire").files
    assert r.rows_read == _lines(f) == 20
    # Row 6 opens a quote that swallows rows up to row 16; it is rejected and reading
    # resumes on the next line. Row 16's quote is in the middle of a cell: a character.
    assert (r.rows_loaded, r.rows_rejected) == (18, 1)
    assert r.rows_quarantined == 1  # row 16: property_type 'outdoor"' is not a type
    assert [q[0] for q in quarantined(wh, "fire")] == [6, 16]


def test_a_quoted_cell_over_two_lines_is_still_one_row(wh, tmp_path):
    f = tmp_path / "multi.csv"
    f.write_text(
        "incident_id,date,cause,property_type,lsoa_code,parish\n"
        'F1,2025-04-01,deliberate,outdoor,E01018218,"Balsham\n(near the church)"\n'
        "F2,2025-04-02,deliberate,outdoor,E01018218,Linton\n"
    )
    (r,) = ingest_agency(wh, [f], source="fire").files
    assert (r.rows_read, r.rows_loaded) == (2, 2)


def test_long_values_are_cut_short_in_messages(cli, warehouse_path, tmp_path):
    long_cause = "x" * 500
    f = tmp_path / "long.csv"
    f.write_text(HEADER + f"L1,2025-04-01,{long_cause},outdoor,E01018218\n")
    r = cli("ingest", "fire", f, "--accept-partial", "--warehouse", warehouse_path)
    assert r.code == 0, r.err
    line = next(x for x in r.out.splitlines() if "long.csv row 2" in x)
    assert "(got 'xxxxxxxx" in line and "…" in line and len(line) < 400
    q = cli("quality", "--warehouse", warehouse_path, "--format", "json")
    assert long_cause not in q.out.replace("\\n", "")  # the example is cut short too
    with __import__("saferplaces.warehouse", fromlist=["Warehouse"]).Warehouse.open(
        warehouse_path, read_only=True
    ) as w:
        assert w.scalar("SELECT value FROM quarantine") == long_cause  # kept whole
