-- Place flags belong to whoever made them (issue 18 §4): two partnerships serving the
-- same district keep their own runs and category decisions, and neither sees, overrides
-- or builds on the other's. The owner is a partnership's short name (its web slug), or ''
-- for runs and decisions made from the command line without --partnership.
ALTER TABLE flag_runs ADD COLUMN IF NOT EXISTS owner VARCHAR DEFAULT '';
ALTER TABLE flag_decisions ADD COLUMN IF NOT EXISTS owner VARCHAR DEFAULT '';
UPDATE flag_runs SET owner = '' WHERE owner IS NULL;
UPDATE flag_decisions SET owner = '' WHERE owner IS NULL;
