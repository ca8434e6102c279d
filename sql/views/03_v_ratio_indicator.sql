-- Derived indicators per area and period: a ratio is recomputed from its numerator and
-- denominator (never averaged). Rates per 10,000 children use the area's 0-17 population
-- for the financial year the period falls in (the mid-year estimate of the year it starts
-- in, from v_area_population). Where there is a numerator but no value, no_value_reason
-- says why ("no child population figure for 2022-23"), so "no data" is never unexplained.
CREATE VIEW v_ratio_indicator AS
SELECT m.id AS measure_id,
       n.area_code,
       n.period_label,
       n.grain,
       n.period_start,
       n.period_end,
       n.value AS numerator,
       COALESCE(d.value, pop.population_0_17) AS denominator,
       CASE WHEN COALESCE(d.value, pop.population_0_17) > 0
            THEN n.value * m.scale / COALESCE(d.value, pop.population_0_17) END AS value,
       CASE
         WHEN COALESCE(d.value, pop.population_0_17) > 0 THEN NULL
         WHEN m.denominator = 'population_0_17' AND pop.population_0_17 IS NULL
           THEN 'no child population figure for '
                || CAST(p.fy_start_year AS TEXT) || '-'
                || SUBSTR(CAST(p.fy_start_year + 1 AS TEXT), 3, 2)
         WHEN d.value IS NULL AND pop.population_0_17 IS NULL
           THEN 'no figure for ' || LOWER(COALESCE(dm.label, m.denominator))
                || ' in ' || n.period_label
         ELSE 'the denominator is zero'
       END AS no_value_reason
FROM measure m
JOIN v_measure_by_area n ON n.measure_id = m.numerator
JOIN period p ON p.label = n.period_label
LEFT JOIN measure dm ON dm.id = m.denominator
LEFT JOIN v_measure_by_area d
       ON m.denominator <> 'population_0_17'
      AND d.measure_id = m.denominator
      AND d.area_code = n.area_code
      AND d.period_label = n.period_label
LEFT JOIN v_area_population pop
       ON m.denominator = 'population_0_17'
      AND pop.area_code = n.area_code
      AND pop.year = p.fy_start_year
WHERE m.aggregation = 'ratio'
