"""Specs that clash with built-in names, or hold keys of the wrong type, are refused in
one line naming the file and the key; the spec reader never crashes (Hypothesis)."""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferplaces.core.errors import SaferplacesError
from saferplaces.indicators.registry import Indicator, get_indicator, register
from saferplaces.sources.agency import ingest_agency, parse_spec
from saferplaces.sources.agency.catalogue import describe
from saferplaces.sources.agency.spec import SpecError
from saferplaces.warehouse import Warehouse
from tests.sources.agency.helpers import write_csv

PASTORS = {
    "source": {"name": "street-pastors", "kind": "incidents", "date_field": "night"},
    "fields": {
        "night": {"type": "date", "required": True, "formats": ["%d/%m/%Y"]},
        "kind": {"type": "category", "allowed": ["welfare", "first aid"], "required": True},
        "age": {"type": "integer", "minimum": 0, "maximum": 120},
        "lsoa": {"type": "lsoa"},
    },
    "indicators": [{"id": "street-pastor-first-aid", "where": {"kind": "first aid"}}],
}


def toml(doc: object) -> str:
    """A TOML document of inline tables (enough for specs; the standard library only reads
    TOML)."""

    def value(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{json.dumps(k)} = {value(x)}" for k, x in v.items()) + " }"
        raise TypeError(v)

    assert isinstance(doc, dict)
    return "".join(f"{json.dumps(k)} = {value(v)}\n" for k, v in doc.items())


def test_the_toml_writer_round_trips():
    import tomllib

    assert tomllib.loads(toml(PASTORS)) == PASTORS
    assert parse_spec(toml(PASTORS), "p.toml").name == "street-pastors"


@pytest.mark.parametrize(
    "change, message",
    [
        (("fields", "age", "minimum", "0"), "[fields.age] minimum must be a number (got '0')"),
        (("fields", "age", "maximum", True), "[fields.age] maximum must be a number (got True)"),
        (("source", "resolution", "street"), "[source] resolution must be lsoa or district"),
        (("source", "date_field", 3), "[source] date_field must be text (got 3)"),
        (("source", "title", ["x"]), "[source] title must be text"),
        (("indicators", 0, "measure", 1), "measure must be text"),
        (("indicators", 0, "geography", False), "geography must be text"),
        (("fields", "kind", "allowed", "welfare"), "[fields.kind] allowed must be a list"),
        (("fields", "night", "formats", [1]), "[fields.night] formats must be a list"),
        (("fields", "age", "blank", 1), "[fields.age] blank must be text"),
        (("fields", "age", "values", {"Unknown": "x"}), "[fields.age.values] 'unknown'"),
    ],
)
def test_keys_of_the_wrong_type_are_one_line_errors(change, message):
    doc = copy.deepcopy(PASTORS)
    *path, key, v = change
    target = doc
    for p in path:
        target = target[p]
    target[key] = v
    with pytest.raises(SpecError) as e:
        parse_spec(toml(doc), "mine.toml")
    assert str(e.value).startswith("mine.toml: ") and "\n" not in str(e.value)
    assert message in str(e.value)


def test_a_top_level_table_nobody_reads_is_refused():
    doc = copy.deepcopy(PASTORS) | {"feilds": {}}
    with pytest.raises(SpecError, match="unknown table"):
        parse_spec(toml(doc), "mine.toml")


def test_a_users_indicator_cannot_take_a_builtin_id():
    doc = copy.deepcopy(PASTORS)
    doc["indicators"] = [{"id": "burglary", "name": "My burglary"}]
    with pytest.raises(SpecError) as e:
        parse_spec(toml(doc), "clash.toml")
    assert str(e.value).startswith("clash.toml: [indicators 1] id 'burglary' is")
    for ident in ("deliberate-fires", "asb", "all-crime"):
        doc["indicators"] = [{"id": ident}]
        with pytest.raises(SpecError, match="choose another id"):
            parse_spec(toml(doc), "clash.toml")
    assert get_indicator("burglary").source == "police-uk"


@pytest.mark.parametrize("name", ["police-uk", "police-uk-street"])
def test_a_users_source_cannot_take_a_builtin_name(name):
    doc = copy.deepcopy(PASTORS)
    doc["source"]["name"] = name
    with pytest.raises(SpecError, match=f"\\[source\\] name '{name}' is"):
        parse_spec(toml(doc), "mine.toml")


def test_the_registry_never_lets_one_source_replace_anothers_indicator():
    mine = Indicator("burglary", "My burglary", "my-source", "SELECT 1")
    with pytest.raises(SaferplacesError, match="'burglary' is already an indicator of police-uk"):
        register(mine)
    assert get_indicator("burglary").source == "police-uk"


def test_two_users_sources_cannot_share_an_indicator_id(wh, tmp_path):
    one = tmp_path / "one.toml"
    one.write_text(toml(PASTORS))
    f = write_csv(tmp_path / "p.csv", ["night", "kind"], [["07/02/2025", "welfare"]])
    ingest_agency(wh, [f], spec=one)
    other = copy.deepcopy(PASTORS)
    other["source"]["name"] = "night-marshals"
    two = tmp_path / "two.toml"
    two.write_text(toml(other))
    with pytest.raises(SaferplacesError, match="street-pastor-first-aid"):
        ingest_agency(wh, [f], spec=two)


# -- Hypothesis: malformed specs ---------------------------------------------------------

FIRE_OVERLAY = {
    "source": {"name": "fire", "provider": "CFRS"},
    "file": {"encoding": "windows-1252", "delimiter": ","},
    "fields": {
        "date": {"column": "When", "formats": ["%d/%m/%Y"]},
        "cause": {"column": "Cause", "values": {"Malicious": "deliberate"}},
        "easting": {"type": "easting"},
        "northing": {"type": "northing"},
    },
}
TABLE = {
    "source": {"name": "knife-arches", "kind": "aggregate", "resolution": "district"},
    "fields": {
        "district": {"type": "district"},
        "quarter": {"type": "period", "year_start": 4},
        "checks": {"type": "integer", "measure": True},
        "finds": {"type": "integer", "measure": True, "at_most": "checks"},
    },
    "ratios": [{"id": "find_rate", "numerator": "finds", "denominator": "checks"}],
    "indicators": [{"id": "knife-arch-finds", "measure": "finds", "sensitive": True}],
    "example": {"rows": [["Fenland", "2025 Q1", "10", "1"]]},
}

SCALAR = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.sampled_from(
        [
            "",
            "date",
            "integer",
            "category",
            "district",
            "%d/%m/%Y",
            "yes",
            "incidents",
            "aggregate",
            "snapshot",
            "lsoa",
            "residence",
            "measure",
            "0",
            "fire",
            "tab",
        ]
    ),
    st.integers(-5, 2000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["type", "x", "present", "rows", "a b"]), inner, max_size=3
        ),
    ),
    max_leaves=6,
)


def _paths(doc: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def malformed(draw):
    doc = copy.deepcopy(draw(st.sampled_from([PASTORS, FIRE_OVERLAY, TABLE])))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        parent = doc
        for p in path[:-1]:
            parent = parent[p]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(VALUE)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            key = draw(
                st.sampled_from(
                    [
                        "type",
                        "minimum",
                        "measure",
                        "of",
                        "colour",
                        "where",
                        "resolution",
                        "kind",
                        "values",
                        "additive",
                        "sheet",
                    ]
                )
            )
            parent[key] = draw(VALUE)
    return doc


def _one_line(e: Exception, where: str) -> None:
    assert isinstance(e, SaferplacesError), repr(e)
    assert "\n" not in str(e)


@settings(max_examples=150, deadline=None)
@given(doc=malformed())
def test_malformed_specs_never_crash_the_reader(doc):
    try:
        spec = parse_spec(toml(doc), "h.toml")
    except SpecError as e:
        assert str(e).startswith("h.toml: ") and "\n" not in str(e), str(e)
        return
    describe(spec)  # `saferplaces sources show` works on whatever was accepted


@pytest.fixture(scope="module")
def spec_wh(reference_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("spec-prop") / "w.duckdb"
    shutil.copy(reference_template, path)
    w = Warehouse.open(path)
    yield w
    w.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    doc=malformed(),
    cells=st.lists(
        st.sampled_from(
            [
                "",
                "1",
                "x",
                "2025-01-05",
                "05/01/2025",
                "Fenland",
                "2025 Q1",
                "E01018218",
                "-3",
                "Unknown",
            ]
        ),
        min_size=6,
        max_size=6,
    ),
)
def test_a_spec_the_reader_accepts_never_crashes_a_load(spec_wh, doc, cells):
    try:
        spec = parse_spec(toml(doc), "h.toml")
    except SpecError:
        return
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "h.toml"
        path.write_text(toml(doc))
        header = spec.canonical_header
        f = write_csv(Path(d) / "x.csv", header, [[cells[i % 6] for i in range(len(header))]])
        try:
            ingest_agency(spec_wh, [f], spec=path)
        except SaferplacesError as e:
            _one_line(e, str(path))
