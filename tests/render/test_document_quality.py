"""The quality bars of issue 10 on the documents the core library writes: the strategic
assessment (both editions), an area profile, the partnership plan and the annual review,
read back by python-docx, pypdf and
axe-core (``tests/helpers/document_checks.py`` says what each bar is)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.places.custom_area import from_wards
from saferplaces.places.profile import build_profile
from saferplaces.places.profile_document import render_profile
from saferplaces.planning.documents import annual_review, partnership_plan
from saferplaces.render.write import render_bytes
from saferplaces.warehouse import Warehouse
from tests.helpers.document_checks import CHROMIUM, axe_violations, check_docx, check_pdf
from tests.planning.test_plan_document import record

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("edition", ["public", "restricted"])
def test_the_assessment_in_word_and_pdf(edition, assessment_public, assessment_restricted):
    produced = assessment_public if edition == "public" else assessment_restricted
    doc = produced.document
    d = check_docx(produced.out_dir / "assessment.docx", pictures=len(doc.figures()))
    assert "strategic assessment" in d.core_properties.keywords
    prefix = "RESTRICTED: " if edition == "restricted" else ""
    check_pdf(produced.out_dir / "assessment.pdf", title=prefix + doc.title)


@pytest.fixture(scope="module")
def profile_files(loaded_path, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("profile-quality")
    path = folder / "w.duckdb"
    shutil.copy(loaded_path, path)
    with Warehouse.open(path) as wh:
        south = resolve_area(wh, "South Cambridgeshire")
        area = from_wards(wh, "Cambourne", "Cambourne", south)
        p = build_profile(wh, area, parse_period("2025"), folder / "out")
        return render_profile(p, folder / "out") | {"figures": len(p.figures)}


def test_the_area_profile_in_word_pdf_and_a_workbook(profile_files):
    import openpyxl

    check_docx(profile_files["docx"], pictures=profile_files["figures"])
    check_pdf(profile_files["pdf"], title="Area profile: Cambourne")
    wb = openpyxl.load_workbook(profile_files["xlsx"])
    assert wb.sheetnames[0] == "Notes" and "Table 4" in wb.sheetnames


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium missing (make sysdeps)")
def test_the_area_profile_html_has_no_axe_violations(profile_files):
    assert axe_violations(profile_files["html"]) == []


@pytest.mark.parametrize("edition", ["public", "restricted"])
def test_the_partnership_plan_and_annual_review_in_word_and_pdf(edition):
    plan = partnership_plan(record(), edition=edition)
    check_docx(render_bytes(plan, "docx"), pictures=len(plan.figures()))
    prefix = "RESTRICTED: " if edition == "restricted" else ""
    check_pdf(render_bytes(plan, "pdf"), title=prefix + plan.title)
    if edition == "public":
        review = annual_review(record())
        check_docx(render_bytes(review, "docx"), pictures=len(review.figures()))
        check_pdf(render_bytes(review, "pdf"), title=review.title)
