-- Reference data: geography lookups, population, deprivation, boundaries, forces.
CREATE TABLE IF NOT EXISTS ref_lsoa (
    lsoa21_code VARCHAR PRIMARY KEY,
    lsoa21_name VARCHAR NOT NULL,
    ward_code   VARCHAR NOT NULL,   -- ward (May 2024), best fit
    ward_name   VARCHAR NOT NULL,
    lad_code    VARCHAR NOT NULL,   -- local authority district (2024)
    lad_name    VARCHAR NOT NULL
);

-- A few districts are split between CSPs, so a district can have more than one row.
CREATE TABLE IF NOT EXISTS ref_lad (
    lad_code VARCHAR NOT NULL,
    lad_name VARCHAR NOT NULL,
    csp_code VARCHAR NOT NULL,
    csp_name VARCHAR NOT NULL,
    pfa_code VARCHAR NOT NULL,
    pfa_name VARCHAR NOT NULL,
    PRIMARY KEY (lad_code, csp_code)
);

CREATE TABLE IF NOT EXISTS ref_population (
    lsoa21_code VARCHAR PRIMARY KEY,
    residents   INTEGER NOT NULL,   -- Census 2021 usual residents
    households  INTEGER NOT NULL    -- Census 2021 households
);

CREATE TABLE IF NOT EXISTS ref_force (
    police_uk_name VARCHAR PRIMARY KEY,  -- as in the police.uk 'Reported by' column
    slug           VARCHAR NOT NULL,     -- as in police.uk file names
    pfa_code       VARCHAR              -- police force area; NULL for BTP and PSNI
);

CREATE TABLE IF NOT EXISTS ref_imd (
    lsoa21_code VARCHAR PRIMARY KEY,
    imd_score DOUBLE, imd_rank INTEGER, imd_decile INTEGER,
    income_score DOUBLE, income_rank INTEGER, income_decile INTEGER,
    employment_score DOUBLE, employment_rank INTEGER, employment_decile INTEGER,
    education_score DOUBLE, education_rank INTEGER, education_decile INTEGER,
    health_score DOUBLE, health_rank INTEGER, health_decile INTEGER,
    crime_score DOUBLE, crime_rank INTEGER, crime_decile INTEGER,
    housing_score DOUBLE, housing_rank INTEGER, housing_decile INTEGER,
    environment_score DOUBLE, environment_rank INTEGER, environment_decile INTEGER
);

CREATE TABLE IF NOT EXISTS ref_boundary (
    level    VARCHAR NOT NULL,   -- ward | lsoa
    code     VARCHAR NOT NULL,
    name     VARCHAR NOT NULL,
    lad_code VARCHAR,
    geometry VARCHAR NOT NULL,   -- GeoJSON geometry, WGS84 lon/lat
    PRIMARY KEY (level, code)
);
