-- engine.area_counts(all-crime, 2025 and 2024) for Cambridgeshire (force E23000023)

-- statement 1; parameters: ["E23000023"]
SELECT police_uk_name
FROM ref_force
WHERE pfa_code = ?
ORDER BY 1;

-- statement 2; parameters: ["2025-01-01", "2025-12-01", "2024-01-01", "2024-12-01", "E23000023", "E23000023", ["Cambridgeshire Constabulary"]]
WITH e AS (
  SELECT month, lsoa_code, NULL::VARCHAR AS lad_code, reported_by AS force, 1::BIGINT AS n
  FROM police_street
  WHERE crime_type <> 'Anti-social behaviour')
SELECT coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0), coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)
FROM e
LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
WHERE (((l.lsoa21_code IS NOT NULL AND l.lad_code IN (
        SELECT lad_code
        FROM ref_lad
        WHERE pfa_code = ?)) OR (l.lsoa21_code IS NULL AND e.lad_code IN (
        SELECT DISTINCT x.lad_code
        FROM ref_lsoa x
        WHERE x.lad_code IN (
          SELECT lad_code
          FROM ref_lad
          WHERE pfa_code = ?)))) OR (l.lsoa21_code IS NULL AND e.lad_code IS NULL AND e.force IN (
      SELECT unnest(?::VARCHAR[]))));
