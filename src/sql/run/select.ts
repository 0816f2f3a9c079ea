/**
 * SELECT of columns (or *, or COUNT(*)) from one table, with WHERE, ORDER BY, LIMIT and OFFSET, on
 * /get/records: the WHERE condition is its `expression` option, so it goes through the same filter
 * compiler as REST reads. The matching records are read page by page (the endpoint's cap is
 * max_get_records_size) and then ordered, limited and projected here. COUNT(*) reads only the
 * count (limit 0).
 */
import { byColumns, type SortKey } from '../../catalog/table/records.js';
import type { ColumnModel } from '../../catalog/table/type-model.js';
import { sqlErrors } from '../../errors/sql.js';
import type { Select } from '../ast.js';
import { resultColumnOf, type ResultColumn } from '../result.js';
import { checkColumns, conditionText, resolveColumn, type Outcome, type Session } from './session.js';
import { keyOf } from '../../catalog/names.js';

/** Kinetica names an unaliased expression like Calcite (EXPR$0), with `_` for `$`. */
const COUNT_HEADER = 'EXPR_0';

interface Output {
  header: string;
  column: ColumnModel;
}

export async function select(session: Session, statement: Select): Promise<Outcome> {
  const { table, restName } = session.resolveTable(statement.table!);
  checkColumns(table, statement.where);
  const options: Record<string, string> = {};
  const condition = conditionText(session, table, statement.where);
  if (condition.trim() !== '') options.expression = condition;

  const count = statement.items.find((item) => item.item === 'count');
  if (count) {
    const other = statement.items.find((item) => item.item !== 'count');
    if (other) throw sqlErrors.notGrouped(other.item === 'column' ? other.name : '*');
    for (const order of statement.orderBy) if (order.name !== undefined) resolveColumn(table, order.name);
    const response = await session.call('/get/records', { table_name: restName, offset: 0, limit: 0, encoding: 'binary', options });
    const header = count.alias ?? COUNT_HEADER;
    const columns: ResultColumn[] = [{ name: header, avro: 'long', datatype: 'long', nullable: false }];
    const rows = window([[response.total_number_of_records]], statement.offset, statement.limit);
    return { group: 'QUERY', countAffected: 0, result: { columns, rows } };
  }

  const outputs: Output[] = [];
  for (const item of statement.items) {
    if (item.item === 'star') for (const column of table.type.model.columns) outputs.push({ header: column.name, column });
    else if (item.item === 'column') {
      const column = resolveColumn(table, item.name);
      outputs.push({ header: item.alias ?? column.name, column });
    }
  }
  const sortKeys = statement.orderBy.map((order): SortKey => {
    let column: ColumnModel;
    if (order.ordinal !== undefined) {
      if (order.ordinal < 1 || order.ordinal > outputs.length) throw sqlErrors.orderByOrdinal(order.ordinal, outputs.length);
      column = outputs[order.ordinal - 1]!.column;
    } else {
      const alias = outputs.find((output) => keyOf(output.header) === keyOf(order.name!) && output.header !== output.column.name);
      column = alias?.column ?? resolveColumn(table, order.name!);
    }
    return { column: column.name, direction: order.direction === 'descending' ? -1 : 1 };
  });

  const records: Record<string, unknown>[] = [];
  for (let offset = 0; ; ) {
    const page = await session.call('/get/records', { table_name: restName, offset, limit: -9999, encoding: 'binary', options });
    for (const bytes of page.records_binary) records.push(table.type.decode(bytes));
    offset += page.records_binary.length;
    if (!page.has_more_records || page.records_binary.length === 0) break;
  }
  if (sortKeys.length > 0) records.sort(byColumns(sortKeys));
  const rows = window(
    records.map((record) => outputs.map((output) => record[output.column.name] ?? null)),
    statement.offset,
    statement.limit,
  );
  return {
    group: 'QUERY',
    countAffected: 0,
    result: { columns: outputs.map((output) => resultColumnOf(output.column, output.header)), rows },
  };
}

/** The rows LIMIT and OFFSET keep. */
function window(rows: unknown[][], offset: number | undefined, limit: number | undefined): unknown[][] {
  const start = offset ?? 0;
  return rows.slice(start, limit === undefined ? undefined : start + limit);
}
