-- engine.denominators() for Cambridgeshire (force E23000023)

-- statement 1; parameters: ["E23000023"]
SELECT coalesce(sum(p.residents), 0), coalesce(sum(p.households), 0)
FROM ref_lsoa l
JOIN ref_population p USING (lsoa21_code)
WHERE l.lad_code IN (
  SELECT lad_code
  FROM ref_lad
  WHERE pfa_code = ?);

-- statement 2; parameters: ["ref_population_youth"]
SELECT count(*)
FROM information_schema.tables
WHERE table_name = ?;

-- statement 3; parameters: ["E23000023"]
SELECT y.lad_code, y.residents_10_17
FROM ref_population_youth y
WHERE y.lad_code IN (
  SELECT DISTINCT l.lad_code
  FROM ref_lsoa l
  WHERE l.lad_code IN (
    SELECT lad_code
    FROM ref_lad
    WHERE pfa_code = ?));
