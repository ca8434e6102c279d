-- One agency's measures for one quarter, per reporting area, as a QEG pack prints them:
--   flow  = the sum over the quarter's periods (three months, or one quarterly return);
--   stock = the value at the quarter's last period end;
--   ratio = numerator / denominator x scale, each part taken as above at quarter level
--           (a ratio of sums, never an average of monthly ratios). A population_0_17
--           denominator is the area's children in the quarter's financial year.
-- Only the agency's own loaded submissions count (v_current_measure_fact). Districts roll
-- up to their local authority and breakdowns (provider, training level) are summed, as in
-- v_measure_by_area.
--
-- A quarter is complete when every period behind its figure is loaded: a flow needs all
-- three months (or its quarterly return), a stock needs the quarter-end period. `value` is
-- NULL for an incomplete quarter, so a part-quarter sum is never printed; `loaded_value`
-- keeps what the loaded periods add up to, for the data-quality notes.
--
-- Bound parameters: agency_id; q_start and q_end, the quarter's first and last day;
-- fy, the first calendar year of the financial year (for populations).
WITH by_period AS (
    SELECT f.measure_id,
           CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END AS area_code,
           f.period_label,
           f.grain,
           f.period_end,
           SUM(f.value) AS value
    FROM v_current_measure_fact f
    JOIN area a ON a.code = f.area_code
    WHERE f.agency_id = :agency_id
      AND f.period_start >= :q_start
      AND f.period_end <= :q_end
    GROUP BY f.measure_id,
             CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END,
             f.period_label, f.grain, f.period_end
),
last_end AS (
    SELECT measure_id, area_code, MAX(period_end) AS period_end
    FROM by_period
    GROUP BY measure_id, area_code
),
base AS (
    SELECT m.id AS measure_id,
           b.area_code,
           CASE m.aggregation
             WHEN 'flow' THEN SUM(b.value)
             ELSE SUM(CASE WHEN b.period_end = l.period_end THEN b.value END)
           END AS loaded_value,
           COUNT(*) AS periods,
           l.period_end AS last_period_end,
           CASE
             WHEN m.aggregation = 'flow'
               THEN CASE WHEN COUNT(*) = MAX(CASE WHEN b.grain = 'month' THEN 3 ELSE 1 END)
                         THEN 1 ELSE 0 END
             ELSE CASE WHEN l.period_end = :q_end THEN 1 ELSE 0 END
           END AS complete
    FROM by_period b
    JOIN measure m ON m.id = b.measure_id
    JOIN last_end l ON l.measure_id = b.measure_id AND l.area_code = b.area_code
    WHERE m.aggregation IN ('flow', 'stock')
    GROUP BY m.id, m.aggregation, b.area_code, l.period_end
),
parts AS (
    SELECT measure_id, area_code, loaded_value AS value, complete
    FROM base
    UNION ALL
    SELECT 'population_0_17', area_code, population_0_17, 1
    FROM v_area_population
    WHERE year = :fy
)
SELECT measure_id,
       area_code,
       CASE WHEN complete = 1 THEN loaded_value END AS value,
       NULL AS numerator,
       NULL AS denominator,
       periods,
       complete,
       last_period_end,
       loaded_value
FROM base
UNION ALL
SELECT m.id,
       n.area_code,
       CASE WHEN n.complete = 1 AND d.complete = 1 AND d.value > 0
            THEN n.loaded_value * m.scale / d.value END,
       CASE WHEN n.complete = 1 THEN n.loaded_value END,
       CASE WHEN d.complete = 1 THEN d.value END,
       n.periods,
       CASE WHEN n.complete = 1 AND d.complete = 1 THEN 1 ELSE 0 END,
       n.last_period_end,
       NULL
FROM measure m
JOIN base n ON n.measure_id = m.numerator
LEFT JOIN parts d ON d.measure_id = m.denominator AND d.area_code = n.area_code
WHERE m.aggregation = 'ratio'
ORDER BY 1, 2
