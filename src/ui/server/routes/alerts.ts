// GET /api/v1/alerts (filtered, sorted, keyset-paged), /api/v1/alerts/:id (detail and raw JSON)
// and /api/v1/alerts/export (the same selection streamed as JSON lines or CSV).

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ListRequest } from '../../store/types.js';
import { EXPORT_PARAMS, encodeCursor, listFromQuery } from '../alertQuery.js';
import { type UiContext, alertJson } from '../context.js';
import { CSV_FORMULAS, type CsvFormulas, csvHeader, csvRow } from '../csv.js';
import { choiceParam, ParamError, type Query } from '../params.js';

const EXPORT_MAX = 1_000_000;
const EXPORT_PAGE = 1000;

async function* exportLines(
  ctx: UiContext,
  req: ListRequest,
  format: 'jsonl' | 'csv',
  formulas: CsvFormulas,
): AsyncGenerator<string> {
  if (format === 'csv') yield csvHeader();
  let left = req.limit;
  let cursor = req.cursor;
  while (left > 0) {
    const page = await ctx.store.list({ ...req, limit: Math.min(EXPORT_PAGE, left), ...(cursor ? { cursor } : {}) });
    let chunk = '';
    for (const s of page.alerts)
      chunk += format === 'csv' ? csvRow(alertJson(s), formulas) : `${JSON.stringify(alertJson(s))}\n`;
    if (chunk) yield chunk;
    left -= page.alerts.length;
    if (page.next === null) return;
    cursor = page.next;
  }
}

export function alertRoutes(app: FastifyInstance, ctx: UiContext): void {
  app.get('/api/v1/alerts', async (request) => {
    const req = listFromQuery(request.query as Query, ctx.now());
    const page = await ctx.store.list(req);
    return { alerts: page.alerts.map(alertJson), next: page.next ? encodeCursor(page.next) : null };
  });

  app.get('/api/v1/alerts/export', async (request, reply) => {
    const q = request.query as Query;
    const req = listFromQuery({ limit: String(EXPORT_MAX), ...q }, ctx.now(), EXPORT_PARAMS, EXPORT_MAX);
    const format = choiceParam<'jsonl' | 'csv'>(q, 'format', ['jsonl', 'csv'], 'jsonl');
    const formulas = choiceParam(q, 'csvFormulas', CSV_FORMULAS, 'guard');
    // JSON lines are always exact; a parameter that would do nothing there is refused, not ignored
    if (format !== 'csv' && q.csvFormulas !== undefined)
      throw new ParamError('csvFormulas', 'only with format=csv (JSON lines are always written exactly)');
    reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="kestrel-alerts.${format}"`);
    return reply.send(Readable.from(exportLines(ctx, req, format, formulas)));
  });

  app.get('/api/v1/alerts/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const s = await ctx.store.get(id);
    if (!s) return reply.code(404).send({ error: `id: no alert ${JSON.stringify(id)}` });
    return { alert: alertJson(s), raw: s.alert };
  });
}
