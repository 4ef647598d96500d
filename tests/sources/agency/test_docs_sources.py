"""docs/sources.md stays true: layouts, spec keys, types, indicator ids, worked example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import builtin_names, builtin_spec, ingest_agency, parse_spec
from saferplaces.sources.agency.spec import (
    FIELD_KEYS,
    FIELD_TYPES,
    FILE_KEYS,
    INDICATOR_KEYS,
    RATIO_KEYS,
    SOURCE_KEYS,
)

DOC = (Path(__file__).resolve().parents[3] / "docs" / "sources.md").read_text()


def _block(after: str, lang: str) -> str:
    start = DOC.index(after)
    return re.search(rf"```{lang}\n(.*?)```", DOC[start:], re.S).group(1)


@pytest.mark.parametrize("name", builtin_names())
def test_canonical_layouts_are_documented(name):
    line = f"{name}:".ljust(20) + ",".join(builtin_spec(name).canonical_header)
    assert line in DOC


def test_every_spec_key_and_type_is_documented():
    for key in SOURCE_KEYS | FILE_KEYS | FIELD_KEYS | INDICATOR_KEYS | RATIO_KEYS:
        assert f"`{key}`" in DOC, key
    for t in FIELD_TYPES:
        assert f"`{t}`" in DOC, t


def test_every_indicator_is_documented_as_registered():
    rows = re.findall(
        r"^\| `([a-z-]+)` \| (.+?) \| `([a-z-]+)` \| (\w+) \| (yes|no) \| (.+?) \|$", DOC, re.M
    )
    documented = {r[0]: r for r in rows}
    declared = [i.id for n in builtin_names() for i in builtin_spec(n).indicators]
    assert sorted(documented) == sorted(declared)
    for ident, name, source, resolution, sensitive, unit in rows:
        ind = get_indicator(ident)
        assert (ind.name, ind.source, ind.resolution, ind.sensitive, ind.unit) == (
            name,
            source,
            resolution,
            sensitive == "yes",
            unit,
        )


def test_every_proportion_is_documented_as_registered():
    rows = re.findall(
        r"^\| `([a-z-]+)` \| (.+?) \| `([a-z-]+)` \| (\w+) of (\w+) \| (yes|no) \|$", DOC, re.M
    )
    declared = [r for n in builtin_names() for r in builtin_spec(n).ratios if r.indicator]
    assert sorted(r[0] for r in rows) == sorted(r.indicator for r in declared)
    for ident, name, source, numerator, base, sensitive in rows:
        ind = get_indicator(ident)
        spec = builtin_spec(source)
        (ratio,) = [r for r in spec.ratios if r.indicator == ident]
        assert ind.is_proportion and (ind.name, ind.source, ind.sensitive) == (
            name,
            source,
            sensitive == "yes",
        )
        assert (ratio.numerator, ratio.denominator) == (numerator, base)


def test_the_worked_example_works(wh, tmp_path):
    data = tmp_path / "cfrs.csv"
    data.write_bytes(_block("## A worked example", "text").encode("windows-1252"))
    spec = tmp_path / "cfrs.toml"
    spec.write_text(_block("## A worked example", "toml"))
    r = ingest_agency(wh, [data], source="fire", spec=spec)
    (f,) = r.files
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined, f.rows_rejected) == (3, 3, 0, 0)
    placed = dict(
        wh.rows("SELECT record_id, coalesce(lsoa_code, location_status) FROM agency_record")
    )
    # The grid reference is in Cambourne (South Cambridgeshire 020B), checked by hand.
    assert placed == {"F25-000101": "E01033114", "F25-000102": "E01018238", "F25-000103": "unknown"}
    assert wh.scalar(
        "SELECT fields->>'cause' FROM agency_record WHERE record_id = 'F25-000103'"
    ) == ("deliberate")
    # Without the mapping, the third row is quarantined with the documented reason.
    plain = tmp_path / "plain.toml"
    plain.write_text(spec.read_text().replace('"Malicious" = "deliberate"', ""))
    ingest_agency(wh, [data], source="fire", spec=plain)
    reason = wh.scalar("SELECT reason FROM quarantine WHERE value = 'Malicious'")
    assert (
        reason == "unknown cause (allowed: deliberate, accidental, unknown; or map the value to "
        "one of them in [fields.cause.values] in the spec)"
    )
    assert reason in " ".join(DOC.split())


def test_the_source_of_your_own_reads():
    spec = parse_spec(_block("## A source of your own", "toml"), "docs")
    assert (spec.name, spec.kind, [i.id for i in spec.indicators]) == (
        "street-pastors",
        "incidents",
        ["street-pastor-first-aid"],
    )
