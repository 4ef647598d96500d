-- engine.denominators() for Cambourne (ward E05014031)

-- statement 1; parameters: ["E05014031"]
SELECT coalesce(sum(p.residents), 0), coalesce(sum(p.households), 0)
FROM ref_lsoa l
JOIN ref_population p USING (lsoa21_code)
WHERE l.ward_code = ?;
