-- Place flags: every run of the data group method, and every decision a person made.
-- A run is identified by a hash of its inputs (parameters, the ward figures it ranked,
-- the previous run and the decisions in force), so running again on the same inputs
-- finds the same run instead of storing a copy.
CREATE TABLE IF NOT EXISTS flag_runs (
    run_id          VARCHAR PRIMARY KEY,   -- first 16 hex digits of the inputs' SHA-256
    area_code       VARCHAR NOT NULL,      -- the district (or CSP) whose wards were ranked
    area_name       VARCHAR NOT NULL,
    area_level      VARCHAR NOT NULL,
    period_start    VARCHAR NOT NULL,      -- YYYY-MM
    period_end      VARCHAR NOT NULL,
    indicators      VARCHAR NOT NULL,      -- JSON list of indicator ids, in ranking order
    measure         VARCHAR NOT NULL,      -- rate | count
    top             DOUBLE NOT NULL,       -- share of wards flagged per indicator, e.g. 0.2
    min_flags       INTEGER NOT NULL,      -- flags needed to be proposed as emerging
    previous_run_id VARCHAR,               -- the run the categories were proposed against
    inputs_sha256   VARCHAR NOT NULL,
    loads           VARCHAR NOT NULL,      -- JSON: current loads when the run was made
    created_at      TIMESTAMP NOT NULL,
    created_by      VARCHAR NOT NULL
);

-- Each ward's value on each indicator in a run: what was ranked and why it flagged.
CREATE TABLE IF NOT EXISTS flag_values (
    run_id       VARCHAR NOT NULL,
    ward_code    VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    count        DOUBLE NOT NULL,
    denominator  BIGINT,
    value        DOUBLE NOT NULL,          -- rate per 1,000, or the count
    rank         INTEGER NOT NULL,         -- 1 = highest value; ties share the best rank
    threshold    DOUBLE NOT NULL,          -- the value at rank ceil(top x wards)
    flagged      BOOLEAN NOT NULL,
    PRIMARY KEY (run_id, ward_code, indicator_id)
);

-- Each ward's result in a run.
CREATE TABLE IF NOT EXISTS flag_wards (
    run_id             VARCHAR NOT NULL,
    ward_code          VARCHAR NOT NULL,
    ward_name          VARCHAR NOT NULL,
    flag_count         INTEGER NOT NULL,
    flags              VARCHAR NOT NULL,   -- JSON list of indicator ids
    previous_flags     INTEGER,            -- flag count in the previous run
    entry_flags        INTEGER,            -- flag count when the ward joined the list
    proposed_category  VARCHAR,            -- emerging | sustaining | off | NULL (not listed)
    category           VARCHAR,            -- the decision in force, else the proposal
    decision_id        BIGINT,             -- the decision that set the category, if any
    PRIMARY KEY (run_id, ward_code)
);

CREATE SEQUENCE IF NOT EXISTS flag_decision_id_seq START 1;

-- A person's decision on a ward's category. It stands, in every later run, until a
-- later decision for the same ward replaces it; 'clear' hands the ward back to the rules.
CREATE TABLE IF NOT EXISTS flag_decisions (
    decision_id BIGINT PRIMARY KEY,
    area_code   VARCHAR NOT NULL,
    ward_code   VARCHAR NOT NULL,
    ward_name   VARCHAR NOT NULL,
    category    VARCHAR NOT NULL,          -- emerging | sustaining | preventing | off | clear
    reason      VARCHAR NOT NULL,
    decided_by  VARCHAR NOT NULL,
    decided_at  TIMESTAMP NOT NULL
);
