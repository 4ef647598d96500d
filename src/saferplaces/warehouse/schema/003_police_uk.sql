-- police.uk street-level crime and anti-social behaviour, one row per record.
CREATE TABLE IF NOT EXISTS police_street (
    load_id      BIGINT NOT NULL,
    crime_id     VARCHAR,           -- blank for anti-social behaviour
    month        DATE NOT NULL,     -- first day of the month
    reported_by  VARCHAR NOT NULL,
    falls_within VARCHAR,
    longitude    DOUBLE,
    latitude     DOUBLE,
    location     VARCHAR,           -- the anonymised snap point's description
    lsoa_code    VARCHAR,           -- NULL: location unknown
    lsoa_name    VARCHAR,
    crime_type   VARCHAR NOT NULL,
    last_outcome VARCHAR,
    context      VARCHAR
);
