-- What a load took in but could not read fully: a word a file uses in a descriptive
-- category field (an age band "30-44") that the spec does not map. Such rows are loaded
-- with the field "unknown"; one row here per load, field and word, with how many rows.
CREATE TABLE IF NOT EXISTS load_warning (
    load_id  BIGINT NOT NULL,
    source   VARCHAR NOT NULL,
    field    VARCHAR NOT NULL,
    value    VARCHAR NOT NULL,
    rows     BIGINT NOT NULL,
    message  VARCHAR NOT NULL
);
