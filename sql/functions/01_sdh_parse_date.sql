-- PostgreSQL only: dates as agencies write them (2021-01-05 or 05/01/2021), NULL when the
-- text is not a real date (31/02/2021). Used by the fast path's rules on staged text.
CREATE OR REPLACE FUNCTION sdh_make_date(y integer, m integer, d integer) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN y BETWEEN 1 AND 9999 AND m BETWEEN 1 AND 12 AND d >= 1
     AND d <= extract(day FROM (make_date(y, m, 1) + interval '1 month - 1 day'))
    THEN make_date(y, m, d)
  END
$$;

CREATE OR REPLACE FUNCTION sdh_parse_date(value text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]00:00(:00)?)?$'
      THEN sdh_make_date(substr(value, 1, 4)::integer, substr(value, 6, 2)::integer,
                         substr(value, 9, 2)::integer)
    WHEN value ~ '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$'
      THEN sdh_make_date(split_part(value, '/', 3)::integer, split_part(value, '/', 2)::integer,
                         split_part(value, '/', 1)::integer)
  END
$$;
