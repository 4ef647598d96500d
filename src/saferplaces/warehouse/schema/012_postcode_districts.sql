-- Optional reference data: postcode district (outward code) to local authority district,
-- best fit. Loaded by `saferplaces reference load DIR` from
-- geography/postcode_district_lad*.csv when a partnership has one (it is not bundled).
CREATE TABLE IF NOT EXISTS ref_postcode_district (
    postcode_district VARCHAR PRIMARY KEY,
    lad_code          VARCHAR NOT NULL
);
