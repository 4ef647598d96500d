"""Dataset specs: what they may say, and one clear line when they are wrong."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import builtin_names, builtin_spec, ingest_agency, parse_spec
from saferplaces.sources.agency.cells import Bad, parse_period_text
from saferplaces.sources.agency.indicators import register_spec, register_stored_specs
from saferplaces.sources.agency.spec import SpecError
from tests.sources.agency.helpers import write_csv


def test_every_builtin_spec_reads_and_its_example_loads(wh, tmp_path):
    assert builtin_names() == [
        "fire",
        "ambulance",
        "ed-assaults",
        "police-extract",
        "asb-cases",
        "idva",
        "marac",
        "drug-treatment",
        "youth-fte",
        "probation-caseload",
        "school-attendance",
        "residents-survey",
        "consultation-log",
    ]
    for name in builtin_names():
        spec = builtin_spec(name)
        assert spec.example, name
        f = write_csv(
            tmp_path / f"{name}.csv", spec.canonical_header, [list(r) for r in spec.example]
        )
        r = ingest_agency(wh, [f], source=name)
        assert r.files[0].rows_loaded == len(spec.example), name


def test_canonical_layouts_are_the_issues():
    assert builtin_spec("fire").canonical_header == [
        "incident_id",
        "date",
        "cause",
        "property_type",
        "latitude",
        "longitude",
        "lsoa_code",
        "parish",
    ]
    assert builtin_spec("ambulance").canonical_header == [
        "callout_id",
        "date",
        "latitude",
        "longitude",
        "lsoa_code",
        "district_code",
        "sex",
        "age_band",
    ]
    assert builtin_spec("ed-assaults").canonical_header == [
        "arrival_id",
        "arrival_date",
        "incident_location_type",
        "weapon",
        "age",
        "sex",
        "residence_district",
        "admitted",
    ]
    assert builtin_spec("police-extract").canonical_header[:11] == [
        "crime_id",
        "date",
        "offence_group",
        "offence_subgroup",
        "latitude",
        "longitude",
        "lsoa_code",
        "domestic_abuse",
        "hate_strand",
        "cyber",
        "youth",
    ]
    assert builtin_spec("asb-cases").canonical_header[:7] == [
        "case_id",
        "date",
        "asb_type",
        "youth",
        "latitude",
        "longitude",
        "lsoa_code",
    ]


@pytest.mark.parametrize(
    "toml, message",
    [
        ("not toml = = 1", "is not valid TOML"),
        ('[file]\nformat = "csv"\n', "has no [source] table"),
        ('[source]\nname = "Fire Service"\n', "[source] name must be lower case"),
        ('[source]\nname = "fire"\ncolour = "red"\n', "[source] has unknown key(s) colour"),
        (
            '[source]\nname = "fire"\n[fields.flavour]\ncolumn = "x"\n',
            "fire has no field 'flavour'",
        ),
        (
            '[source]\nname = "fire"\nkind = "aggregate"\n',
            "[source] kind is fixed by the built-in source",
        ),
        (
            '[source]\nname = "fire"\n[fields.cause]\ntype = "text"\n',
            "can only set blank, column, columns",
        ),
        (
            '[source]\nname = "fire"\n[fields.cause.values]\n"Arson" = "arson"\n',
            "maps to 'arson', which is not an allowed value",
        ),
        (
            '[source]\nname = "fire"\n[file]\nencoding = "klingon"\n',
            "encoding 'klingon' is not known",
        ),
        ('[source]\nname = "fire"\n[file]\nformat = "ods"\n', "format must be csv or xlsx"),
        (
            '[source]\nname = "fire"\n[fields.date]\nformats = ["dd/mm/yyyy"]\n',
            "is not a date format; write it like %d/%m/%Y",
        ),
        (
            '[source]\nname = "fire"\n[fields.easting]\ntype = "easting"\n',
            "latitude with longitude, easting with northing",
        ),
        ('[source]\nname = "mine"\n', "declares no [fields.NAME] tables"),
        (
            '[source]\nname = "mine"\n[fields.x]\ntype = "category"\n',
            "a category needs its allowed values",
        ),
        (
            '[source]\nname = "mine"\n[fields.when]\ntype = "date"\n',
            "date_field must name the field",
        ),
        (
            '[source]\nname = "mine"\nkind = "aggregate"\n'
            '[fields.n]\ntype = "integer"\nmeasure = true\n',
            "needs a field of type period",
        ),
    ],
)
def test_bad_specs_are_one_line_errors(toml, message):
    with pytest.raises(SpecError) as e:
        parse_spec(toml, "my.toml")
    text = str(e.value)
    assert text.startswith("my.toml: ") and message in text and "\n" not in text


def test_a_users_own_source_with_indicators(wh, tmp_path):
    spec_text = """
[source]
name = "street-pastors"
title = "Street pastor contacts"
kind = "incidents"
date_field = "night"
group = "Voluntary sector"

[fields.night]
type = "date"
required = true
formats = ["%d/%m/%Y"]

[fields.kind]
type = "category"
allowed = ["welfare", "first aid", "intoxication"]
required = true

[fields.ward]
type = "ward"

[[indicators]]
id = "street-pastor-first-aid"
name = "Street pastor first aid"
where = { kind = "first aid" }
unit = "contacts"
"""
    path = tmp_path / "pastors.toml"
    path.write_text(spec_text)
    f = write_csv(
        tmp_path / "p.csv",
        ["night", "kind", "ward"],
        [["07/02/2025", "first aid", "E05013050"], ["08/02/2025", "welfare", "E05013050"]],
    )
    r = ingest_agency(wh, [f], spec=path)
    assert r.files[0].rows_loaded == 2 and r.files[0].source == "street-pastors"
    assert register_stored_specs(wh) == ["street-pastors"]
    ind = get_indicator("street-pastor-first-aid")
    assert (ind.source, ind.group, ind.resolution) == (
        "street-pastors",
        "Voluntary sector",
        "district",
    )
    # Placed by ward, the contacts count for the ward's district (wards are not LSOAs).
    assert wh.scalar(f"SELECT sum(n) FROM ({ind.events})") == 1


def test_registering_a_spec_twice_is_harmless():
    spec = builtin_spec("fire")
    first = [i.id for i in register_spec(spec)]
    assert [i.id for i in register_spec(spec)] == first


@pytest.mark.parametrize(
    "text, year_start, expected",
    [
        ("2025", 4, ("2025-01", "2025-12")),
        ("2024/25", 4, ("2024-04", "2025-03")),
        ("2024/25", 9, ("2024-09", "2025-08")),
        ("2024/2025", 4, ("2024-04", "2025-03")),
        ("2024/25 Q3", 4, ("2024-10", "2024-12")),
        ("Q4 2024/25", 4, ("2025-01", "2025-03")),
        ("2025 Q1", 4, ("2025-01", "2025-03")),
        ("q2-2025", 4, ("2025-04", "2025-06")),
        ("2025-03", 4, ("2025-03", "2025-03")),
        ("Mar 2025", 4, ("2025-03", "2025-03")),
        ("2025-01..2025-06", 4, ("2025-01", "2025-06")),
    ],
)
def test_periods_as_agencies_write_them(text, year_start, expected):
    assert parse_period_text(text, year_start) == expected


@pytest.mark.parametrize("text", ["2024/26", "2025 Q5", "sometime", "2025-13"])
def test_periods_that_are_not(text):
    with pytest.raises(Bad):
        parse_period_text(text)


def test_unknown_source_lists_the_builtin_ones(wh, tmp_path):
    with pytest.raises(SaferplacesError, match="the built-in sources are: fire, ambulance"):
        ingest_agency(wh, [tmp_path], source="firewood")
