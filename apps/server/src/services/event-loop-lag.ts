/**
 * How far behind this process's event loop runs: a timer that should fire every `intervalMs`
 * records how late it fired, and `lagMs` is the worst of the last `windowMs` (or the lateness
 * of the tick still due, when the loop is blocked right now). `/healthz` reports it, so a load
 * balancer stops sending new connections to a process too busy (or too stalled) to serve them.
 */
export class EventLoopLag {
  private last = performance.now();
  private readonly samples: Array<{ at: number; lag: number }> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly intervalMs = 250,
    private readonly windowMs = 5_000,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  private tick(): void {
    const now = performance.now();
    this.samples.push({ at: now, lag: Math.max(0, now - this.last - this.intervalMs) });
    this.last = now;
    while (this.samples.length && this.samples[0]!.at < now - this.windowMs) this.samples.shift();
  }

  /** The worst lateness in the window, in whole milliseconds. */
  get lagMs(): number {
    const due = Math.max(0, performance.now() - this.last - this.intervalMs);
    return Math.round(this.samples.reduce((worst, s) => Math.max(worst, s.lag), due));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
