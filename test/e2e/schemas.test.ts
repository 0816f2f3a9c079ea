/**
 * Schemas over real HTTP, in JSON and in Avro binary.
 */
import { describe, expect, it } from 'vitest';
import { call, fails, ok, type WireEncoding } from '../support/client.js';
import { useMock } from '../support/server.js';
import { createOrdersTable } from '../support/tables.js';

const ENCODINGS: WireEncoding[] = ['json', 'binary'];

for (const encoding of ENCODINGS) {
  describe(`schemas (${encoding})`, () => {
    const mock = useMock();
    const ok$ = <R = Record<string, unknown>>(path: string, body: unknown) => ok<R>(mock.url, path, body, encoding);
    const fails$ = (path: string, body: unknown) => fails(mock.url, path, body, encoding);

    it('has ki_home from the start', async () => {
      const shown = await ok$<{ schema_names: string[] }>('/show/schema', { schema_name: '', options: {} });
      expect(shown.schema_names).toEqual(['ki_home']);
      const has = await ok$<{ schema_exists: boolean }>('/has/schema', { schema_name: 'ki_home', options: {} });
      expect(has.schema_exists).toBe(true);
    });

    it('creates a schema, and refuses a second one of the same name unless told not to', async () => {
      const created = await ok$<{ schema_name: string }>('/create/schema', { schema_name: 'sales', options: {} });
      expect(created.schema_name).toBe('sales');
      const again = await fails$('/create/schema', { schema_name: 'SALES', options: {} });
      expect(again.message).toBe("Schema 'sales' already exists (use the option no_error_if_exists=true to ignore this)");
      await ok$('/create/schema', { schema_name: 'sales', options: { no_error_if_exists: 'true' } });
      const has = await ok$<{ schema_exists: boolean }>('/has/schema', { schema_name: 'Sales', options: {} });
      expect(has.schema_exists).toBe(true);
    });

    it('refuses an invalid schema name', async () => {
      const envelope = await fails$('/create/schema', { schema_name: 'bad name!', options: {} });
      expect(envelope.message).toContain("Invalid schema name 'bad name!'");
    });

    it('shows one schema with its tables', async () => {
      await ok$('/create/schema', { schema_name: 'shop', options: {} });
      await createOrdersTable(mock.url, 'shop.orders', encoding);
      const shown = await ok$<{ schema_names: string[]; schema_tables: string[][] }>('/show/schema', { schema_name: 'shop', options: {} });
      expect(shown.schema_names).toEqual(['shop']);
      expect(shown.schema_tables).toEqual([['shop.orders']]);
    });

    it('fails to show a missing schema unless no_error_if_not_exists', async () => {
      const missing = await fails$('/show/schema', { schema_name: 'nowhere', options: {} });
      expect(missing.message).toBe("Schema 'nowhere' does not exist");
      const quiet = await ok$<{ schema_names: string[] }>('/show/schema', { schema_name: 'nowhere', options: { no_error_if_not_exists: 'true' } });
      expect(quiet.schema_names).toEqual([]);
    });

    it('renames a schema, moving its tables', async () => {
      await ok$('/create/schema', { schema_name: 'old_name', options: {} });
      await createOrdersTable(mock.url, 'old_name.t1', encoding);
      await ok$('/alter/schema', { schema_name: 'old_name', action: 'rename_schema', value: 'new_name', options: {} });
      const has = await ok$<{ table_exists: boolean }>('/has/table', { table_name: 'new_name.t1', options: {} });
      expect(has.table_exists).toBe(true);
      const gone = await ok$<{ schema_exists: boolean }>('/has/schema', { schema_name: 'old_name', options: {} });
      expect(gone.schema_exists).toBe(false);
      const bad = await fails$('/alter/schema', { schema_name: 'new_name', action: 'rename', value: 'x', options: {} });
      expect(bad.message).toBe("Value: 'rename' not a valid parameter. Valid values are: rename_schema (U/PUh:355)");
    });

    it('refuses to drop a schema that holds tables unless cascade, and never drops ki_home', async () => {
      await ok$('/create/schema', { schema_name: 'full', options: {} });
      await createOrdersTable(mock.url, 'full.t', encoding);
      const refused = await fails$('/drop/schema', { schema_name: 'full', options: {} });
      expect(refused.message).toBe("Schema 'full' is not empty (it holds 1 object): drop them first, or use the option cascade=true");
      await ok$('/drop/schema', { schema_name: 'full', options: { cascade: 'true' } });
      const table = await ok$<{ table_exists: boolean }>('/has/table', { table_name: 'full.t', options: {} });
      expect(table.table_exists).toBe(false);
      const home = await fails$('/drop/schema', { schema_name: 'ki_home', options: {} });
      expect(home.message).toBe("Schema 'ki_home' is the default schema and cannot be dropped or renamed");
    });

    it('fails to drop a missing schema unless no_error_if_not_exists', async () => {
      const missing = await fails$('/drop/schema', { schema_name: 'ghost', options: {} });
      expect(missing.message).toBe("Schema 'ghost' does not exist");
      await ok$('/drop/schema', { schema_name: 'ghost', options: { no_error_if_not_exists: 'true' } });
    });

    it('refuses an option a schema endpoint does not take', async () => {
      const envelope = await call(mock.url, '/create/schema', { schema_name: 'x1', options: { cascade: 'true' } }, encoding);
      expect(envelope.status).toBe('ERROR');
      expect(envelope.message).toBe("Parameter map key: 'cascade' is not a valid parameter. Valid keys are: no_error_if_exists (U/PUh:348)");
    });
  });
}
