"""The place of a plan opened from a hot spot: one LSOA, named and placed in its ward as
the ONS lookup file says (read here with the standard library), and refused outside the
partnership's district."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.geography.areas import resolve_area
from saferplaces.problems.places import place_area, ward_of_lsoa
from tests.helpers import raw

SOUTH_CAMBS = "E07000012"


def test_a_hot_spot_lsoa_is_its_own_place_in_its_ward(loaded):
    district = resolve_area(loaded, SOUTH_CAMBS)
    ours = sorted(c for c, r in raw.lookup().items() if r["ltla24_code"] == SOUTH_CAMBS)
    theirs = next(c for c, r in raw.lookup().items() if r["ltla24_code"] != SOUTH_CAMBS)
    row = raw.lookup()[ours[0]]
    area = place_area(loaded, district, "lsoa", ours[0])
    assert area.name == row["lsoa21_name"]
    assert ward_of_lsoa(loaded, ours[0]) == (row["ward24_code"], row["ward24_name"])
    assert ward_of_lsoa(loaded, "E01999999") is None
    with pytest.raises(SaferplacesError, match=f"LSOA {theirs} is not in South Cambridgeshire"):
        place_area(loaded, district, "lsoa", theirs)
