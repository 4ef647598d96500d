"""police.uk outcomes and stop and search files: loaded with the street files, counted
against the raw bundled files read with the standard library (tests/helpers/raw.py),
the outcomes join on a hand-made set, and bad rows quarantined with their reasons."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.sources.police_uk.files import OUTCOME_COLUMNS, STOP_SEARCH_COLUMNS
from saferplaces.sources.police_uk.other_files import queries as oq
from saferplaces.sources.police_uk.queries import SOURCE
from saferplaces.warehouse.connection import Warehouse
from tests.conftest import street_row, write_street
from tests.helpers import raw
from tests.helpers.warehouses import copy_warehouse
from tests.sources.test_police_uk_bad_input import snapshot

SOUTH_CAMBS = "E07000012"
FORCE = "Cambridgeshire Constabulary"


@pytest.fixture(scope="module")
def loaded_all(tmp_path_factory):
    """The 24 bundled street months with the bundled outcomes and stop and search files
    loaded on top (one command, as a user would): the warehouse's path and the report."""
    path = copy_warehouse("police-uk", tmp_path_factory.mktemp("held") / "w.duckdb")
    with Warehouse.open(path) as wh:
        report = ingest_police_uk(wh, [raw.OUTCOMES, raw.SEARCHES])
    return path, report


@pytest.fixture
def held(loaded_all):
    path, report = loaded_all
    wh = Warehouse.open(path, read_only=True)
    yield wh, report
    wh.close()


def test_every_bundled_row_loads(held):
    wh, report = held
    outcomes, searches = raw.outcome_rows(), raw.search_rows()
    by_source = Counter()
    for f in report.files:
        assert f.status == "loaded", f
        assert f.rows_quarantined == f.rows_rejected == 0, f
        by_source[f.source] += f.rows_loaded
    assert by_source == {oq.OUTCOMES_SOURCE: len(outcomes), oq.STOP_SEARCH_SOURCE: len(searches)}
    assert len(outcomes) == 10_814 and len(searches) == 2_855  # the bundled files
    # Each outcome row as it is in the file, by force and month.
    assert Counter(
        (r["Reported by"], r["Month"], r["Crime ID"], r["Outcome type"]) for _, r in outcomes
    ) == Counter(
        (f, f"{m:%Y-%m}", c, t)
        for f, m, c, t in wh.rows(
            "SELECT reported_by, month, crime_id, outcome_type FROM police_outcome"
        )
    )


def test_stop_and_search_counts_months_in_uk_time_and_places(held):
    wh, _ = held
    uk = ZoneInfo("Europe/London")
    expected = Counter()
    for name, r in raw.search_rows():
        local = datetime.fromisoformat(r["Date"]).astimezone(uk).replace(tzinfo=None)
        assert name.startswith(f"{local:%Y-%m}-")  # police.uk files a search by UK month
        point = r["Longitude"] and (float(r["Longitude"]), float(r["Latitude"]))
        lsoa = raw.lsoa_at(*point) if point else None
        # A blank cell loads as NULL.
        kept = [r[c] or None for c in ("Object of search", "Outcome", "Self-defined ethnicity")]
        expected[(local, *kept, lsoa)] += 1
    got = Counter(
        {
            tuple(row[:5]): row[5]
            for row in wh.rows(
                "SELECT searched_at, object_of_search, outcome, self_defined_ethnicity, "
                "lsoa_code, count(*) FROM police_stop_search "
                "WHERE force = ? GROUP BY ALL",
                [FORCE],
            )
        }
    )
    assert got == expected
    # The bundled files hold searches just before midnight UTC on a month's last day.
    moved = [r["Date"] for name, r in raw.search_rows() if not name.startswith(r["Date"][:7] + "-")]
    assert moved  # so the UTC-to-UK conversion is exercised, not assumed
    assert sum(1 for k in expected if k[4] is not None) > 0


def _raw_outcomes_by_type(district: str, first: str, last: str) -> dict[str, list[int]]:
    """Crime type -> [crimes, with an outcome, charge or summons, no suspect identified,
    unable to prosecute], from the raw files, by hand."""
    latest = raw.latest_outcomes()
    lk = raw.lookup()
    expected: dict[str, list[int]] = {}
    for r in raw.street_rows():
        row = lk.get(r["LSOA code"])
        if not r["Crime ID"] or not row or row["ltla24_code"] != district:
            continue
        if not first <= r["Month"] <= last:
            continue
        o = latest.get(r["Crime ID"])
        c = expected.setdefault(r["Crime type"], [0, 0, 0, 0, 0])
        c[0] += 1
        c[1] += o is not None
        c[2] += o in ("Suspect charged", "Suspect charged as part of another case")
        c[3] += o == "Investigation complete; no suspect identified"
        c[4] += o == "Unable to prosecute suspect"
    return expected


def test_outcomes_by_crime_type_match_the_raw_files(held):
    wh, _ = held
    expected = _raw_outcomes_by_type(SOUTH_CAMBS, "2024-01", "2024-12")
    got = oq.outcome_counts(
        wh, ("l.lad_code = ?", [SOUTH_CAMBS]), date(2024, 1, 1), date(2024, 12, 1)
    )
    assert {r[0]: list(r[1:]) for r in got} == expected
    totals = [sum(c[i] for c in expected.values()) for i in range(5)]
    assert totals[0] > 5_000 and 0 < totals[2] < totals[1] < totals[0]


def test_table_outcomes_command(loaded_all, cli):
    path, _ = loaded_all
    out = cli(
        "table",
        "outcomes",
        "--area",
        "South Cambridgeshire",
        "--period",
        "2024",
        "--format",
        "json",
        "--warehouse",
        path,
    )
    assert out.code == 0, out.err
    payload = json.loads(out.out)
    expected = _raw_outcomes_by_type(SOUTH_CAMBS, "2024-01", "2024-12")
    assert {r["crime_type"]: [r[k] for k in list(r)[1:]] for r in payload["rows"]} == expected
    assert list(payload["rows"][0]) == [
        "crime_type",
        "crimes",
        "with_outcome",
        "charge_or_summons",
        "no_suspect_identified",
        "unable_to_prosecute",
    ]
    assert payload["outcome_months"] == {"first": "2024-06", "last": "2024-12"}
    table = cli(
        "table",
        "outcomes",
        "--area",
        "South Cambridgeshire",
        "--period",
        "2024",
        "--warehouse",
        path,
    )
    assert table.code == 0 and "Charge or summons" in table.out


def _write(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def outcome(crime_id, month, outcome_type, **over):
    base = dict(
        zip(
            OUTCOME_COLUMNS,
            [
                crime_id,
                month,
                FORCE,
                FORCE,
                "0.123",
                "52.2",
                "On or near High Street",
                "E01018238",
                "South Cambridgeshire 017A",
                outcome_type,
            ],
            strict=True,
        )
    )
    base.update({k.replace("_", " "): v for k, v in over.items()})
    return [base[c] for c in OUTCOME_COLUMNS]


def test_outcomes_join_with_missing_and_duplicate_ids(wh, tmp_path):
    """A by hand: charged as part of another case in March beats under investigation in
    February. B: two outcomes in one month, the last in the file wins (charged). E:
    charged in February, then no suspect in March (the latest month wins). C: no outcome.
    A street row with no Crime ID is not a crime here. D: an outcome with no street
    crime held (unmatched). A blank Crime ID is quarantined."""
    write_street(
        tmp_path / "2024-01-cambridgeshire-street.csv",
        [
            street_row(Crime_ID="A", Month="2024-01"),
            street_row(Crime_ID="B", Month="2024-01"),
            street_row(Crime_ID="C", Month="2024-01"),
            street_row(Crime_ID="", Month="2024-01"),
            street_row(Crime_ID="E", Month="2024-01", Crime_type="Vehicle crime"),
        ],
    )
    _write(
        tmp_path / "2024-02-cambridgeshire-outcomes.csv",
        OUTCOME_COLUMNS,
        [
            outcome("A", "2024-02", "Under investigation"),
            outcome("B", "2024-02", "Unable to prosecute suspect"),
            outcome("B", "2024-02", "Suspect charged"),
            outcome("E", "2024-02", "Suspect charged"),
            outcome("D", "2024-02", "Unable to prosecute suspect"),
        ],
    )
    _write(
        tmp_path / "2024-03-cambridgeshire-outcomes.csv",
        OUTCOME_COLUMNS,
        [
            outcome("A", "2024-03", "Suspect charged as part of another case"),
            outcome("E", "2024-03", "Investigation complete; no suspect identified"),
            outcome("", "2024-03", "Unable to prosecute suspect"),
        ],
    )
    report = ingest_police_uk(wh, [tmp_path])
    assert sorted((f.source, f.rows_loaded, f.rows_quarantined) for f in report.files) == [
        (oq.OUTCOMES_SOURCE, 2, 1),
        (oq.OUTCOMES_SOURCE, 5, 0),
        (SOURCE, 5, 0),
    ]
    got = oq.outcome_counts(
        wh, ("l.lad_code = ?", [SOUTH_CAMBS]), date(2024, 1, 1), date(2024, 1, 1)
    )
    # crime type, crimes, with an outcome, charge or summons, no suspect, unable
    assert got == [("Burglary", 3, 2, 2, 0, 0), ("Vehicle crime", 1, 1, 0, 1, 0)]
    assert oq.unmatched_outcomes(wh, None) == [(FORCE, 7, 4, 1)]
    assert wh.rows(
        "SELECT row_number, field, value, reason FROM quarantine WHERE source = ?",
        [oq.OUTCOMES_SOURCE],
    ) == [(4, "Crime ID", None, "no Crime ID (an outcome joins its crime by it)")]


def test_a_later_file_replaces_only_its_own_force_month(wh, tmp_path):
    first = _write(
        tmp_path / "a" / "2024-02-cambridgeshire-outcomes.csv",
        OUTCOME_COLUMNS,
        [
            outcome("A", "2024-02", "Under investigation"),
            outcome("B", "2024-02", "Local resolution"),
        ],
    )
    _write(
        tmp_path / "a" / "2024-03-cambridgeshire-outcomes.csv",
        OUTCOME_COLUMNS,
        [outcome("A", "2024-03", "Suspect charged")],
    )
    ingest_police_uk(wh, [first.parent])
    again = _write(
        tmp_path / "b" / "2024-02-cambridgeshire-outcomes.csv",
        OUTCOME_COLUMNS,
        [outcome("A", "2024-02", "Under investigation")],
    )
    (f,) = ingest_police_uk(wh, [again]).files
    assert (f.status, f.rows_replaced, f.rows_loaded) == ("replaced", 2, 1)
    assert wh.rows("SELECT crime_id, month FROM police_outcome ORDER BY month, crime_id") == [
        ("A", date(2024, 2, 1)),
        ("A", date(2024, 3, 1)),
    ]


def test_bad_outcome_rows_are_quarantined_with_their_reasons(wh, tmp_path):
    path = _write(
        tmp_path / "2024-02-cambridgeshire-outcomes.csv",
        OUTCOME_COLUMNS,
        [
            outcome("A", "2024-02", "Under investigation"),  # row 2 loads
            outcome("B", "2024-13", "Local resolution"),
            outcome("C", "2099-01", "Local resolution"),
            outcome("D", "2024-03", "Local resolution"),
            outcome("E", "2024-02", "Local resolution", Longitude="east"),
            outcome("F", "2024-02", "Local resolution", Reported_by=""),
            outcome("G", "2024-02", ""),
            ["H", "2024-02", FORCE],  # not a row of the file's columns
        ],
    )
    (f,) = ingest_police_uk(wh, [path]).files
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined, f.rows_rejected) == (8, 1, 6, 1)
    rows = wh.rows(
        "SELECT row_number, kind, field, value, reason FROM quarantine ORDER BY row_number"
    )
    assert rows == [
        (3, "quarantined", "Month", "2024-13", "unparseable month (expected YYYY-MM)"),
        (
            4,
            "quarantined",
            "Month",
            "2099-01",
            "month after the current month (a date in the future)",
        ),
        (
            5,
            "quarantined",
            "Month",
            "2024-03",
            "dated 2024-03, outside the file's month 2024-02 (a file replaces only its own month)",
        ),
        (6, "quarantined", "Longitude", "east", "longitude is not a number"),
        (7, "quarantined", "Reported by", None, "no force named (Reported by is blank)"),
        (8, "quarantined", "Outcome type", None, "no outcome type"),
        (9, "rejected", None, None, "expected 10 fields, found 3"),
    ]
    record = json.loads(wh.scalar("SELECT record FROM quarantine WHERE row_number = 6"))
    assert record["Crime ID"] == "E"  # the whole row is kept, to fix and reload


def search(when, **over):
    base = dict.fromkeys(STOP_SEARCH_COLUMNS, "")
    base.update(
        {
            "Type": "Person search",
            "Date": when,
            "Latitude": "52.2",
            "Longitude": "0.123",
            "Object of search": "Controlled drugs",
            "Outcome": "A no further action disposal",
            "Removal of more than just outer clothing": "False",
        }
    )
    base.update({k.replace("_", " "): v for k, v in over.items()})
    return [base[c] for c in STOP_SEARCH_COLUMNS]


def test_bad_search_rows_are_quarantined_and_dates_are_uk_time(wh, tmp_path):
    march = _write(
        tmp_path / "2024-03-cambridgeshire-stop-and-search.csv",
        STOP_SEARCH_COLUMNS,
        [
            search("2024-03-01T00:30:00+00:00"),  # row 2: GMT, loads
            search("2024-03-31T23:30:00+00:00"),  # 00:30 BST on 1 April
            search("2024-02-29T23:30:00+00:00"),  # still February in GMT
            search("yesterday"),
            search("2024-03-10T10:00:00+00:00", Part_of_a_policing_operation="maybe"),
            search("2024-03-10T10:00:00+00:00", Latitude="61.5"),  # north of Shetland
        ],
    )
    april = _write(
        tmp_path / "2024-04-cambridgeshire-stop-and-search.csv",
        STOP_SEARCH_COLUMNS,
        [search("2024-03-31T23:30:00+00:00")],
    )
    report = ingest_police_uk(wh, [march, april])
    assert [(f.rows_loaded, f.rows_quarantined) for f in report.files] == [(1, 5), (1, 0)]
    assert wh.rows(
        "SELECT row_number, field, value, reason FROM quarantine ORDER BY row_number"
    ) == [
        (
            3,
            "Date",
            "2024-03-31T23:30:00+00:00",
            "dated 2024-04, outside the file's month 2024-03 (a file replaces only its own month)",
        ),
        (
            4,
            "Date",
            "2024-02-29T23:30:00+00:00",
            "dated 2024-02, outside the file's month 2024-03 (a file replaces only its own month)",
        ),
        (5, "Date", "yesterday", "unparseable date (expected 2024-01-31T12:00:00+00:00)"),
        (
            6,
            "Part of a policing operation",
            "maybe",
            "Part of a policing operation is not True or False",
        ),
        (7, "Latitude", "61.5", "coordinates are outside Great Britain"),
    ]
    assert wh.rows(
        "SELECT force, month, searched_at, lsoa_code FROM police_stop_search ORDER BY searched_at"
    ) == [
        (FORCE, date(2024, 3, 1), datetime(2024, 3, 1, 0, 30), raw.lsoa_at(0.123, 52.2)),
        (FORCE, date(2024, 4, 1), datetime(2024, 4, 1, 0, 30), raw.lsoa_at(0.123, 52.2)),
    ]


def test_a_search_file_named_for_no_known_force_fails_in_one_line(wh, tmp_path):
    bad = _write(
        tmp_path / "searches.csv", STOP_SEARCH_COLUMNS, [search("2024-03-01T10:00:00+00:00")]
    )
    before = snapshot(wh)
    with pytest.raises(SaferplacesError) as info:
        ingest_police_uk(wh, [bad])
    text = str(info.value)
    assert "\n" not in text and str(bad) in text and "names no police force" in text
    assert snapshot(wh) == before
    assert wh.scalar("SELECT count(*) FROM police_stop_search") == 0


@cache
def _raw_search_places() -> tuple[tuple[str, dict[str, str], str | None], ...]:
    """(UK month from the file's name, row, LSOA its point lies in or None), by hand."""
    out = []
    for name, r in raw.search_rows():
        point = r["Longitude"] and r["Latitude"] and (float(r["Longitude"]), float(r["Latitude"]))
        out.append((name[:7], r, raw.lsoa_at(*point) if point else None))
    return tuple(out)


def _raw_searches_by(field: str, district: str, first: str, last: str) -> dict[str, list[int]]:
    """Value of ``field`` -> [searches, outcome linked, linkage recorded] of the searches
    whose point lies in the district, from the raw files."""
    lk = raw.lookup()
    out: dict[str, list[int]] = {}
    for month, r, lsoa in _raw_search_places():
        if lsoa is None or lk[lsoa]["ltla24_code"] != district or not first <= month <= last:
            continue
        c = out.setdefault(r[field] or "Not recorded", [0, 0, 0])
        c[0] += 1
        c[1] += r["Outcome linked to object of search"] == "True"
        c[2] += r["Outcome linked to object of search"] != ""
    return out


def _searches(cli, path, *args):
    out = cli("table", "searches", "--area", "South Cambridgeshire", *args, "--warehouse", path)
    assert out.code == 0, out.err
    return out


def test_table_searches_by_object_and_outcome_match_the_raw_files(loaded_all, cli):
    path, _ = loaded_all
    for by, field in (("object", "Object of search"), ("outcome", "Outcome")):
        payload = json.loads(
            _searches(cli, path, "--period", "2024", "--by", by, "--format", "json").out
        )
        expected = _raw_searches_by(field, SOUTH_CAMBS, "2024-01", "2024-12")
        total = sum(c[0] for c in expected.values())
        assert total > 100 and payload["total"] == total
        got = {r[by]: r for r in payload["rows"]}
        assert {
            k: [r["searches"], r["outcome_linked"], r["linked_recorded"]] for k, r in got.items()
        } == expected
        for k, (n, yes, recorded) in expected.items():
            assert got[k]["share"] == pytest.approx(n / total)
            assert got[k]["linked_share"] == (pytest.approx(yes / recorded) if recorded else None)
        counts = [r["searches"] for r in payload["rows"]]
        assert counts == sorted(counts, reverse=True)
    # Searches no area holds, over the force's 2024: no point, or a point in no LSOA loaded.
    places = _raw_search_places()
    assert payload["unplaced"] == {
        "forces": [FORCE],
        "no_location": sum(1 for _, r, _ in places if not r["Longitude"]),
        "outside_boundaries": sum(1 for _, r, lsoa in places if r["Longitude"] and lsoa is None),
    }
    assert payload["unplaced"]["no_location"] == 5  # the bundled files hold five
    assert payload["search_months"] == {"first": "2024-01", "last": "2024-12"}


def test_table_searches_by_ethnicity_and_month_in_three_months(loaded_all, cli):
    path, _ = loaded_all
    payload = json.loads(
        _searches(
            cli, path, "--period", "2024-04..2024-06", "--by", "ethnicity", "--format", "json"
        ).out
    )
    expected = _raw_searches_by("Self-defined ethnicity", SOUTH_CAMBS, "2024-04", "2024-06")
    assert {r["ethnicity"]: r["searches"] for r in payload["rows"]} == {
        k: c[0] for k, c in expected.items()
    }
    assert "linked_share" not in payload["rows"][0]
    csv_out = _searches(
        cli, path, "--period", "2024-04..2024-06", "--by", "month", "--format", "csv"
    ).out
    got = {r["month"]: int(r["searches"]) for r in csv.DictReader(csv_out.splitlines())}
    by_month = _raw_searches_by("Type", SOUTH_CAMBS, "2024-04", "2024-06")  # any field
    assert sum(got.values()) == sum(c[0] for c in by_month.values())
    assert list(got) == ["2024-04", "2024-05", "2024-06"]
    for m in got:
        assert got[m] == sum(c[0] for c in _raw_searches_by("Type", SOUTH_CAMBS, m, m).values())
    table = _searches(cli, path, "--period", "2024", "--by", "gender").out
    assert "Gender" in table and "no location given" in table


def test_table_searches_rejects_an_unknown_grouping_in_one_line(loaded_all, cli):
    path, _ = loaded_all
    out = cli(
        "table",
        "searches",
        "--area",
        "South Cambs",
        "--period",
        "2024",
        "--by",
        "colour",
        "--warehouse",
        path,
    )
    assert out.code != 0 and "colour" in out.err and "Traceback" not in out.err


# The districts Cambridgeshire Constabulary polices (Cambridge, East Cambridgeshire,
# Fenland, Huntingdonshire, South Cambridgeshire, Peterborough), by hand.
CAMBS_FORCE_DISTRICTS = {f"E070000{i:02d}" for i in range(8, 13)} | {"E06000031"}


def test_quality_lists_outcomes_and_searches(loaded_all, cli):
    path, _ = loaded_all
    out = cli("quality", "--area", "South Cambridgeshire", "--format", "json", "--warehouse", path)
    assert out.code == 0, out.err
    report = json.loads(out.out)
    coverage = {c["source"]: c for c in report["coverage"]}
    outcomes, searches = raw.outcome_rows(), raw.search_rows()
    outcome_months = sorted({name[:7] for name, _ in outcomes})
    search_months = sorted({name[:7] for name, _ in searches})
    assert outcome_months == ["2024-06", "2024-12"] and len(search_months) == 12
    o, s = coverage[oq.OUTCOMES_SOURCE], coverage[oq.STOP_SEARCH_SOURCE]
    assert (o["force"], o["first_month"], o["last_month"], o["months_present"], o["rows"]) == (
        FORCE,
        "2024-06",
        "2024-12",
        2,
        len(outcomes),
    )
    assert o["missing_months"] == ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11"]
    assert (s["first_month"], s["last_month"], s["months_present"], s["rows"]) == (
        "2024-01",
        "2024-12",
        12,
        len(searches),
    )
    assert s["missing_months"] == []
    (loc,) = [r for r in report["location"] if r["source"] == oq.STOP_SEARCH_SOURCE]
    places = _raw_search_places()
    lk = raw.lookup()
    assert loc == {
        "source": oq.STOP_SEARCH_SOURCE,
        "force": FORCE,
        "rows": len(searches),
        "location_unknown": sum(1 for _, r, _ in places if not r["Longitude"]),
        "lsoa_not_in_lookup": 0,
        "outside_force_area": sum(
            1
            for _, r, lsoa in places
            if r["Longitude"]
            and (lsoa is None or lk[lsoa]["ltla24_code"] not in CAMBS_FORCE_DISTRICTS)
        ),
    }
    street_ids = {r["Crime ID"] for r in raw.street_rows() if r["Crime ID"]}
    ids = {r["Crime ID"] for _, r in outcomes}
    notes = report["notes"]
    assert (
        f"{FORCE}: {len(ids - street_ids):,} of the {len(ids):,} Crime IDs in the "
        f"{len(outcomes):,} outcome rows held match no street record held (their crimes may "
        "be in months not loaded)."
    ) in notes
    assert f"{FORCE}: 12 street months with no stop and search file: 2025-01 to 2025-12." in notes
    assert (
        f"{FORCE}: 22 street months with no outcomes file: 2024-01 to 2024-05, "
        "2024-07 to 2024-11, 2025-01 to 2025-12." in notes
    )
    table = cli("quality", "--area", "South Cambridgeshire", "--warehouse", path)
    assert table.code == 0 and "police-uk-stop-and-search" in table.out


def test_quality_counts_quarantined_searches(wh, tmp_path, cli, warehouse_path):
    path = _write(
        tmp_path / "2024-03-cambridgeshire-stop-and-search.csv",
        STOP_SEARCH_COLUMNS,
        [search("2024-03-01T00:30:00+00:00"), search("yesterday"), search("last week")],
    )
    ingest_police_uk(wh, [path])
    wh.close()
    report = json.loads(cli("quality", "--format", "json", "--warehouse", warehouse_path).out)
    assert [
        (q["source"], q["kind"], q["rows"], q["example"])
        for q in report["quarantine"]
        if q["source"] == oq.STOP_SEARCH_SOURCE
    ] == [
        (
            oq.STOP_SEARCH_SOURCE,
            "quarantined",
            2,
            f"{path} row 3",
        )
    ]
    assert "no police.uk" not in " ".join(report["notes"])  # no street months held here
