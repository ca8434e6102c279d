-- Facts from the submissions that count: the loaded version of each return.
-- Superseded and rejected submissions keep their facts for lineage but are not reported.
-- Where two feeds give the same figure (a statutory return and la-csc-activity), the
-- catalogue names the one that counts (measure.authoritative_contract): another feed's
-- fact is left out for a measure, area and period the authoritative feed has loaded.
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
LEFT JOIN measure m ON m.id = f.measure_id
WHERE s.status = 'loaded'
  AND (m.authoritative_contract IS NULL
       OR m.authoritative_contract = s.contract_id
       OR NOT EXISTS (
           SELECT 1
           FROM measure_fact g
           JOIN submission t ON t.id = g.submission_id
           WHERE g.measure_id = f.measure_id
             AND g.area_code = f.area_code
             AND g.period_label = f.period_label
             AND t.status = 'loaded'
             AND t.agency_id = s.agency_id
             AND t.contract_id = m.authoritative_contract))
