-- engine.unit_counts(all-crime, by lsoa, 2025 and 2024) for Cambourne (ward E05014031)

-- statement 1; parameters: ["E05014031", "2025-01-01", "2025-12-01", "2024-01-01", "2024-12-01", "E05014031"]
WITH e AS (
  SELECT month, lsoa_code, NULL::VARCHAR AS lad_code, reported_by AS force, 1::BIGINT AS n
  FROM police_street
  WHERE crime_type <> 'Anti-social behaviour'), units AS (
  SELECT l.lsoa21_code AS code, any_value(l.lsoa21_name) AS name, sum(p.residents) AS residents, sum(p.households) AS households
  FROM ref_lsoa l
  JOIN ref_population p USING (lsoa21_code)
  WHERE l.ward_code = ?
  GROUP BY 1 ), c AS (
  SELECT l.lsoa21_code AS code, coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0) AS n0, coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0) AS n1
  FROM e
  JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
  WHERE l.ward_code = ?
  GROUP BY 1 )
SELECT u.code, u.name, u.residents, u.households, coalesce(c.n0, 0), coalesce(c.n1, 0)
FROM units u
LEFT JOIN c USING (code)
ORDER BY u.name, u.code;
