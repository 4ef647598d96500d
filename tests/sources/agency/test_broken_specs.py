"""One bad spec never takes the rest down (issue 18 §7).

``where = { n = inf }`` (or nan) is refused when the spec is read, in one line naming the
key; and a spec stored by an earlier saferplaces that no longer reads leaves every other
source working: indicators run, `quality` lists the source as broken and why.
"""

from __future__ import annotations

import copy
import json
import math

import pytest

from saferplaces.sources.agency import ingest_agency, parse_spec
from saferplaces.sources.agency.spec import SpecError
from saferplaces.warehouse import Warehouse
from tests.conftest import sample_month
from tests.sources.agency.helpers import write_csv
from tests.sources.agency.test_spec_checks import PASTORS, toml


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, [1, math.nan]])
def test_a_where_that_is_not_a_finite_number_is_refused(bad):
    doc = copy.deepcopy(PASTORS)
    doc["indicators"] = [{"id": "street-pastor-ages", "where": {"age": bad}}]
    with pytest.raises(SpecError) as e:
        parse_spec(toml(doc), "mine.toml")
    text = str(e.value)
    assert text.startswith("mine.toml: [indicators street-pastor-ages] where.age: ")
    assert "is not a finite number" in text and "\n" not in text


@pytest.mark.parametrize("key", ["minimum", "maximum"])
def test_a_bound_that_is_not_finite_is_refused(key):
    doc = copy.deepcopy(PASTORS)
    doc["fields"]["age"][key] = math.nan
    with pytest.raises(SpecError, match=rf"\[fields.age\] {key} must be a finite number"):
        parse_spec(toml(doc), "mine.toml")


def _broken_store(path, tmp_path) -> None:
    """Load a user's source, then make its stored spec one that no longer reads (as one
    stored before ``inf`` was refused)."""
    spec = tmp_path / "pastors.toml"
    spec.write_text(toml(PASTORS))
    f = write_csv(
        tmp_path / "nights.csv",
        ["night", "kind", "age", "lsoa"],
        [["03/01/2025", "first aid", "20", "E01018218"], ["04/01/2025", "welfare", "", ""]],
    )
    with Warehouse.open(path) as wh:
        from saferplaces.sources.police_uk import ingest_police_uk

        ingest_police_uk(wh, [sample_month("2025-01")])
        ingest_agency(wh, [f], spec=spec)
        broken = toml(PASTORS).replace('{ "kind" = "first aid" }', '{ "age" = inf }')
        assert broken != toml(PASTORS)
        wh.execute(
            "UPDATE agency_spec SET texts = ? WHERE source = 'street-pastors'",
            [json.dumps([broken])],
        )


def test_a_broken_stored_spec_leaves_the_others_working(warehouse_path, tmp_path, cli):
    _broken_store(warehouse_path, tmp_path)
    w = ["--warehouse", str(warehouse_path)]

    out = cli("indicators", "--area", "South Cambridgeshire", "--period", "2025-01", *w)
    assert out.code == 0, out.err
    assert "Burglary" in out.out and "Traceback" not in out.err

    out = cli("quality", "--format", "json", *w)
    assert out.code == 0, out.err
    report = json.loads(out.out)
    (broken,) = report["broken_sources"]
    assert broken["source"] == "street-pastors"
    assert "where.age" in broken["reason"] and "finite" in broken["reason"]
    assert any("street-pastors" in n and "cannot be read" in n for n in report["notes"])
    assert [c["source"] for c in report["coverage"]] == ["police-uk-street"]

    out = cli("quality", *w)
    assert out.code == 0 and "Sources that cannot be read" in out.out

    # Asked for by name, the broken source says what is wrong, in one line.
    out = cli(
        "table", "crosstab", "--source", "street-pastors", "--rows", "kind", "--columns", "year", *w
    )
    assert out.code == 1 and "Traceback" not in out.err
    assert "where.age" in out.err and len(out.err.strip().splitlines()) == 1
