-- Children aged 0-17 per area and mid-year, as the reports use them: of the releases that
-- give a figure for the area and year (population_release, population_estimate), the one
-- added last. A steward's import of a newer ONS release thus replaces the figures for the
-- years it covers and leaves the other years as they were; older releases stay on record.
CREATE VIEW v_area_population AS
SELECT e.area_code,
       e.year,
       e.population_0_17,
       e.release_id,
       r.source
FROM population_estimate e
JOIN population_release r ON r.id = e.release_id
WHERE e.release_id = (
    SELECT MAX(l.release_id)
    FROM population_estimate l
    WHERE l.area_code = e.area_code
      AND l.year = e.year
)
