/**
 * The emulator's clock. Snapshot ids and times come from it, so tests can fix it or shift it
 * (PUT /_mock/clock) and get the same ids on every run.
 */
export class Clock {
  private fixedAt: number | undefined;
  private offset = 0;

  /** Milliseconds since the epoch, as the emulator sees them. */
  now(): number {
    return this.fixedAt ?? Date.now() + this.offset;
  }

  /** Stops the clock at the given time; it then moves only when set or shifted again. */
  fix(epochMs: number): void {
    this.fixedAt = epochMs;
  }

  /** Moves the clock by the given milliseconds, fixed or running. */
  shift(deltaMs: number): void {
    if (this.fixedAt !== undefined) this.fixedAt += deltaMs;
    else this.offset += deltaMs;
  }

  /** Back to the machine's time. */
  reset(): void {
    this.fixedAt = undefined;
    this.offset = 0;
  }

  describe(): { now: number; fixed: boolean; offsetMs: number } {
    return { now: this.now(), fixed: this.fixedAt !== undefined, offsetMs: this.offset };
  }
}
