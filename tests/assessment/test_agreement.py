"""The community safety agreement for Cambridgeshire's five districts: every section
present, figures checked against counts made from the raw bundled files."""

from __future__ import annotations

from collections import Counter

import pytest

from saferplaces.assessment.agreement import (
    CountyAction,
    CountyInput,
    DistrictInput,
    build_agreement,
    shared_priorities,
    theme_of,
)
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from tests.helpers.raw import counts, months
from tests.helpers.tables import column

FIVE = {
    "E07000008": "Cambridge",
    "E07000009": "East Cambridgeshire",
    "E07000010": "Fenland",
    "E07000011": "Huntingdonshire",
    "E07000012": "South Cambridgeshire",
}

DISTRICTS = [
    DistrictInput(
        "E07000008",
        "Cambridge",
        "Cambridge CSP",
        "2025/26",
        ("Reduce violence in the night-time economy", "Tackle county lines"),
        (("Red", 0), ("Amber", 1), ("Green", 2), ("Complete", 0), ("Not yet rated", 0)),
        "2025/26",
        None,
        "",
        ("priorities", "action plan status"),
    ),
    DistrictInput(
        "E07000010",
        "Fenland",
        "Fenland CSP",
        "2025/26",
        ("Domestic abuse", "Drugs and exploitation", "Street drinking"),
        publishes=("priorities",),
    ),
    DistrictInput(
        "E07000012",
        "South Cambridgeshire",
        "South Cambs CSP",
        "2025/26",
        ("Support victims of domestic abuse", "Reduce burglary"),
        flags=(("Cambourne", "Emerging"),),
        flags_period="January 2025 to December 2025",
        publishes=("place flags summary", "priorities"),
    ),
]
COUNTY = CountyInput(
    "Cambridgeshire Countywide Board",
    "2025/26",
    ("Domestic abuse",),
    (CountyAction("1.1", "Domestic abuse", "One referral pathway", "OPCC", "By March", "Amber"),),
)


@pytest.fixture(scope="module")
def doc(loaded_path):
    from saferplaces.warehouse import Warehouse

    with Warehouse.open(loaded_path, read_only=True) as wh:
        county = resolve_area(wh, "county:Cambridgeshire")
        return build_agreement(
            wh,
            county,
            parse_period("2025"),
            parse_period("2024"),
            districts=DISTRICTS,
            county_input=COUNTY,
        )


def test_every_section_is_there_with_one_per_district(doc):
    ids = [s.id for s in doc.sections]
    assert ids == [
        "details",
        "about",
        "summary",
        "shared-priorities",
        "county-evidence",
        "districts",
        "county-actions",
        "data-notes",
    ]
    districts = next(s for s in doc.sections if s.id == "districts").children
    assert [s.title for s in districts] == sorted(FIVE.values())
    for s in doc.sections[1:]:
        assert not s.empty, s.id
    for s in districts:
        assert any(t.caption.startswith(s.title) for t in s.blocks if hasattr(t, "caption"))


def test_county_figures_are_the_districts_counted_from_the_raw_files(doc):
    period = months("2025-01", "2025-12")
    base = months("2024-01", "2024-12")
    now, before = Counter(), Counter()
    for code in FIVE:
        now.update(counts("ltla24_code", code, period))
        before.update(counts("ltla24_code", code, base))
    table = next(t for t in doc.tables() if t.id.startswith("county-indicators"))
    shown = column(table, "count")
    assert shown["Burglary"] == f"{now['Burglary']:,}"
    assert shown["Anti-social behaviour"] == f"{now['Anti-social behaviour']:,}"
    all_crime = sum(n for t, n in now.items() if t != "Anti-social behaviour")
    assert shown["All crime"] == f"{all_crime:,}"
    base_all = sum(n for t, n in before.items() if t != "Anti-social behaviour")
    assert column(table, "baseline")["All crime"] == f"{base_all:,}"
    # Each district's section shows its own count.
    for code in FIVE:
        t = next(t for t in doc.tables() if t.id.startswith(f"district-{code}"))
        assert (
            column(t, "count")["Burglary"] == f"{counts('ltla24_code', code, period)['Burglary']:,}"
        )


def test_shared_priorities_group_by_theme():
    assert theme_of("Support victims of domestic abuse") == theme_of("Domestic abuse")
    assert theme_of("Tackle county lines") == theme_of("Drugs and exploitation")
    assert theme_of("Street drinking") == "Street drinking"
    shared = dict(shared_priorities(DISTRICTS))
    assert shared["Domestic abuse and violence against women and girls"] == {
        "Fenland": "Domestic abuse",
        "South Cambridgeshire": "Support victims of domestic abuse",
    }
    assert set(shared["Exploitation, county lines and drugs"]) == {"Cambridge", "Fenland"}


def test_what_each_district_publishes_is_what_the_agreement_shows(doc):
    text = _text(doc)
    assert "Reduce violence in the night-time economy" in text
    assert "Cambourne: Emerging" in text
    assert "Huntingdonshire has no partnership recorded in saferplaces" in text
    actions = next(t for t in doc.tables() if t.id.startswith("county-actions"))
    assert column(actions, "action") == {"1.1": "One referral pathway"}
    assert "Priorities: none published to the county." in text  # East Cambs, Hunts


def test_the_agreement_renders_in_every_format(doc, tmp_path):
    from docx import Document as Docx

    from saferplaces.assessment.produce import render_document
    from tests.helpers.document_checks import check_docx, check_pdf

    produced = render_document(doc, tmp_path, basename="agreement")
    names = {p.name for p in produced.files}
    assert {"agreement.html", "agreement.pdf", "agreement.docx", "agreement.xlsx"} <= names
    words = "\n".join(p.text for p in Docx(str(tmp_path / "agreement.docx")).paragraphs)
    assert "Community safety agreement" in words and "What each district contributes" in words
    check_docx(tmp_path / "agreement.docx", pictures=len(doc.figures()))
    check_pdf(tmp_path / "agreement.pdf", title=doc.title)


def _text(doc) -> str:
    out = []
    for _, block in doc.blocks():
        for b in getattr(block, "blocks", []):
            if hasattr(b, "text"):
                out.append(b.text)
            for item in getattr(b, "items", []):
                out.append("".join(r.text for r in item))
    return "\n".join(out)
