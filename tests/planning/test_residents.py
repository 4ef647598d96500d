"""Residents' views: survey results and the consultation log load as agency sources, and
each question comes back with its base and shares, with no percentage on a base under
10 (methods.md, "Small numbers"). Figures checked against the rows written here."""

from __future__ import annotations

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.planning.residents import held, residents_views
from saferplaces.sources.agency import builtin_spec, ingest_agency
from tests.sources.agency.helpers import write_csv

SOUTH, CAMBRIDGE = "E07000012", "E07000008"
SAFE = "How safe do you feel walking alone after dark?"
WORRY = "Is speeding a problem where you live?"
ROWS = [
    ["Survey 2025", SAFE, "Very or fairly safe", SOUTH, "2025-09-01", "2025-11-30", "412"],
    ["Survey 2025", SAFE, "A bit or very unsafe", SOUTH, "2025-09-01", "2025-11-30", "188"],
    ["Survey 2025", WORRY, "Yes", SOUTH, "2025-09-01", "2025-11-30", "6"],
    ["Survey 2025", WORRY, "No", SOUTH, "2025-09-01", "2025-11-30", "3"],
    # another district, and a survey before the period: neither counts
    ["Survey 2025", SAFE, "Very or fairly safe", CAMBRIDGE, "2025-09-01", "2025-11-30", "900"],
    ["Survey 2023", SAFE, "Very or fairly safe", SOUTH, "2023-09-01", "2023-11-30", "50"],
]
LOG = [
    ["Survey 2025", "online survey", "Online panel", SOUTH, "2025-09-01", "2025-11-30", "609"],
    ["Survey 2025", "online survey", "Parish councils", SOUTH, "2025-09-01", "2025-11-30", "0"],
]


def test_questions_with_their_base_and_no_share_on_a_small_base(wh, tmp_path):
    survey, log = builtin_spec("residents-survey"), builtin_spec("consultation-log")
    area = resolve_area(wh, "South Cambridgeshire")
    assert not held(wh, area)
    ingest_agency(
        wh,
        [write_csv(tmp_path / "s.csv", survey.canonical_header, ROWS)],
        source="residents-survey",
    )
    ingest_agency(
        wh, [write_csv(tmp_path / "l.csv", log.canonical_header, LOG)], source="consultation-log"
    )
    assert held(wh, area)
    views = residents_views(wh, area, parse_period("2025"))
    by_q = {q.question: q for q in views.questions}
    assert set(by_q) == {SAFE, WORRY}
    safe, worry = by_q[SAFE], by_q[WORRY]
    assert safe.base == 412 + 188 and safe.percent_shown
    assert [(a.answer, a.respondents) for a in safe.answers] == [
        ("Very or fairly safe", 412),
        ("A bit or very unsafe", 188),
    ]
    assert abs(safe.answers[0].percent - 100 * 412 / 600) < 1e-9
    assert worry.base == 9 and not worry.percent_shown
    assert [a.percent for a in worry.answers] == [None, None]
    [c] = views.consultations
    assert (c.name, c.method, c.participants) == ("Survey 2025", "survey", 609)
    assert c.reached == "Online panel; Parish councils"
    assert residents_views(wh, area, parse_period("2024")).empty


def test_the_residents_chapter_shows_bases_and_is_left_out_when_nothing_is_held(wh, tmp_path):
    from saferplaces import extensions
    from saferplaces.assessment.registry import section_kinds
    from saferplaces.assessment.spec import ChapterSpec
    from tests.helpers.assessment import element_context

    extensions.load()
    kind = section_kinds()["residents-views"]
    chapter = ChapterSpec(
        id="residents", kind="residents-views", title="What residents told us", options={}, line=0
    )
    ctx = element_context(wh)
    assert kind.build(ctx, chapter) is None
    assert "saferplaces ingest residents-survey" in ctx.absent["What residents told us"].reasons[0]

    survey, log = builtin_spec("residents-survey"), builtin_spec("consultation-log")
    ingest_agency(
        wh,
        [write_csv(tmp_path / "s.csv", survey.canonical_header, ROWS)],
        source="residents-survey",
    )
    ingest_agency(
        wh, [write_csv(tmp_path / "l.csv", log.canonical_header, LOG)], source="consultation-log"
    )
    section = kind.build(element_context(wh), chapter)
    tables = {b.id: b for b in section.blocks if hasattr(b, "rows")}
    [log_row] = tables["residents-consultations"].rows
    assert [c.text for c in log_row] == [
        "Survey 2025",
        "Survey",
        "September 2025 to November 2025",
        "Online panel; Parish councils",
        "609",
    ]
    safe, worry = tables["residents-q1"], tables["residents-q2"]
    assert "base 600" in safe.caption
    assert [[c.text for c in r] for r in safe.rows] == [
        ["Very or fairly safe", "412", f"{100 * 412 / 600:.0f}%"],
        ["A bit or very unsafe", "188", f"{100 * 188 / 600:.0f}%"],
    ]
    assert "base 9" in worry.caption and worry.notes
    assert [r[2].text for r in worry.rows] == ["–", "–"]
