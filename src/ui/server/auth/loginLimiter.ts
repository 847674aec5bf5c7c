// Login rate limiting per client address: at most `maxAttempts` failed logins in `windowMs`;
// past that, every login from the address gets 429 until the window ends. At most `maxClients`
// addresses are remembered (the oldest forgotten first).

import { BoundedMap } from './boundedMap.js';

interface Window {
  start: number;
  failures: number;
}

export class LoginLimiter {
  private readonly clients: BoundedMap<string, Window>;

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
    maxClients: number,
  ) {
    this.clients = new BoundedMap(maxClients);
  }

  /** Seconds until the address may try again, or 0 when it may now. */
  retryAfter(ip: string, now: number): number {
    const w = this.clients.get(ip);
    if (!w || now - w.start >= this.windowMs) return 0;
    return w.failures >= this.maxAttempts ? Math.ceil((w.start + this.windowMs - now) / 1000) : 0;
  }

  failed(ip: string, now: number): void {
    const w = this.clients.get(ip);
    if (!w || now - w.start >= this.windowMs) this.clients.set(ip, { start: now, failures: 1 });
    else w.failures++;
  }

  succeeded(ip: string): void {
    this.clients.delete(ip);
  }

  get tracked(): number {
    return this.clients.size;
  }
}
