-- Each measure per reporting area and period: districts roll up to their local authority,
-- breakdowns (provider, training level) are summed. Partnership-wide figures stay as they are.
CREATE VIEW v_measure_by_area AS
SELECT f.measure_id,
       CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END AS area_code,
       f.period_label,
       f.grain,
       f.period_start,
       f.period_end,
       SUM(f.value) AS value,
       COUNT(DISTINCT f.submission_id) AS submissions
FROM v_current_measure_fact f
JOIN area a ON a.code = f.area_code
GROUP BY f.measure_id,
         CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END,
         f.period_label, f.grain, f.period_start, f.period_end
