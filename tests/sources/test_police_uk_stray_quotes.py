"""A stray double quote in a police.uk file costs its own row, never the rows after it
(issue 18 §8): rows read equal the file's records, the bad record is rejected on its
own, and no ``_csv.Error`` reaches the user."""

from __future__ import annotations

import csv
import gzip
import io
import json

from saferplaces.sources.police_uk import ingest_police_uk
from tests.conftest import sample_month


def first_rows(n: int) -> list[str]:
    """The header and the first ``n`` rows of January 2025, as lines of text."""
    with gzip.open(sample_month("2025-01"), "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[: n + 1]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().splitlines()


def rejected(wh) -> list[tuple[int, str, str]]:
    return [
        (row, reason, json.loads(record))
        for row, reason, record in wh.rows(
            "SELECT row_number, reason, record FROM quarantine WHERE kind = 'rejected' "
            "ORDER BY row_number"
        )
    ]


def test_an_unterminated_quote_rejects_its_row_only(wh, tmp_path, cli):
    lines = first_rows(1000)
    assert lines[10].count(",On or near ") == 1
    lines[10] = lines[10].replace(",On or near ", ',"On or near ', 1)  # sheet row 11
    f = tmp_path / "2025-01-cambridgeshire-street.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")

    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (1000, 999, 1)
    ((row, reason, text),) = rejected(wh)
    assert row == 11 and reason.startswith("unterminated quote starting row 11")
    assert text == lines[10]
    assert wh.scalar("SELECT count(*) FROM police_street") == 999

    wh.close()
    out = cli("quality", "--format", "json", "--warehouse", wh.path)
    assert out.code == 0 and "Traceback" not in out.err


def test_the_cli_never_shows_a_csv_error(tmp_path, cli, warehouse_path):
    lines = first_rows(50)
    lines[3] = lines[3].replace(",On or near ", ',"On or near ', 1)
    f = tmp_path / "x.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = cli("ingest", "police-uk", str(f), "--warehouse", str(warehouse_path))
    assert out.code == 0, out.err
    assert "_csv.Error" not in out.out + out.err and "Traceback" not in out.err
    assert "x.csv row 4: unterminated quote starting row 4" in out.out


def test_two_stray_quotes_do_not_swallow_the_rows_between(wh, tmp_path):
    """A quote opening a cell on one row and one closing it ten rows later make one
    record of the right width, which a CSV reader accepts: the rows between are still
    rows, and the record that swallowed them is rejected."""
    lines = first_rows(100)
    lines[10] = lines[10].replace(",On or near ", ',"On or near ', 1)  # opens on row 11
    at = lines[20].index(",", lines[20].index("On or near "))
    lines[20] = lines[20][:at] + '"' + lines[20][at:]  # closes on row 21
    f = tmp_path / "x.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (100, 99, 1)
    ((row, reason, _),) = rejected(wh)
    assert row == 11 and "runs on into the 10 row(s) after it" in reason
    # Row 21 loads, its stray closing quote kept as a character of its location.
    assert wh.scalar("SELECT count(*) FROM police_street WHERE location LIKE '%\"'") == 1


def test_a_line_over_the_csv_field_limit_is_one_rejected_row(wh, tmp_path):
    lines = first_rows(20)
    lines.insert(6, "x" * 300_000)  # sheet row 7
    f = tmp_path / "x.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (21, 20, 1)
    ((row, reason, text),) = rejected(wh)
    assert row == 7 and "field larger than field limit" in reason
    # Kept for a person to read: the start of it and how long it was, not 300,000 x's.
    assert text.startswith("x" * 100) and text.endswith("(300,000 characters in all)")
