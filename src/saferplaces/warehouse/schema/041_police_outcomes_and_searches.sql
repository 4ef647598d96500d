-- police.uk outcomes: one row per outcome recorded for a crime (a crime has many over
-- time; its latest is the one of the latest month, and within a month the last in file
-- order, row_number). Joined to police_street by crime_id.
CREATE TABLE IF NOT EXISTS police_outcome (
    load_id      BIGINT NOT NULL,
    row_number   INTEGER NOT NULL,  -- in its file, the header being row 1
    crime_id     VARCHAR NOT NULL,
    month        DATE NOT NULL,     -- the month the outcome was recorded
    reported_by  VARCHAR NOT NULL,
    falls_within VARCHAR,
    longitude    DOUBLE,
    latitude     DOUBLE,
    location     VARCHAR,
    lsoa_code    VARCHAR,
    lsoa_name    VARCHAR,
    outcome_type VARCHAR NOT NULL
);

-- police.uk stop and search: one row per search. The files name no force, so it is the
-- force of the file's name (ref_force.slug); lsoa_code is the LSOA (2021) the point lies
-- in where its boundary is loaded, NULL otherwise (location unknown).
CREATE TABLE IF NOT EXISTS police_stop_search (
    load_id                   BIGINT NOT NULL,
    row_number                INTEGER NOT NULL,
    force                     VARCHAR NOT NULL,  -- police.uk name, as 'Reported by' gives it
    month                     DATE NOT NULL,
    searched_at               TIMESTAMP NOT NULL,  -- UK local time
    type                      VARCHAR,
    part_of_operation         BOOLEAN,
    operation                 VARCHAR,
    longitude                 DOUBLE,
    latitude                  DOUBLE,
    lsoa_code                 VARCHAR,
    gender                    VARCHAR,
    age_range                 VARCHAR,
    self_defined_ethnicity    VARCHAR,
    officer_defined_ethnicity VARCHAR,
    legislation               VARCHAR,
    object_of_search          VARCHAR,
    outcome                   VARCHAR,
    outcome_linked            BOOLEAN,
    outer_clothing_removed    BOOLEAN
);
