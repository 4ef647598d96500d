-- engine.district_counts(all-crime, burglary, harm, deliberate-fires, 2025, E07000012, E07000008) for South Cambridgeshire (district E07000012)

-- statement 1; parameters: ["2025-01-01", "2025-12-01", ["E07000012", "E07000008"]]
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
    JOIN hw ON hw.reported_by = s.reported_by AND hw.crime_type = s.crime_type )), placed AS (
  SELECT e.k, coalesce(l.lad_code, x.lad_code) AS lad, e.n
  FROM e
  LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
  LEFT JOIN (
    SELECT DISTINCT lad_code
    FROM ref_lsoa) x ON l.lsoa21_code IS NULL AND x.lad_code = e.lad_code
  WHERE e.month BETWEEN ? AND ? )
SELECT lad, k, sum(n)
FROM placed
WHERE lad IS NOT NULL AND lad IN (
  SELECT unnest(?::VARCHAR[]))
GROUP BY 1, 2;

-- statement 2; parameters: ["2025-01-01", "2025-12-01", ["E07000012", "E07000008"]]
WITH e AS (
  SELECT 0::INTEGER AS k, *
  FROM (
    SELECT r.month, r.lsoa_code, r.lad_code, r.ward_code, NULL::VARCHAR AS force, 1::BIGINT AS n, r.location_status AS status
    FROM agency_record r
    WHERE r.source = 'fire' AND lower(json_extract_string(r.fields, '$.cause')) IN ('deliberate'))), placed AS (
  SELECT e.k, coalesce(l.lad_code, x.lad_code) AS lad, e.n
  FROM e
  LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
  LEFT JOIN (
    SELECT DISTINCT lad_code
    FROM ref_lsoa) x ON l.lsoa21_code IS NULL AND x.lad_code = e.lad_code
  WHERE e.month BETWEEN ? AND ? )
SELECT lad, k, sum(n)
FROM placed
WHERE lad IS NOT NULL AND lad IN (
  SELECT unnest(?::VARCHAR[]))
GROUP BY 1, 2;
