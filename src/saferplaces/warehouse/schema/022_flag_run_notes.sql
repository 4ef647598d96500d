-- Place flags, second step (issue 5 review):
-- * a run keeps the notes it printed (incomplete months, wards not ranked, which run the
--   categories were proposed against), so a stored run shows them again;
-- * a ward with no denominator has no rate, so on rates it has no value and no rank.
ALTER TABLE flag_runs ADD COLUMN IF NOT EXISTS notes VARCHAR;  -- JSON list of strings
ALTER TABLE flag_values ALTER COLUMN value DROP NOT NULL;
ALTER TABLE flag_values ALTER COLUMN rank DROP NOT NULL;
