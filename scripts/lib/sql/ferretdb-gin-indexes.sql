-- FerretDB's PostgreSQL handler pushes an equality filter down as `_jsonb -> 'field' @> value`,
-- and builds each MongoDB index as a btree on `(_jsonb -> 'field')`, which `@>` cannot use:
-- every query, `_id` look-ups included, would scan its table. For each such btree this adds a
-- GIN index on the same expressions, which `@>` does use, and analyses the table so the planner
-- knows how selective each expression is. An event trigger does it for every index FerretDB
-- creates from now on; the loop at the end for those it created before.
CREATE OR REPLACE FUNCTION throughline_gin_twin(btree oid) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  definition text := pg_get_indexdef(btree);
  gin_name text;
  table_name text := (SELECT indrelid::regclass::text FROM pg_index WHERE indexrelid = btree);
BEGIN
  IF definition NOT LIKE '% USING btree (%_jsonb -> %' THEN
    RETURN;
  END IF;
  gin_name := left((SELECT relname FROM pg_class WHERE oid = btree), 59) || '_gin';
  EXECUTE format(
    'CREATE INDEX IF NOT EXISTS %I ON %s USING gin %s',
    gin_name,
    table_name,
    replace(substring(definition from ' USING btree (\(.*\))$'), ' DESC', '')
  );
  -- PostgreSQL keeps statistics of an index's expressions only from the next ANALYZE on. Without
  -- them it takes `tenantId @> …` for as selective as `coOwnerIds @> …` and may answer an array
  -- equality from the (tenant, cycle) index, rechecking every row of the cycle.
  EXECUTE format('ANALYZE %s', table_name);
END
$fn$;

CREATE OR REPLACE FUNCTION throughline_gin_for_ferretdb_index() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  command record;
BEGIN
  FOR command IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' LOOP
    PERFORM throughline_gin_twin(command.objid);
  END LOOP;
END
$fn$;

DO $do$
DECLARE
  btree record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'throughline_gin_for_ferretdb_index') THEN
    CREATE EVENT TRIGGER throughline_gin_for_ferretdb_index ON ddl_command_end
      WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION throughline_gin_for_ferretdb_index();
  END IF;
  FOR btree IN
    SELECT i.indexrelid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
    WHERE a.amname = 'btree' AND pg_get_indexdef(i.indexrelid) LIKE '% USING btree (%_jsonb -> %'
      AND NOT EXISTS (SELECT 1 FROM pg_class g WHERE g.relname = left(c.relname, 59) || '_gin')
  LOOP
    PERFORM throughline_gin_twin(btree.indexrelid);
  END LOOP;
END
$do$;
