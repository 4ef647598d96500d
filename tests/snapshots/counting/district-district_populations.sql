-- engine.district_populations(E07000012, E07000008) for South Cambridgeshire (district E07000012)

-- statement 1; parameters: [["E07000012", "E07000008"]]
SELECT l.lad_code, sum(p.residents), sum(p.households)
FROM ref_lsoa l
JOIN ref_population p USING (lsoa21_code)
WHERE l.lad_code IN (
  SELECT unnest(?::VARCHAR[]))
GROUP BY 1;

-- statement 2; parameters: ["ref_population_youth"]
SELECT count(*)
FROM information_schema.tables
WHERE table_name = ?;

-- statement 3; parameters: []
SELECT lad_code, residents_10_17
FROM ref_population_youth;
