// Converts string offsets into Falco-style positions: byte offset plus 0-based line and column
// counted in bytes, the way yaml-cpp marks nodes.

import type { Position } from './context.js';

export class PositionMapper {
  private readonly text: string;
  private readonly lineStarts: number[] = [0];
  private readonly ascii: boolean;

  constructor(text: string) {
    this.text = text;
    this.ascii = /^[\x00-\x7f]*$/.test(text);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  at(offset: number): Position {
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    const start = this.lineStarts[lo];
    if (this.ascii) return { pos: off, line: lo, column: off - start };
    return {
      pos: Buffer.byteLength(this.text.slice(0, off), 'utf8'),
      line: lo,
      column: Buffer.byteLength(this.text.slice(start, off), 'utf8'),
    };
  }
}
