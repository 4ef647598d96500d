-- Which spec read each agency load, so a load can be explained and repeated, and so a
-- file read again with a corrected spec is a new load rather than "already loaded".
CREATE TABLE IF NOT EXISTS agency_spec (
    spec_sha256 VARCHAR PRIMARY KEY,
    source      VARCHAR NOT NULL,
    origin      VARCHAR NOT NULL,       -- 'built-in' or the spec file as the user named it
    texts       JSON NOT NULL,          -- the TOML it was built from (built-in, then the user's)
    first_used  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS agency_load (
    load_id      BIGINT PRIMARY KEY,
    source       VARCHAR NOT NULL,
    scope        VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,      -- incidents | aggregate | snapshot
    spec_sha256  VARCHAR NOT NULL,
    illustrative BOOLEAN NOT NULL DEFAULT false
);
