// The dead-letter file of a destination: one JSON line per alert that will not be delivered,
// with why, so an operator can replay it (`deadletter/<destination>.jsonl` in the queue folder).

import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Delivery } from '../destinations/destination.js';

export class DeadLetters {
  readonly path: string;
  private made = false;

  constructor(
    private readonly dir: string,
    destination: string,
  ) {
    this.path = path.join(dir, `${destination}.jsonl`);
  }

  write(batch: readonly Delivery[], reason: string): void {
    // the folder is made on the first dead letter, so a healthy router never needs it
    if (!this.made) {
      mkdirSync(this.dir, { recursive: true });
      this.made = true;
    }
    const at = new Date().toISOString();
    let text = '';
    for (const d of batch)
      text += `${JSON.stringify({ deadlettered_at: at, reason, count: d.count, alert: d.alert })}\n`;
    appendFileSync(this.path, text);
  }
}
