/**
 * The alert monitor's list (/admin/show/alerts): what went wrong with no client to tell, such as
 * a scheduled SQL procedure run that failed. The latest alerts are kept, at most `capacity`.
 */
export interface Alert {
  /** The emulator's clock when it was raised (epoch milliseconds). */
  at: number;
  type: string;
  params: Record<string, string>;
}

/** Alerts kept; older ones give way. */
export const ALERT_CAPACITY = 1000;

export class Alerts {
  private readonly kept: Alert[] = [];

  raise(alert: Alert): void {
    this.kept.push(alert);
    if (this.kept.length > ALERT_CAPACITY) this.kept.splice(0, this.kept.length - ALERT_CAPACITY);
  }

  /** The latest `count` alerts (all when count is 0 or more than there are), most recent first. */
  latest(count: number): Alert[] {
    const newestFirst = [...this.kept].reverse();
    return count > 0 ? newestFirst.slice(0, count) : newestFirst;
  }

  clear(): number {
    return this.kept.splice(0).length;
  }
}
