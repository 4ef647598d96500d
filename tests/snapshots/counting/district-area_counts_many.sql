-- engine.area_counts_many(all-crime, burglary, harm, deliberate-fires, drug-treatment-completion-rate, 2025 and 2024) for South Cambridgeshire (district E07000012)

-- statement 1; parameters: ["2025-01-01", "2025-12-01", "2024-01-01", "2024-12-01", "E07000012", "E07000012"]
WITH e AS (
  SELECT 0::INTEGER AS k, *
  FROM (
    SELECT month, lsoa_code, NULL::VARCHAR AS lad_code, reported_by AS force, 1::BIGINT AS n
    FROM police_street
    WHERE crime_type <> 'Anti-social behaviour')
  UNION ALL BY NAME
  SELECT 1::INTEGER AS k, *
  FROM (
    SELECT month, lsoa_code, NULL::VARCHAR AS lad_code, reported_by AS force, 1::BIGINT AS n
    FROM police_street
    WHERE crime_type = 'Burglary')
  UNION ALL BY NAME
  SELECT 2::INTEGER AS k, *
  FROM (
    WITH hw AS (
      SELECT f.police_uk_name AS reported_by, w.crime_type, arg_min(w.weight, CASE WHEN coalesce(trim(w.force), '') = '' THEN 1 ELSE 0 END) AS weight
      FROM ref_force f
      JOIN ref_harm_weight w ON coalesce(trim(w.force), '') = '' OR lower(trim(w.force)) = lower(f.police_uk_name) OR lower(trim(w.force)) IN (
        SELECT lower(d.pfa_name)
        FROM ref_lad d
        WHERE d.pfa_code = f.pfa_code)
      GROUP BY 1, 2 )
    SELECT s.month, s.lsoa_code, NULL::VARCHAR AS lad_code, s.reported_by AS force, hw.weight AS n
    FROM police_street s
    JOIN hw ON hw.reported_by = s.reported_by AND hw.crime_type = s.crime_type )
  UNION ALL BY NAME
  SELECT 3::INTEGER AS k, *
  FROM (
    SELECT r.month, NULL::VARCHAR AS lsoa_code, json_extract_string(r.fields, '$.district_code') AS lad_code, NULL::VARCHAR AS ward_code, NULL::VARCHAR AS force, coalesce(TRY_CAST(json_extract(r.measures, '$.successful_completions') AS BIGINT), 0) AS n, CASE json_extract_string(r.fields, '$.district_code') WHEN 'unknown' THEN 'unknown' WHEN 'outside' THEN 'outside area' ELSE 'located' END AS status
    FROM agency_record r
    WHERE r.source = 'drug-treatment'))
SELECT e.k, coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0), coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)
FROM e
LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
WHERE ((l.lsoa21_code IS NOT NULL AND l.lad_code = ?) OR (l.lsoa21_code IS NULL AND e.lad_code IN (
      SELECT DISTINCT x.lad_code
      FROM ref_lsoa x
      WHERE x.lad_code = ?)))
GROUP BY e.k;

-- statement 2; parameters: ["2025-01-01", "2025-12-01", "2024-01-01", "2024-12-01", "E07000012", "E07000012"]
WITH e AS (
  SELECT 0::INTEGER AS k, *
  FROM (
    SELECT r.month, r.lsoa_code, r.lad_code, r.ward_code, NULL::VARCHAR AS force, 1::BIGINT AS n, r.location_status AS status
    FROM agency_record r
    WHERE r.source = 'fire' AND lower(json_extract_string(r.fields, '$.cause')) IN ('deliberate')))
SELECT e.k, coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0), coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)
FROM e
LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
WHERE ((l.lsoa21_code IS NOT NULL AND l.lad_code = ?) OR (l.lsoa21_code IS NULL AND e.lad_code IN (
      SELECT DISTINCT x.lad_code
      FROM ref_lsoa x
      WHERE x.lad_code = ?)))
GROUP BY e.k;
