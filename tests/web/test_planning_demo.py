"""The demo's planning cycle (``saferplaces admin seed-demo``): last year's plan with its
RAG history to the year end, this year's prioritisation scored by four members and
agreed at the March board, and this year's plan with measures counted from the evidence.
Checked against the demo's own scores worked by hand and the raw police.uk files."""

from __future__ import annotations

from statistics import median

from saferplaces.web.demo import seed
from saferplaces.web.meetings.models import Minute
from saferplaces.web.partnerships.models import Partnership
from saferplaces.web.planning.demo import SCORES
from saferplaces.web.planning.matrix import matrix
from saferplaces.web.planning.models import Measure, Prioritisation
from saferplaces.web.planning.records import plan_record
from tests.helpers import raw

SOUTH = "E07000012"


def test_the_demo_planning_cycle(db):
    result = seed(planning=True)
    assert "this year's prioritisation" in result.summary
    p = Partnership.objects.get(slug="south-cambs")
    pr = Prioritisation.objects.get(partnership=p)
    assert pr.status == "agreed" and pr.agreed_item.number == "4"
    assert "The board agreed the partnership's priorities" in pr.decision.text
    assert Minute.objects.filter(item=pr.agreed_item).exists()

    rows = {r.issue.name: r for r in matrix(pr)}
    assert set(rows) == set(SCORES)
    # Scams (an added issue): the four scorers' medians, by hand, as methods.md says.
    scams = [list(s[:9]) for s in SCORES["Scams and rogue trading"]]
    m = [median(col) for col in zip(*scams, strict=True)]
    impact = sum(m[:5]) / 5
    likelihood = (m[5] + m[6]) / 2
    score = impact * likelihood * (0.6 + 0.1 * m[8])
    assert abs(float(rows["Scams and rogue trading"].score.score) - score) < 1e-9
    # the override replaces domestic abuse's volume median with 4, its reason kept
    da = rows["Domestic abuse (hidden harm)"]
    assert da.score.values["volume"] == 4 and "Hidden harm" in da.overrides[0].reason

    last = plan_record(p, _before(pr.plan_year))
    assert last.year_over
    maps = {a.number: a for a in last.actions()}
    assert [s.to_status for s in maps["1.3"].rag_history] == ["amber", "red", "amber"]
    assert maps["1.3"].rag == "amber" and maps["2.1"].rag == "complete"

    this = plan_record(p, pr.plan_year)
    chosen = {i.name for x in this.priorities for i in x.chosen_by}
    assert chosen == {
        "Domestic abuse (hidden harm)",
        "Scams and rogue trading",
        "Burglary",
        "Vehicle crime",
        "Anti-social behaviour",
    }
    burglary = Measure.objects.get(plan__plan_year=pr.plan_year, indicator_id="burglary")
    counted = raw.counts("ltla24_code", SOUTH, raw.months("2024-01", "2024-12"))["Burglary"]
    assert burglary.baseline_count == counted
    assert seed(planning=True).created is False  # seeding again adds nothing


def _before(year: str) -> str:
    y = int(year[:4]) - 1
    return f"{y}/{(y + 1) % 100:02d}"
