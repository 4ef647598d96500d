"""Drafted key findings: only changes with q < α (methods.md), on a small build context
(tests/helpers/assessment.py) whose indicator table is the 14 police.uk types and all
crime, with p and q worked out by hand from the raw files."""

from saferplaces.assessment.sections.findings import drafted_findings
from saferplaces.indicators.registry import get_indicator
from tests.assessment.test_builder import CRIME_TYPES
from tests.helpers import raw
from tests.helpers.assessment import element_context

SOUTH_CAMBS = "E07000012"


def test_key_findings_are_only_the_changes_with_q_below_alpha(loaded):
    now = raw.counts("ltla24_code", SOUTH_CAMBS, raw.months("2025-01", "2025-12"))
    before = raw.counts("ltla24_code", SOUTH_CAMBS, raw.months("2024-01", "2024-12"))
    now["All crime"] = sum(n for t, n in now.items() if t != "Anti-social behaviour")
    before["All crime"] = sum(n for t, n in before.items() if t != "Anti-social behaviour")
    names = [*CRIME_TYPES, "All crime"]
    p = {t: raw.binomial_two_sided_p(now[t], now[t] + before[t], 0.5) for t in names}
    q = dict(zip(names, raw.bh_qvalues([p[t] for t in names]), strict=True))
    by_p = {t for t in CRIME_TYPES if p[t] < 0.05}
    by_q = {t for t in CRIME_TYPES if q[t] < 0.05}
    # The case that matters: some changes pass p < 0.05 alone but not q < 0.05
    # (violence, ASB and bicycle theft in these files).
    assert by_q < by_p and by_q

    ctx = element_context(loaded, "South Cambridgeshire", "2025", "2024")
    ctx.available([get_indicator(t).id for t in names], "Test")
    items = drafted_findings(ctx)
    assert items[0][0].text == "All crime"
    listed = [item[0].text for item in items[1:] if item[0].bold]
    assert set(listed) == by_q
    # Most significant first, by q.
    assert listed == sorted(listed, key=lambda t: (q[t], p[t]))
    for item in items[1:]:
        if item[0].bold:
            t = item[0].text
            assert f"q = {q[t]:.3f}" in item[1].text or (
                q[t] < 0.001 and "q < 0.001" in item[1].text
            )
