-- A financial year's figure per measure and area, as the annual report publishes it, with
-- every loaded period behind it (one row per period, the cell's figure repeated on each):
--   flow  = the sum over the year's loaded periods;
--   stock = the value at the year end (a period ending on :year_end: March, Q4 or the
--           year itself). With no year-end period loaded it is NULL: another month's
--           count is not the year's.
-- Whether the twelve months are all there is decided from the periods listed (see
-- workers/reporting/annual.py and docs/acceptance.md, "What a part-year figure looks
-- like"): a flow with a month missing is a part-year figure, never the year's.
-- Bound parameters: the first and last day of the year.
SELECT m.id AS measure_id,
       m.aggregation,
       v.area_code,
       v.period_label,
       v.period_start,
       v.period_end,
       CASE m.aggregation
         WHEN 'flow' THEN SUM(v.value) OVER (PARTITION BY m.id, v.area_code)
         ELSE MAX(CASE WHEN v.period_end = :year_end THEN v.value END)
                OVER (PARTITION BY m.id, v.area_code)
       END AS value
FROM v_measure_by_area v
JOIN measure m ON m.id = v.measure_id
WHERE v.period_start >= :year_start
  AND v.period_end <= :year_end
  AND m.aggregation IN ('flow', 'stock')
ORDER BY m.id, v.area_code, v.period_start
