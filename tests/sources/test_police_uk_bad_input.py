"""Every bad input gives one clear line naming the file, and changes nothing."""

from __future__ import annotations

import gzip
import shutil
import zipfile

import pytest

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.sources.police_uk import ingest_police_uk
from tests.conftest import sample_month, street_row, write_street


def snapshot(wh) -> tuple:
    """Everything a load could change."""
    return (
        wh.rows("SELECT * FROM loads ORDER BY load_id"),
        wh.rows("SELECT count(*), count(DISTINCT month) FROM police_street"),
        wh.rows("SELECT * FROM load_coverage ORDER BY ALL"),
        wh.rows("SELECT * FROM quarantine ORDER BY ALL"),
    )


def one_line(e: Exception) -> str:
    text = str(e)
    assert "\n" not in text
    return text


def fails(wh, paths, *fragments):
    before = snapshot(wh)
    with pytest.raises(SaferplacesError) as info:
        ingest_police_uk(wh, paths)
    text = one_line(info.value)
    for f in fragments:
        assert f in text, text
    assert snapshot(wh) == before
    return text


def test_wrong_header(wh, tmp_path):
    bad = tmp_path / "2025-01-cambridgeshire-street.csv"
    bad.write_text("Date,Offence,Area\n2025-01-01,Burglary,Cambridge\n")
    fails(wh, [bad], str(bad), "not a police.uk street file", "missing column(s) Crime ID")


def test_header_in_wrong_order(wh, tmp_path):
    from saferplaces.sources.police_uk.files import STREET_COLUMNS

    bad = write_street(tmp_path / "x.csv", [street_row()], header=list(reversed(STREET_COLUMNS)))
    fails(wh, [bad], "different order")


def test_outcomes_file_with_a_street_files_header_problem(wh, tmp_path):
    """An outcomes file is judged against the outcomes header (its name says which it
    is), so the message names the outcomes columns it lacks, not the street ones."""
    bad = tmp_path / "2024-01-cambridgeshire-outcomes.csv"
    bad.write_text(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name\nabc,2024-01,C,C,0,52,X,E01018238,N\n"
    )
    fails(wh, [bad], str(bad), "not a police.uk outcomes file", "missing column(s) Outcome type")


def test_one_shared_column_is_no_sign_of_another_kind(wh, tmp_path):
    """A header sharing only ``Date`` with stop and search files, in a file not named as
    police.uk names its files, is judged as the street file it most likely was meant to be."""
    bad = tmp_path / "crimes.csv"
    bad.write_text("Date,Offence,Area\n2025-01-01,Burglary,Cambridge\n")
    fails(wh, [bad], "not a police.uk street file", "missing column(s) Crime ID")


def test_garbage_bytes(wh, tmp_path):
    bad = tmp_path / "garbage.csv"
    bad.write_bytes(bytes(range(256)) * 40)
    fails(wh, [bad], str(bad), "binary data")


def test_garbage_named_gz(wh, tmp_path):
    bad = tmp_path / "2025-01-cambridgeshire-street.csv.gz"
    bad.write_bytes(b"this is not gzip at all\n" * 10)
    fails(wh, [bad], "named .gz but is not a gzip file")


def test_truncated_gzip(wh, tmp_path):
    good = sample_month("2025-01").read_bytes()
    bad = tmp_path / "2025-01-cambridgeshire-street.csv.gz"
    bad.write_bytes(good[: len(good) // 2])
    fails(wh, [bad], str(bad), "truncated or corrupt")


def test_empty_file(wh, tmp_path):
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    fails(wh, [bad], "is empty (0 bytes)")


def test_header_only(wh, tmp_path):
    bad = write_street(tmp_path / "header-only.csv", [])
    fails(wh, [bad], "no data rows")


def test_missing_path(wh, tmp_path):
    fails(wh, [tmp_path / "nope.csv"], "no such file or folder")


def test_folder_without_police_uk_files(wh, tmp_path):
    (tmp_path / "readme.txt").write_text("hello")
    fails(wh, [tmp_path], "no police.uk files (street, outcomes or stop and search) found in")


def test_bad_file_in_a_batch_changes_nothing(wh, tmp_path):
    good = shutil.copy(sample_month("2025-01"), tmp_path / "a.csv.gz")
    bad = tmp_path / "b.csv"
    bad.write_text("nonsense\n1\n")
    fails(wh, [good, bad], str(bad))
    assert wh.scalar("SELECT count(*) FROM police_street") == 0


def test_corrupt_zip(wh, tmp_path):
    bad = tmp_path / "archive.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    fails(wh, [bad], "not a readable zip archive")


def test_zip_with_truncated_member_names_archive_and_member(wh, tmp_path):
    archive = tmp_path / "police.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2025-01/2025-01-cambridgeshire-street.csv", "Crime ID,Month\n")
    text = fails(wh, [archive], "police.zip:2025-01/2025-01-cambridgeshire-street.csv")
    assert "missing column(s)" in text


def test_error_carries_file_row_and_field():
    e = InputFileError("f.csv", "is bad", row=7, field="Month", value="2025-13")
    assert str(e) == "f.csv, row 7, field 'Month': is bad (got '2025-13')"


def test_gzip_with_bad_crc(wh, tmp_path):
    data = bytearray(gzip.compress(b"Crime ID,Month\n" * 100))
    data[-8] ^= 0xFF  # corrupt the CRC32 in the trailer
    bad = tmp_path / "x.csv.gz"
    bad.write_bytes(bytes(data))
    fails(wh, [bad], "truncated or corrupt")
