-- Derived indicators per area and period: a ratio is recomputed from its numerator and
-- denominator (never averaged). Rates per 10,000 children use the area's 0-17 population
-- for the financial year the period falls in.
CREATE VIEW v_ratio_indicator AS
SELECT m.id AS measure_id,
       n.area_code,
       n.period_label,
       n.grain,
       n.period_start,
       n.period_end,
       n.value AS numerator,
       d.value AS denominator,
       CASE WHEN d.value > 0 THEN n.value * m.scale / d.value END AS value
FROM measure m
JOIN v_measure_by_area n ON n.measure_id = m.numerator
JOIN (
    SELECT measure_id, area_code, period_label, value FROM v_measure_by_area
    UNION ALL
    SELECT 'population_0_17', ap.area_code, p.label, ap.population_0_17
    FROM area_population ap
    JOIN period p ON p.fy_start_year = ap.year
) d ON d.measure_id = m.denominator
   AND d.area_code = n.area_code
   AND d.period_label = n.period_label
WHERE m.aggregation = 'ratio'
