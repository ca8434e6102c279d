-- The submissions behind one agency's figures for one quarter: which loaded return gave
-- each measure, reporting area and period. A pack footnotes its figures with these ids,
-- and the periods present tell which months of an incomplete quarter are missing.
-- Districts roll up to their local authority, as in v_measure_by_area.
-- Bound parameters: agency_id; q_start and q_end, the quarter's first and last day.
SELECT DISTINCT
       f.measure_id,
       CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END AS area_code,
       f.period_label,
       f.grain,
       f.period_end,
       f.submission_id
FROM v_current_measure_fact f
JOIN area a ON a.code = f.area_code
WHERE f.agency_id = :agency_id
  AND f.period_start >= :q_start
  AND f.period_end <= :q_end
ORDER BY 1, 2, 3, 6
