-- Reference data added with review 4 of the agency sources.
-- Districts (LAD 2024) of the two-tier counties, with their county (upper-tier local
-- authority), so a county (e.g. Cambridgeshire County Council, E10000003) is an area.
CREATE TABLE IF NOT EXISTS ref_lad_county (
    lad_code    VARCHAR PRIMARY KEY,
    lad_name    VARCHAR NOT NULL,
    county_code VARCHAR NOT NULL,   -- E10: a county council area
    county_name VARCHAR NOT NULL    -- e.g. Cambridgeshire
);

-- Residents aged 10 to 17 by district (LAD 2024): ONS mid-2020 small-area estimates
-- summed over each district's LSOAs (2011 LSOAs placed by the ONS best-fit lookup), the
-- base of youth justice rates (first-time entrants per 1,000 aged 10 to 17).
CREATE TABLE IF NOT EXISTS ref_population_youth (
    lad_code           VARCHAR PRIMARY KEY,
    lad_name           VARCHAR NOT NULL,
    residents_10_17    INTEGER NOT NULL,
    residents_all_ages INTEGER NOT NULL
);
