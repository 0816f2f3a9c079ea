/**
 * Materialized views of one emulator as things that refresh (sql-ddl.mdx, CREATE MATERIALIZED
 * VIEW ... REFRESH):
 * - OFF: only REFRESH MATERIALIZED VIEW refreshes it;
 * - ON CHANGE: every change to the records of a table it reads (directly or through logical
 *   views) queues a refresh, run right after on the one refresh chain. The SQL layer waits for
 *   the chain before a query and after a statement that changed records, so a SQL client never
 *   sees a stale view, and a backup taken after that statement holds the refreshed rows;
 * - ON QUERY: refreshed before each query that reads it (the SQL layer asks, beforeRead);
 * - EVERY: a job of the emulator's scheduler, on its clock, as SQL procedures are.
 * A refresh runs the view's query on the query layer and replaces the view's records through
 * the catalog's record operations (catalog/views.ts), so the change log sees it.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Table } from '../catalog/table/table.js';
import { onChangeViewsOf, refreshSources, replaceViewRecords, viewRecurrence, viewSnapshot, withViewSources } from '../catalog/views.js';
import type { QueryLayer } from '../query/index.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Clock } from '../clock.js';
import type { Alerts } from './alerts.js';

export class ViewRefreshes {
  private chain: Promise<void> = Promise.resolve();
  /** Views queued on the chain and not yet started (one refresh covers every change before it starts). */
  private readonly queued = new Set<Table>();
  private readonly tracked = new Set<Table>();

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly alerts: Alerts,
    private readonly catalogOf: () => Catalog,
    private readonly queryOf: () => QueryLayer,
  ) {}

  /** A table entered the catalog: a materialized view that refreshes EVERY ... starts its schedule. */
  track(table: Table, resumed = false): void {
    const view = table.view;
    if (!view?.materialized) return;
    const recurrence = viewRecurrence(view.refresh);
    if (!recurrence) return;
    this.tracked.add(table);
    const now = this.clock.ownNow();
    this.scheduler.add(
      table,
      {
        label: `view:${table.qualifiedName.toLowerCase()}`,
        recurrence,
        run: (dueAt) => this.refreshScheduled(table, dueAt),
      },
      // A database that comes back whole (state load) does not run again a refresh due now.
      resumed ? now + 1 : now,
    );
  }

  untrack(table: Table): void {
    this.queued.delete(table);
    if (this.tracked.delete(table)) this.scheduler.remove(table);
  }

  /** The whole database was replaced: every schedule ends; the new one's views are tracked by the caller. */
  forgetAll(): void {
    for (const table of this.tracked) this.scheduler.remove(table);
    this.tracked.clear();
    this.queued.clear();
  }

  /** When the next EVERY refresh is due (epoch ms), if scheduled. */
  nextDue(table: Table): number | undefined {
    return this.scheduler.nextDue(table);
  }

  /** A table's records changed: queue the ON CHANGE views reading it. */
  recordsChanged(catalog: Catalog, table: Table): void {
    if (catalog !== this.catalogOf()) return;
    for (const view of onChangeViewsOf(catalog, table)) this.enqueue(view);
  }

  /** Refreshes a view now (after what is queued): REFRESH MATERIALIZED VIEW, creation. Failures are thrown. */
  refresh(table: Table): Promise<void> {
    const run = this.chain.then(() => this.refreshNow(table));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves once no refresh is queued or running (those a refresh queues in turn included). */
  async settled(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.chain;
      await current;
    } while (current !== this.chain);
  }

  /** Before a query reading these tables: pending refreshes end, and ON QUERY views among what it reads refresh. */
  async beforeRead(tables: readonly Table[]): Promise<void> {
    await this.settled();
    const catalog = this.catalogOf();
    for (const table of withViewSources(catalog, tables)) {
      if (table.view?.materialized && table.view.refresh.mode === 'on_query') await this.refresh(table);
    }
  }

  private enqueue(view: Table): void {
    if (this.queued.has(view)) return;
    this.queued.add(view);
    this.chain = this.chain
      .then(() => {
        this.queued.delete(view);
        return this.refreshNow(view);
      })
      .catch((error: unknown) => this.alert(view, error));
  }

  private async refreshScheduled(table: Table, _dueAt: number): Promise<void> {
    await this.refresh(table).catch((error: unknown) => this.alert(table, error));
  }

  private alert(table: Table, error: unknown): void {
    this.alerts.raise({
      at: this.clock.now(),
      type: 'materialized_view',
      params: { view_name: table.qualifiedName, message: error instanceof Error ? error.message : String(error) },
    });
  }

  /**
   * What the record endpoints read for a table: a materialized view after its pending or ON QUERY
   * refresh; a logical view's current rows (its query run now) as a table no catalog holds; a
   * table itself.
   */
  async readable(table: Table, recordsPerFile: number): Promise<Table> {
    const view = table.view;
    if (!view) return table;
    await this.beforeRead([table]);
    if (view.materialized) return table;
    const answer = await this.queryOf().run({
      text: view.query,
      defaultSchema: table.schema,
      tables: refreshSources(this.catalogOf(), table),
      headers: table.type.columnNames,
    });
    return viewSnapshot(table, answer.rows, recordsPerFile, this.clock.now());
  }

  /** Runs the view's query and puts its rows in place of the view's records. */
  private async refreshNow(table: Table): Promise<void> {
    const catalog = this.catalogOf();
    const view = table.view;
    // Dropped (or its database replaced) since it was queued: nothing to refresh.
    if (!view?.materialized || catalog.table(table.schema, table.name) !== table) return;
    const answer = await this.queryOf().run({
      text: view.query,
      defaultSchema: table.schema,
      tables: refreshSources(catalog, table),
      headers: table.type.columnNames,
    });
    if (catalog.table(table.schema, table.name) !== table) return;
    replaceViewRecords(catalog, table, answer.rows);
    view.lastRefresh = this.clock.now();
  }
}
