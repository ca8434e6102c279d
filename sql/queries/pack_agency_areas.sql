-- The reporting areas an agency has delivered figures for, up to a day: a pack has a row
-- per measure and area, so an agency reporting only partnership-wide figures (health,
-- CDOP) is not given empty rows for each local authority. Districts roll up to their
-- local authority, as in v_measure_by_area.
-- Bound parameters: agency_id; up_to, the last day of the pack's quarter.
SELECT DISTINCT
       CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END AS area_code
FROM v_current_measure_fact f
JOIN area a ON a.code = f.area_code
WHERE f.agency_id = :agency_id
  AND f.period_end <= :up_to
ORDER BY 1
