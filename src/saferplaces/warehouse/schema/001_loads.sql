-- Every file the warehouse has taken in, and what became of each row.
CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

CREATE TABLE IF NOT EXISTS loads (
    load_id          BIGINT PRIMARY KEY,
    batch_id         VARCHAR NOT NULL,      -- one per command run
    source           VARCHAR NOT NULL,      -- e.g. 'police-uk-street', 'reference:lsoa-lookup'
    file_name        VARCHAR NOT NULL,      -- as the user named it; archive.zip:member for zips
    sha256           VARCHAR NOT NULL,      -- of the decompressed content
    force            VARCHAR,               -- police.uk 'Reported by', when one force
    first_month      DATE,
    last_month       DATE,
    rows_read        BIGINT NOT NULL,
    rows_loaded      BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    rows_rejected    BIGINT NOT NULL,
    rows_replaced    BIGINT NOT NULL DEFAULT 0,  -- rows of earlier loads this one replaced
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP NOT NULL,
    status           VARCHAR NOT NULL,      -- current | partly superseded | superseded
    note             VARCHAR
);

-- Which force-months each load holds; a later file for the same force-month supersedes it.
CREATE TABLE IF NOT EXISTS load_coverage (
    load_id       BIGINT NOT NULL,
    source        VARCHAR NOT NULL,
    force         VARCHAR NOT NULL,
    month         DATE NOT NULL,
    rows          BIGINT NOT NULL,
    superseded_by BIGINT
);

-- Rows that could not be loaded: quarantined (read, but a value is unusable) or
-- rejected (not readable as a row). Nothing is dropped silently.
CREATE TABLE IF NOT EXISTS quarantine (
    load_id    BIGINT NOT NULL,
    source     VARCHAR NOT NULL,
    file_name  VARCHAR NOT NULL,
    row_number INTEGER,          -- as a spreadsheet numbers it: the header is row 1
    kind       VARCHAR NOT NULL, -- quarantined | rejected
    field      VARCHAR,
    value      VARCHAR,
    reason     VARCHAR NOT NULL,
    record     VARCHAR           -- the row as JSON, or the raw text when rejected
);
