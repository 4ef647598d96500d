from datetime import date

import pytest

from saferplaces.assessment.builder import build_assessment
from saferplaces.core.periods import parse_period
from saferplaces.disclosure import Edition
from saferplaces.geography.areas import resolve_area
from saferplaces.warehouse import Warehouse


@pytest.fixture(scope="module")
def built(loaded_path):
    """The default assessment of South Cambridgeshire, 2025 against 2024 (not rendered)."""
    with Warehouse.open(loaded_path, read_only=True) as wh:
        yield build_assessment(
            wh,
            resolve_area(wh, "South Cambridgeshire"),
            parse_period("2025"),
            parse_period("2024"),
            edition=Edition.PUBLIC,
            created=date(2026, 1, 15),
        )
