// Checks a request body as Falcosidekick checks Falco's payload and builds the RouterAlert:
// priority a known name (any case), rule non-empty, time RFC 3339 when present (now otherwise),
// output_fields an object of scalars or lists. A problem names the field at fault.

import type { OutputFieldValue, RouterAlert } from '../alert.js';
import { canonicalPriority, PRIORITY_CHOICES } from '../priority.js';

export type AlertCheck = { ok: true; alert: RouterAlert } | { ok: false; field: string; error: string };

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The current time as Falco writes it: RFC 3339, UTC, nanoseconds. */
export function nowRfc3339(now = new Date()): string {
  return now.toISOString().replace('Z', '000000Z');
}

function fail(field: string, error: string): AlertCheck {
  return { ok: false, field, error: `${field}: ${error}` };
}

function outputFieldValue(v: unknown): OutputFieldValue | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
    return v as (string | number)[];
  return undefined;
}

export function checkAlert(body: unknown, uuid: string, now = new Date()): AlertCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return fail('body', 'must be a JSON object (a Falco alert)');
  }
  const b = body as Record<string, unknown>;
  if (b.priority === undefined) return fail('priority', `is missing (one of ${PRIORITY_CHOICES})`);
  if (typeof b.priority !== 'string') return fail('priority', `must be a string, not ${JSON.stringify(b.priority)}`);
  const priority = canonicalPriority(b.priority);
  if (priority === undefined)
    return fail('priority', `${JSON.stringify(b.priority)} is not a priority (${PRIORITY_CHOICES})`);
  if (typeof b.rule !== 'string' || b.rule.trim() === '') {
    return fail(
      'rule',
      b.rule === undefined ? 'is missing' : `must be a non-empty string, not ${JSON.stringify(b.rule)}`,
    );
  }
  let time: string;
  if (b.time === undefined || b.time === null) time = nowRfc3339(now);
  else if (typeof b.time !== 'string' || !RFC3339.test(b.time) || Number.isNaN(Date.parse(b.time))) {
    return fail('time', `${JSON.stringify(b.time)} is not an RFC 3339 time (e.g. 2024-05-01T12:00:00.000000000Z)`);
  } else time = b.time;
  const fields: Record<string, OutputFieldValue> = {};
  if (b.output_fields !== undefined && b.output_fields !== null) {
    if (typeof b.output_fields !== 'object' || Array.isArray(b.output_fields)) {
      return fail('output_fields', `must be an object, not ${JSON.stringify(b.output_fields)}`);
    }
    for (const [k, v] of Object.entries(b.output_fields as Record<string, unknown>)) {
      const value = outputFieldValue(v);
      if (value === undefined)
        return fail(`output_fields.${k}`, 'must be a string, number, boolean, null or a list of them');
      fields[k] = value;
    }
  }
  for (const key of ['output', 'source', 'hostname'] as const) {
    if (b[key] !== undefined && b[key] !== null && typeof b[key] !== 'string') {
      return fail(key, `must be a string, not ${JSON.stringify(b[key])}`);
    }
  }
  let tags: string[] = [];
  if (b.tags !== undefined && b.tags !== null) {
    if (!Array.isArray(b.tags) || !b.tags.every((t) => typeof t === 'string')) {
      return fail('tags', `must be a list of strings, not ${JSON.stringify(b.tags)}`);
    }
    tags = b.tags as string[];
  }
  return {
    ok: true,
    alert: {
      uuid,
      time,
      rule: b.rule,
      priority,
      output: (b.output as string | undefined) ?? '',
      source: (b.source as string | undefined) || 'syscall',
      hostname: (b.hostname as string | undefined) ?? '',
      tags,
      output_fields: fields,
    },
  };
}
