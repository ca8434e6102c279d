-- Facts from the submissions that count: the loaded version of each return.
-- Superseded and rejected submissions keep their facts for lineage but are not reported.
CREATE VIEW v_current_measure_fact AS
SELECT f.id,
       f.submission_id,
       s.agency_id,
       s.contract_id,
       f.measure_id,
       f.area_code,
       f.period_label,
       f.grain,
       f.period_start,
       f.period_end,
       f.dimension,
       f.value
FROM measure_fact f
JOIN submission s ON s.id = f.submission_id
WHERE s.status = 'loaded'
