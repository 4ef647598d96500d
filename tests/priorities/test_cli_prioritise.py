"""``saferplaces prioritise``: the JSON contract, the arithmetic of a workshop worked by hand
with the evidence's proposals counted from the raw files, and bad sheets."""

from __future__ import annotations

import csv
import io
import json

from saferplaces.priorities.sheet import COLUMNS
from tests.helpers import raw
from tests.priorities.evidence_raw import (
    P2024,
    P2025,
    SOUTH,
    force_counts,
    force_denominator,
    trend_band,
    volume_band,
)

ROWS = [
    # issue, scorer, physical, psychological, financial, community, vulnerability, volume,
    # trend, community_concern, capacity, confidence
    "Burglary,Ann,2,4,3,3,3,,,4,3,high",
    "Burglary,Bo,1,3,4,3,2,,,3,2,medium",
    "County lines,Ann,4,4,2,3,4,2,3,3,2,low",
    "County lines,Bo,4,3,2,3,4,2,4,2,2,low",
    "Shoplifting,Ann,1,1,3,2,1,4,4,2,4,medium",
]


def sheet(tmp_path, rows=ROWS):
    path = tmp_path / "workshop.csv"
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n")
    return path


def run(cli, loaded_path, path, fmt="json"):
    return cli(
        "prioritise",
        "--area",
        "South Cambridgeshire",
        "--period",
        "2025",
        "--baseline",
        "2024",
        "--scores",
        path,
        "--format",
        fmt,
        "--warehouse",
        loaded_path,
    )


def burglary_proposals() -> tuple[int, int]:
    _, hh = raw.denominator("ltla24_code", SOUTH)
    _, fhh = force_denominator()
    now = raw.counts("ltla24_code", SOUTH, P2025)["Burglary"]
    before = raw.counts("ltla24_code", SOUTH, P2024)["Burglary"]
    fx = force_counts(frozenset(P2025))["Burglary"]
    return volume_band((now / hh) / (fx / fhh)), trend_band(now, before)


def test_json_contract_and_the_workshop_worked_by_hand(cli, loaded_path, tmp_path):
    r = run(cli, loaded_path, sheet(tmp_path))
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    issues = {i["issue"]: i for i in doc["issues"]}
    for i in doc["issues"]:
        for key in (
            "issue",
            "impact",
            "likelihood",
            "capacity_modifier",
            "score",
            "rank",
            "scores",
            "scorers",
            "proposed",
        ):
            assert key in i
    vol, trend = burglary_proposals()
    b = issues["Burglary"]
    # Both scorers left volume and trend blank: both take the proposals.
    assert b["proposed"]["volume"] == vol and b["proposed"]["trend"] == trend
    # physical 1.5, psychological 3.5, financial 3.5, community 3, vulnerability 2.5:
    # impact 14/5 = 2.8; likelihood (vol + trend)/2; capacity 2.5 -> modifier 0.85.
    assert b["scores"]["physical"] == 1.5 and b["scores"]["capacity"] == 2.5
    assert b["impact"] == 2.8 and b["capacity_modifier"] == 0.85
    assert b["likelihood"] == (vol + trend) / 2
    assert abs(b["score"] - 2.8 * (vol + trend) / 2 * 0.85) < 1e-12
    assert b["scorers"] == 2 and b["confidence"] == "medium"
    assert b["took_proposed"] == {"volume": 2, "trend": 2}
    c = issues["County lines"]
    # Added by the partnership: nothing proposed. physical 4, psych 3.5, financial 2,
    # community 3, vulnerability 4 -> 16.5/5 = 3.3; volume 2, trend 3.5 -> 2.75;
    # capacity 2 -> 0.8; score 3.3 x 2.75 x 0.8 = 7.26.
    assert c["kind"] == "added" and c["proposed"] == {"volume": None, "trend": None, "harm": None}
    assert (c["impact"], c["likelihood"], c["capacity_modifier"]) == (3.3, 2.75, 0.8)
    assert abs(c["score"] - 7.26) < 1e-12
    # Shoplifting: impact 8/5 = 1.6, likelihood 4, modifier 1.0: 6.4.
    s = issues["Shoplifting"]
    assert abs(s["score"] - 6.4) < 1e-12
    ranked = sorted(doc["issues"], key=lambda i: -i["score"])
    assert [i["rank"] for i in doc["issues"]] == [1, 2, 3]
    assert [i["issue"] for i in doc["issues"]] == [i["issue"] for i in ranked]
    assert "Anti-social behaviour" in [u["issue"] for u in doc["not_scored"]]


def test_csv_and_table(cli, loaded_path, tmp_path):
    path = sheet(tmp_path)
    r = run(cli, loaded_path, path, "csv")
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    county = next(row for row in rows if row["issue"] == "County lines")
    assert county["rank"] == "1" and county["score"] == "7.26"
    assert county["scorer_names"] == "Ann; Bo" and county["kind"] == "added"
    t = run(cli, loaded_path, path, "table")
    assert t.code == 0 and "County lines" in t.out and "Candidate issues not scored" in t.out


def test_a_blank_with_nothing_proposed_names_row_and_column(cli, loaded_path, tmp_path):
    rows = [*ROWS, "Scams,Bo,1,3,2,3,2,,3,3,2,medium"]
    r = run(cli, loaded_path, sheet(tmp_path, rows))
    assert r.code == 1 and r.out == ""
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert "row 7: column 'volume': blank is not allowed" in r.err
    assert "none is proposed for Scams" in r.err


def test_a_bad_score_stops_before_the_warehouse_is_read(cli, tmp_path):
    rows = [*ROWS, "Drugs,Bo,1,3,2,9,2,,3,3,2,medium"]
    r = run(cli, tmp_path / "no-warehouse-here.duckdb", sheet(tmp_path, rows))
    assert r.code == 1
    assert (
        "row 7: column 'community': '9' is not allowed; allowed: a whole number from 1 to 4"
        in r.err
    )
    assert not (tmp_path / "no-warehouse-here.duckdb").exists()
