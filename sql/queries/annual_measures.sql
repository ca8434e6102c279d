-- A financial year's figure per measure and area, as the annual report publishes it:
-- flows are summed over the year's periods; stocks are the value at the last period end
-- inside the year. Bound parameters: the first and last day of the year.
SELECT m.id AS measure_id,
       m.label,
       m.aggregation,
       v.area_code,
       CASE m.aggregation
         WHEN 'flow' THEN SUM(v.value)
         ELSE SUM(CASE WHEN v.period_end = last.period_end THEN v.value END)
       END AS value,
       COUNT(*) AS periods,
       MAX(v.period_end) AS last_period_end
FROM v_measure_by_area v
JOIN measure m ON m.id = v.measure_id
JOIN (
    SELECT measure_id, area_code, MAX(period_end) AS period_end
    FROM v_measure_by_area
    WHERE period_start >= :year_start AND period_end <= :year_end
    GROUP BY measure_id, area_code
) last ON last.measure_id = v.measure_id AND last.area_code = v.area_code
WHERE v.period_start >= :year_start
  AND v.period_end <= :year_end
  AND m.aggregation IN ('flow', 'stock')
GROUP BY m.id, m.label, m.aggregation, v.area_code
ORDER BY m.id, v.area_code
