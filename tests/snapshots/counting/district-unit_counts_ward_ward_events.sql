-- engine.unit_counts(deliberate-fires, by ward, 2025) for South Cambridgeshire (district E07000012)

-- statement 1; parameters: ["E07000012", "2025-01-01", "2025-12-01", "E07000012"]
WITH e AS (
  SELECT r.month, r.lsoa_code, r.lad_code, r.ward_code, NULL::VARCHAR AS force, 1::BIGINT AS n, r.location_status AS status
  FROM agency_record r
  WHERE r.source = 'fire' AND lower(json_extract_string(r.fields, '$.cause')) IN ('deliberate')), units AS (
  SELECT l.ward_code AS code, any_value(l.ward_name) AS name, sum(p.residents) AS residents, sum(p.households) AS households
  FROM ref_lsoa l
  JOIN ref_population p USING (lsoa21_code)
  WHERE l.lad_code = ?
  GROUP BY 1 ), c AS (
  SELECT l.ward_code AS code, coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0) AS n0
  FROM e
  JOIN ref_lsoa l ON (e.lsoa_code IS NOT NULL AND l.lsoa21_code = e.lsoa_code) OR (e.lsoa_code IS NULL AND e.ward_code IS NOT NULL AND l.lsoa21_code = (
      SELECT min(y.lsoa21_code)
      FROM ref_lsoa y
      WHERE y.ward_code = e.ward_code))
  WHERE l.lad_code = ?
  GROUP BY 1 )
SELECT u.code, u.name, u.residents, u.households, coalesce(c.n0, 0)
FROM units u
LEFT JOIN c USING (code)
ORDER BY u.name, u.code;
