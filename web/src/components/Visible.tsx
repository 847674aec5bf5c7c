// Alert fields are written by whoever the alert is about: a process named `<script>`, a path
// holding terminal escapes or bidirectional overrides. React renders them as text (never HTML);
// this also makes the invisible characters visible, so what is shown is what is there.

import type { ReactNode } from 'react';

// C0 and C1 controls (but tab and newline), DEL, and the bidi embedding/override/isolate marks
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function codeOf(ch: string): string {
  const n = ch.codePointAt(0)!;
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

export function Visible({ text }: { text: string }) {
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(text)) return <>{text}</>;
  HIDDEN.lastIndex = 0;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(HIDDEN)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(
      <span key={m.index} className="ctl" title="control character">
        {codeOf(m[0])}
      </span>,
    );
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
