/**
 * The emulator's clock. Snapshot ids and times come from it, so tests can fix it or shift it
 * (PUT /_mock/clock) and get the same ids on every run.
 */
/** What a clock is set to (not what it reads): a checkpoint keeps it. */
export interface ClockSetting {
  /** The time it stands at, when fixed. */
  fixedAt: number | undefined;
  /** Its offset from the machine's time while it runs. */
  offset: number;
}

export class Clock {
  private fixedAt: number | undefined;
  private offset = 0;
  /** While a scheduled run runs, the time it was due (src/scheduler/); it hides the clock's own reading. */
  private pinnedAt: number | undefined;

  /** Milliseconds since the epoch, as the emulator sees them. */
  now(): number {
    return this.pinnedAt ?? this.fixedAt ?? Date.now() + this.offset;
  }

  /** The clock's own reading, pinned or not: what it reads once a run is over. */
  ownNow(): number {
    return this.fixedAt ?? Date.now() + this.offset;
  }

  /** Whether the clock stands still (fixed) rather than following the machine's time. */
  get isFixed(): boolean {
    return this.fixedAt !== undefined;
  }

  /** Makes the clock read `epochMs` until unpin(), whatever it is set to meanwhile. */
  pin(epochMs: number): void {
    this.pinnedAt = epochMs;
  }

  unpin(): void {
    this.pinnedAt = undefined;
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

  /** What the clock is set to, for restore(). */
  setting(): ClockSetting {
    return { fixedAt: this.fixedAt, offset: this.offset };
  }

  /** Sets the clock as a setting() had it: fixed at the same time, or running with the same offset. */
  restore(setting: ClockSetting): void {
    this.fixedAt = setting.fixedAt;
    this.offset = setting.offset;
  }

  describe(): { now: number; fixed: boolean; offsetMs: number } {
    return { now: this.ownNow(), fixed: this.fixedAt !== undefined, offsetMs: this.offset };
  }
}
