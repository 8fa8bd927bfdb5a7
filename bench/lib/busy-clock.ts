/**
 * Time during which at least one call was in flight: the union of overlapping calls, so five
 * parallel requests of 10 ms count 10 ms, not 50.
 */
export class BusyClock {
  private inFlight = 0;
  private since = 0;
  private total = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Times one call. */
  async time<T>(run: () => Promise<T>): Promise<T> {
    if (this.inFlight++ === 0) this.since = this.now();
    try {
      return await run();
    } finally {
      if (--this.inFlight === 0) this.total += this.now() - this.since;
    }
  }

  /** Busy time so far (ms), the call in flight included up to now. */
  busy(): number {
    return this.total + (this.inFlight > 0 ? this.now() - this.since : 0);
  }
}
