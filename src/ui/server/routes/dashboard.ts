// GET /api/v1/dashboard: counts by priority, series by priority/rule/source/hostname and top
// rules/namespaces/pods/images over a window of 5 minutes to 30 days ending now (or at `to`).

import type { FastifyInstance } from 'fastify';
import type { UiContext } from '../context.js';
import { durationParam, formatDuration, intParam, type Query, rejectUnknown, timeParam } from '../params.js';

const MIN_WINDOW = 5 * 60_000;
const MAX_WINDOW = 30 * 86_400_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX_POINTS = 120;

/**
 * The narrowest bucket that keeps a chart under MAX_POINTS points: minutes up to 6 h (counted
 * from the alerts), hours up to 7 d and days beyond (read from the store's hourly and daily
 * counters, so a month costs what 30 counters per value cost).
 */
export function bucketFor(windowMs: number): number {
  const choices =
    windowMs <= 6 * HOUR
      ? [1, 5, 15].map((m) => m * MINUTE)
      : windowMs <= 7 * DAY
        ? [1, 3, 6].map((h) => h * HOUR)
        : [DAY];
  return choices.find((b) => windowMs / b <= MAX_POINTS) ?? choices[choices.length - 1]!;
}

export function dashboardRoutes(app: FastifyInstance, ctx: UiContext): void {
  app.get('/api/v1/dashboard', async (request) => {
    const q = request.query as Query;
    rejectUnknown(q, new Set(['window', 'to', 'top']));
    const windowMs = durationParam(q, 'window', MIN_WINDOW, MAX_WINDOW) ?? 3_600_000;
    const toMs = timeParam(q, 'to') ?? ctx.now();
    const top = intParam(q, 'top', 1, 50, 10);
    const bucketMs = bucketFor(windowMs);
    const fromMs = toMs - windowMs;
    const agg = await ctx.store.aggregate({ fromUs: fromMs * 1000, toUs: toMs * 1000, bucketMs, top });
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      window: formatDuration(windowMs),
      bucket: formatDuration(bucketMs),
      bucketMs,
      ...agg,
    };
  });
}
