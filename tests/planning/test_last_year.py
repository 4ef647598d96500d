"""Last year's plan in the next assessment: the chapter read from the plan record's JSON
(as the web app's plan page downloads it), each action's year-end status and status
changes, restricted actions only in a restricted edition; a file that is not a plan
record is one clear error."""

from __future__ import annotations

from datetime import date

import pytest

from saferplaces import extensions
from saferplaces.assessment.registry import section_kinds
from saferplaces.assessment.spec import ChapterSpec
from saferplaces.core.errors import InputFileError
from saferplaces.disclosure import Edition
from saferplaces.planning.records import RagStep
from tests.helpers.assessment import element_context
from tests.planning.test_plan_document import SECRET_ACTION, record


def _chapter(spec_file, record_name) -> ChapterSpec:
    return ChapterSpec(
        id="last-year",
        kind="last-year-plan",
        title="Last year's plan",
        options={"record": record_name},
        line=0,
        file=str(spec_file),
    )


def test_the_chapter_reads_the_record_beside_the_spec(wh, tmp_path):
    extensions.load()
    r = record()
    r.as_of = date(2027, 5, 1)
    r.priorities[0].actions[0].rag_history = [
        RagStep(date(2026, 6, 14), "", "amber", "Started late."),
        RagStep(date(2027, 2, 9), "amber", "green", "Caught up."),
    ]
    (tmp_path / "plan-2026-27.json").write_text(r.to_json())
    spec = tmp_path / "spec.yaml"
    spec.write_text("title: T\n")
    build = section_kinds()["last-year-plan"].build
    section = build(element_context(wh), _chapter(spec, "plan-2026-27.json"))
    tables = {b.id: b for s, _ in section.walk() for b in s.blocks if hasattr(b, "rows")}
    status = {row[0].text: row[1].value for row in tables["last-year-status"].rows}
    assert status == {"Green": 1, "Not yet rated": 1}  # 1.2 is restricted: left out
    [row] = tables["last-year-p1"].rows
    assert row[4].text == "Amber (14 June 2026), Green (9 February 2027)"
    assert row[-1].text == "£250.00"  # spent on 1.1
    text = str([[c.text for c in r] for t in tables.values() for r in t.rows])
    assert SECRET_ACTION not in text

    restricted = build(
        element_context(wh, edition=Edition.RESTRICTED), _chapter(spec, "plan-2026-27.json")
    )
    rows = [
        b for s, _ in restricted.walk() for b in s.blocks if getattr(b, "id", "") == "last-year-p1"
    ]
    assert SECRET_ACTION in str([[c.text for c in r] for r in rows[0].rows])


def test_a_file_that_is_not_a_plan_record_is_one_clear_error(wh, tmp_path):
    extensions.load()
    bad = tmp_path / "x.json"
    bad.write_text('{"partnership": 1}')
    build = section_kinds()["last-year-plan"].build
    with pytest.raises(InputFileError, match="is not a plan record"):
        build(element_context(wh), _chapter(tmp_path / "none.yaml", str(bad)))
    with pytest.raises(InputFileError, match="no such file"):
        build(element_context(wh), _chapter(tmp_path / "none.yaml", str(tmp_path / "gone.json")))
