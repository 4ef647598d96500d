-- engine.area_counts(all-crime, 2025 and 2024) for Cambourne (ward E05014031)

-- statement 1; parameters: ["2025-01-01", "2025-12-01", "2024-01-01", "2024-12-01", "E05014031"]
WITH e AS (
  SELECT month, lsoa_code, NULL::VARCHAR AS lad_code, reported_by AS force, 1::BIGINT AS n
  FROM police_street
  WHERE crime_type <> 'Anti-social behaviour')
SELECT coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0), coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)
FROM e
LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
WHERE (l.lsoa21_code IS NOT NULL AND l.ward_code = ?);
