-- Figures an agency revised: each superseded submission beside the submission that
-- replaced it, with every measure, reporting area and period whose value differs
-- between the two (a measure present in only one of them counts as changed). Only a
-- superseded submission that was loaded has figures to revise: one replaced while it
-- waited for a steward never reached a pack.
-- The pack keeps those revised since the agency's last pack for the priority.
-- Districts roll up to their local authority, as in v_measure_by_area.
-- Bound parameters: agency_id; from_day and to_day, the first and last day of the
-- quarters a pack shows.
SELECT old_id, new_id, contract_id, revised_at, measure_id, area_code, period_label,
       old_value, new_value
FROM (
    SELECT o.id AS old_id,
           o.superseded_by_id AS new_id,
           o.contract_id,
           o.status_changed_at AS revised_at,
           f.measure_id,
           CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END AS area_code,
           f.period_label,
           SUM(CASE WHEN f.submission_id = o.id THEN f.value END) AS old_value,
           SUM(CASE WHEN f.submission_id = o.superseded_by_id THEN f.value END) AS new_value
    FROM submission o
    JOIN measure_fact f ON f.submission_id IN (o.id, o.superseded_by_id)
    JOIN area a ON a.code = f.area_code
    WHERE o.agency_id = :agency_id
      AND o.status = 'superseded'
      AND o.superseded_by_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM measure_fact x WHERE x.submission_id = o.id)
      AND f.period_start >= :from_day
      AND f.period_end <= :to_day
    GROUP BY o.id, o.superseded_by_id, o.contract_id, o.status_changed_at, f.measure_id,
             CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END,
             f.period_label
) changes
WHERE old_value IS NULL
   OR new_value IS NULL
   OR old_value <> new_value
ORDER BY revised_at, old_id, measure_id, area_code
