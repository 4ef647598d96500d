import gzip
import shutil

import pytest

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.geography.reference import ensure_reference, load_reference
from saferplaces.warehouse import Warehouse
from tests.helpers.raw import SAMPLE


def test_bundled_reference_tables(wh):
    assert wh.scalar("SELECT count(*) FROM ref_lsoa") == 35_672
    assert wh.scalar("SELECT count(*) FROM ref_population") == 35_672
    assert (
        wh.scalar(
            "SELECT count(DISTINCT ward_code) FROM ref_lsoa l "
            "JOIN ref_lad d USING (lad_code) WHERE d.pfa_code = 'E23000023'"
        )
        == 120
    )
    assert wh.scalar("SELECT count(*) FROM ref_boundary WHERE level = 'ward'") == 120
    assert wh.scalar("SELECT count(*) FROM ref_boundary WHERE level = 'lsoa'") == 516
    assert wh.scalar("SELECT count(*) FROM ref_imd") == 33_755
    assert wh.scalar("SELECT pfa_code FROM ref_force WHERE slug = 'cambridgeshire'") == "E23000023"


def test_loading_the_same_reference_again_is_a_no_op(wh):
    report = load_reference(wh, SAMPLE)
    assert {f.status for f in report.files} == {"already loaded"}


def test_reference_loads_on_first_use(tmp_path, monkeypatch):
    monkeypatch.setenv("SAFERPLACES_DATA_DIR", str(SAMPLE))
    with Warehouse.open(tmp_path / "w.duckdb") as w:
        assert ensure_reference(w) is True
        assert ensure_reference(w) is False
        sources = {r[0] for r in w.rows("SELECT source FROM loads")}
        assert "reference:lsoa-lookup" in sources


def test_a_bad_reference_file_changes_nothing(wh, tmp_path):
    folder = tmp_path / "ref"
    shutil.copytree(SAMPLE / "geography", folder / "geography")
    with gzip.open(folder / "geography" / "lsoa21_ward24_lad24_ew.csv.gz", "wt") as fh:
        fh.write("lsoa21_code,name\nE01000001,x\n")
    before = wh.rows("SELECT count(*) FROM ref_lsoa")
    with pytest.raises(InputFileError, match="missing column\\(s\\) lsoa21_name"):
        load_reference(wh, folder)
    assert wh.rows("SELECT count(*) FROM ref_lsoa") == before


def test_missing_reference_folder(wh, tmp_path):
    with pytest.raises(SaferplacesError, match="does not exist"):
        load_reference(wh, tmp_path / "nowhere")
