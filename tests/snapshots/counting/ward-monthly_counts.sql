-- engine.monthly_counts(burglary, 2025) for Cambourne (ward E05014031)

-- statement 1; parameters: ["2025-01-01", "2025-12-01", "E05014031"]
WITH e AS (
  SELECT month, lsoa_code, NULL::VARCHAR AS lad_code, reported_by AS force, 1::BIGINT AS n
  FROM police_street
  WHERE crime_type = 'Burglary')
SELECT strftime(e.month, '%Y-%m'), sum(e.n)
FROM e
LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
WHERE e.month BETWEEN ? AND ? AND (l.lsoa21_code IS NOT NULL AND l.ward_code = ?)
GROUP BY 1;
