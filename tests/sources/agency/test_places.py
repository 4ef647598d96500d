"""The test places are where the helpers say: checked with Shapely on the raw boundary
file, not through saferplaces."""

from __future__ import annotations

import gzip
import json

from shapely.geometry import Point, shape

from tests.helpers.raw import SAMPLE
from tests.sources.agency.helpers import BEDFORD, PLACES


def test_places_are_where_we_say():
    with gzip.open(SAMPLE / "boundaries" / "cambs_peterborough_lsoa21.geojson.gz", "rt") as fh:
        features = json.load(fh)["features"]
    polygons = {f["properties"]["LSOA21CD"]: shape(f["geometry"]) for f in features}
    lads = {f["properties"]["LSOA21CD"]: f["properties"]["LADCD_ACTIVE"] for f in features}
    for name, (lsoa, lad, lat, lon) in PLACES.items():
        assert polygons[lsoa].contains(Point(lon, lat)), name
        assert lads[lsoa] == lad, name
    bedford = Point(BEDFORD[1], BEDFORD[0])
    assert not any(p.contains(bedford) for p in polygons.values())
