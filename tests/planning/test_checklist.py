"""The plan's statutory checklist from a hand-made record: each element present, partly
there or missing, and where it is or how to add it."""

from __future__ import annotations

from datetime import date

from saferplaces.planning.checklist import plan_checklist, summary
from saferplaces.planning.records import SubmissionRecord
from tests.planning.test_plan_document import record


def _status(items) -> dict[str, str]:
    return {i.key: i.status for i in items}


def test_the_plan_checklist_follows_the_record():
    r = record()
    items = plan_checklist(r)
    s = _status(items)
    # strands: priority 1 ticks crime, priority 2 violence and substance; no reoffending
    assert (s["strand-crime"], s["strand-violence"], s["strand-substance"]) == ("present",) * 3
    assert s["strand-reoffending"] == "missing"
    # priority 2 has no issue that chose it; priority 1 has
    assert s["priorities-evidence"] == "partly"
    # 1.1 has a lead and a timescale; 1.2 and 2.1 have no timescale
    by_key = {i.key: i for i in items}
    assert s["action-plan"] == "partly" and by_key["action-plan"].where.startswith("1 of 3")
    assert s["resources"] == "present"
    assert s["measures"] == "partly" and by_key["measures"].where.startswith("1 of 2")
    assert s["residents-views"] == "missing"
    r.consultation_held = True
    assert _status(plan_checklist(r))["residents-views"] == "partly"
    r.residents_views = "Residents named speeding."
    assert _status(plan_checklist(r))["residents-views"] == "present"
    assert s["pcc-plan"] == "present" and s["county-matters"] == "missing"
    r.two_tier = False
    assert _status(plan_checklist(r))["county-matters"] == "not applicable"
    assert (
        s["sent-to-pcc"] == "present"
        and "20 April 2026 by Sam Patel" in by_key["sent-to-pcc"].where
    )
    r.submissions = [
        SubmissionRecord("assessment", "2026/27", "PCC", date(2026, 4, 1), "Sam Patel")
    ]
    assert _status(plan_checklist(r))["sent-to-pcc"] == "missing"
    # present: three strands, resources, PCC plan, sent; partly: evidence, actions,
    # measures; missing: reoffending, residents, county matters
    assert summary(items) == "6 present, 3 partly, 3 missing"
