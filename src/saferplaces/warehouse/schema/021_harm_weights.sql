-- Harm weights per crime type (Cambridge Crime Harm Index days by default). Reference
-- data: replaced whole by `saferplaces reference load`. A blank force applies to every
-- force without a row of its own.
CREATE TABLE IF NOT EXISTS ref_harm_weight (
    force      VARCHAR,          -- police force area name or police.uk force name; blank: any
    crime_type VARCHAR NOT NULL, -- a police.uk crime type
    weight     DOUBLE NOT NULL   -- harm per crime, e.g. CCHI days
);
