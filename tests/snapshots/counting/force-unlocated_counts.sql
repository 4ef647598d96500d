-- engine.unlocated_counts(all-crime, Cambridgeshire Constabulary, 2025) for Cambridgeshire (force E23000023)

-- statement 1; parameters: ["2025-01-01", "2025-12-01", ["Cambridgeshire Constabulary"]]
WITH e AS (
  SELECT month, lsoa_code, NULL::VARCHAR AS lad_code, reported_by AS force, 1::BIGINT AS n
  FROM police_street
  WHERE crime_type <> 'Anti-social behaviour')
SELECT coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)
FROM e
LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
WHERE l.lsoa21_code IS NULL AND e.lad_code IS NULL AND e.force IN (
  SELECT unnest(?::VARCHAR[]));
