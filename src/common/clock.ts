/**
 * The one source of "now" for every rule that depends on the date or time: review deadlines in
 * working days, daily quotas, grant and certificate expiry, off-hours alerts. Services receive a
 * `Clock` by injection (Nest token: the class itself), so a test can run the hub at a fixed
 * instant — a Sunday, a public holiday, 23:59:59 China time — and the suite passes on any day.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Milliseconds since the epoch, as `Date.now()`. */
  nowMs(): number {
    return this.now().getTime();
  }
}

/** The machine's clock: what the hub uses outside tests. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }

  override nowMs(): number {
    return Date.now();
  }
}

/** A clock that stands still at a given instant until it is set or advanced (tests, replays). */
export class FixedClock extends Clock {
  private instantMs: number;

  constructor(instant: Date | string) {
    super();
    this.instantMs = new Date(instant).getTime();
    if (Number.isNaN(this.instantMs)) throw new Error(`FixedClock: not an instant: ${String(instant)}`);
  }

  now(): Date {
    return new Date(this.instantMs);
  }

  override nowMs(): number {
    return this.instantMs;
  }

  set(instant: Date | string): void {
    this.instantMs = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.instantMs += ms;
  }
}
