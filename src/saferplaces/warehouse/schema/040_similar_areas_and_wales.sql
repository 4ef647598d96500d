-- Reference data added for the county view, similar areas and Wales (issue 15).

-- The inputs of the similar-areas method (docs/methods.md, "Similar areas") for every
-- district (LAD 2024) of England and Wales: derived from Census 2021, ONS mid-2020
-- estimates, the 2021 rural-urban classification and each nation's deprivation index
-- by scripts/derive-reference-data.py.
CREATE TABLE IF NOT EXISTS ref_district_profile (
    lad_code                VARCHAR PRIMARY KEY,
    lad_name                VARCHAR NOT NULL,
    country                 VARCHAR NOT NULL,   -- England | Wales
    residents               INTEGER NOT NULL,   -- Census 2021 usual residents
    households              INTEGER NOT NULL,   -- Census 2021 households
    residents_per_household DOUBLE NOT NULL,
    share_aged_16_24        DOUBLE NOT NULL,    -- ONS mid-2020, of all ages
    share_aged_65_plus      DOUBLE NOT NULL,
    share_not_white         DOUBLE NOT NULL,    -- Census 2021 TS021
    share_rural             DOUBLE NOT NULL,    -- residents in rural LSOAs (RUC 2021)
    deprivation_index       VARCHAR NOT NULL,   -- IoD2025 | WIMD 2019
    deprivation_percentile  DOUBLE NOT NULL,    -- 0 = most deprived LSOA of the nation
    ruc21_code              VARCHAR NOT NULL,   -- the district's 2021 rural-urban class
    ruc21_classification    VARCHAR NOT NULL
);

-- Welsh Index of Multiple Deprivation 2019 by 2011 LSOA (rank 1 = most deprived of
-- Wales's 1,909). Wales's community safety domain is held as crime_*.
CREATE TABLE IF NOT EXISTS ref_wimd (
    lsoa11_code VARCHAR PRIMARY KEY,
    imd_score DOUBLE, imd_rank INTEGER, imd_decile INTEGER,
    income_score DOUBLE, income_rank INTEGER, income_decile INTEGER,
    employment_score DOUBLE, employment_rank INTEGER, employment_decile INTEGER,
    health_score DOUBLE, health_rank INTEGER, health_decile INTEGER,
    education_score DOUBLE, education_rank INTEGER, education_decile INTEGER,
    access_score DOUBLE, access_rank INTEGER, access_decile INTEGER,
    housing_score DOUBLE, housing_rank INTEGER, housing_decile INTEGER,
    crime_score DOUBLE, crime_rank INTEGER, crime_decile INTEGER,
    environment_score DOUBLE, environment_rank INTEGER, environment_decile INTEGER
);

-- ONS LSOA (2011) to LSOA (2021) exact-fit lookup (Wales): U unchanged, S split,
-- M merged, X irregular. WIMD 2019 reaches 2021 LSOAs through it.
CREATE TABLE IF NOT EXISTS ref_lsoa11_lsoa21 (
    lsoa11_code VARCHAR NOT NULL,
    lsoa21_code VARCHAR NOT NULL,
    change_code VARCHAR NOT NULL,
    PRIMARY KEY (lsoa11_code, lsoa21_code)
);
