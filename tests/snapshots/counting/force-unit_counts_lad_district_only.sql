-- engine.unit_counts(drug-treatment-completion-rate base, by district, 2025) for Cambridgeshire (force E23000023)

-- statement 1; parameters: ["E23000023", "2025-01-01", "2025-12-01", "E23000023"]
WITH e AS (
  SELECT r.month, NULL::VARCHAR AS lsoa_code, json_extract_string(r.fields, '$.district_code') AS lad_code, NULL::VARCHAR AS ward_code, NULL::VARCHAR AS force, coalesce(TRY_CAST(json_extract(r.measures, '$.successful_completions') AS BIGINT), 0) AS n, CASE json_extract_string(r.fields, '$.district_code') WHEN 'unknown' THEN 'unknown' WHEN 'outside' THEN 'outside area' ELSE 'located' END AS status
  FROM agency_record r
  WHERE r.source = 'drug-treatment'), units AS (
  SELECT l.lad_code AS code, any_value(l.lad_name) AS name, sum(p.residents) AS residents, sum(p.households) AS households
  FROM ref_lsoa l
  JOIN ref_population p USING (lsoa21_code)
  WHERE l.lad_code IN (
    SELECT lad_code
    FROM ref_lad
    WHERE pfa_code = ?)
  GROUP BY 1 ), c AS (
  SELECT l.lad_code AS code, coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0) AS n0
  FROM e
  JOIN ref_lsoa l ON (e.lsoa_code IS NOT NULL AND l.lsoa21_code = e.lsoa_code) OR (e.lsoa_code IS NULL AND e.lad_code = l.lad_code AND l.lsoa21_code = (
      SELECT min(y.lsoa21_code)
      FROM ref_lsoa y
      WHERE y.lad_code = e.lad_code))
  WHERE l.lad_code IN (
    SELECT lad_code
    FROM ref_lad
    WHERE pfa_code = ?)
  GROUP BY 1 )
SELECT u.code, u.name, u.residents, u.households, coalesce(c.n0, 0)
FROM units u
LEFT JOIN c USING (code)
ORDER BY u.name, u.code;
