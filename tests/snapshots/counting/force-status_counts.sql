-- engine.status_counts(deliberate-fires, 2025) for Cambridgeshire (force E23000023)

-- statement 1; parameters: ["2025-01-01", "2025-12-01", "E23000023", "2025-01-01", "2025-12-01"]
WITH e AS (
  SELECT r.month, r.lsoa_code, r.lad_code, r.ward_code, NULL::VARCHAR AS force, 1::BIGINT AS n, r.location_status AS status
  FROM agency_record r
  WHERE r.source = 'fire' AND lower(json_extract_string(r.fields, '$.cause')) IN ('deliberate'))
SELECT coalesce(sum(e.n) FILTER (WHERE e.status = 'unknown' AND e.month BETWEEN ? AND ?), 0), coalesce(sum(e.n) FILTER (WHERE (e.status = 'outside area' OR (e.status = 'located' AND coalesce(l.lad_code, e.lad_code) NOT IN (
          SELECT DISTINCT x.lad_code
          FROM ref_lsoa x
          WHERE x.lad_code IN (
            SELECT lad_code
            FROM ref_lad
            WHERE pfa_code = ?)))) AND e.month BETWEEN ? AND ?), 0)
FROM e
LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code;
