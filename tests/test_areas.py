import pytest

from saferplaces.core.errors import AreaError
from saferplaces.geography.areas import force_of, resolve_area, wards_of


@pytest.mark.parametrize(
    "text, code, level",
    [
        ("South Cambridgeshire", "E07000012", "district"),
        ("south cambridgeshire", "E07000012", "district"),
        ("E07000012", "E07000012", "district"),
        ("e07000012", "E07000012", "district"),
        ("South Cambs", "E07000012", "district"),
        ("E22000018", "E22000018", "csp"),
        ("Cambridge", "E07000008", "district"),  # a ward elsewhere is also called Cambridge
        ("Cambridgeshire", "E23000023", "force"),
        ("Cambridgeshire Constabulary", "E23000023", "force"),
        ("E23000023", "E23000023", "force"),
        ("Duxford", "E05014169", "ward"),
        ("ward:Cambridge", None, "ward"),
        ("Fenland", "E07000010", "district"),  # the CSP of the same name is the same place
    ],
)
def test_resolves_names_and_codes(wh, text, code, level):
    a = resolve_area(wh, text)
    assert a.level == level
    if code:
        assert a.code == code


def test_ambiguous_ward_lists_candidates_with_codes(wh):
    with pytest.raises(AreaError) as e:
        resolve_area(wh, "Castle")
    msg = str(e.value)
    assert "ambiguous" in msg and "E05001154" in msg and "and 11 more" in msg
    assert "name the district too, e.g. 'Castle, " in msg
    assert "\n" not in msg


def test_ward_named_with_its_district(wh):
    assert resolve_area(wh, "Castle, Cambridge").code == "E05013052"
    assert resolve_area(wh, "castle, cambridge").code == "E05013052"


def test_unknown_name_suggests_close_matches(wh):
    with pytest.raises(AreaError, match=r"did you mean: .*Cambridge"):
        resolve_area(wh, "Cambrige")


def test_unknown_name_with_no_close_match(wh):
    with pytest.raises(AreaError, match="no area called 'Atlantis'"):
        resolve_area(wh, "Atlantis")


def test_wards_and_force_of_a_district(wh):
    area = resolve_area(wh, "South Cambridgeshire")
    wards = wards_of(wh, area)
    assert len(wards) == 26
    assert force_of(wh, area).code == "E23000023"
