-- engine.outside_force_counts(all-crime, Cambridgeshire Constabulary, 2025) for Cambridgeshire (force E23000023)

-- statement 1; parameters: ["2025-01-01", "2025-12-01", ["Cambridgeshire Constabulary"], "E23000023"]
WITH e AS (
  SELECT month, lsoa_code, NULL::VARCHAR AS lad_code, reported_by AS force, 1::BIGINT AS n
  FROM police_street
  WHERE crime_type <> 'Anti-social behaviour')
SELECT coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)
FROM e
JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
WHERE e.force IN (
  SELECT unnest(?::VARCHAR[])) AND NOT (l.lad_code IN (
    SELECT lad_code
    FROM ref_lad
    WHERE pfa_code = ?));
