// A token bucket over event time (ns), as Falco rate-limits its drop actions: tokens refill at
// `rate` per second up to `maxTokens`; a claim takes one when at least one is there.

export class TokenBucket {
  private tokens: number;
  private lastSeen: number;

  constructor(
    private readonly rate: number,
    private readonly maxTokens: number,
    now = 0,
  ) {
    this.tokens = maxTokens;
    this.lastSeen = now;
  }

  /** Takes one token at time `now` (ns since epoch); false when the bucket is empty. */
  claim(now: number): boolean {
    const gain = ((now - this.lastSeen) / 1e9) * this.rate;
    this.tokens = Math.min(this.maxTokens, this.tokens + gain);
    this.lastSeen = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
