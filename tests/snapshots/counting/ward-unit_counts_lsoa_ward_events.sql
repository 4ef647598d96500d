-- engine.unit_counts(deliberate-fires, by lsoa, 2025) for Cambourne (ward E05014031)

-- statement 1; parameters: ["E05014031", "2025-01-01", "2025-12-01", "E05014031"]
WITH e AS (
  SELECT r.month, r.lsoa_code, r.lad_code, r.ward_code, NULL::VARCHAR AS force, 1::BIGINT AS n, r.location_status AS status
  FROM agency_record r
  WHERE r.source = 'fire' AND lower(json_extract_string(r.fields, '$.cause')) IN ('deliberate')), units AS (
  SELECT l.lsoa21_code AS code, any_value(l.lsoa21_name) AS name, sum(p.residents) AS residents, sum(p.households) AS households
  FROM ref_lsoa l
  JOIN ref_population p USING (lsoa21_code)
  WHERE l.ward_code = ?
  GROUP BY 1 ), c AS (
  SELECT l.lsoa21_code AS code, coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0) AS n0
  FROM e
  JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
  WHERE l.ward_code = ?
  GROUP BY 1 )
SELECT u.code, u.name, u.residents, u.households, coalesce(c.n0, 0)
FROM units u
LEFT JOIN c USING (code)
ORDER BY u.name, u.code;
