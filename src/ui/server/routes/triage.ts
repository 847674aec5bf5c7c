// Triage: acknowledge alerts, mute by rule and output fields, and turn an alert into a Falco
// exception appended to the exceptions file.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { fieldText } from '../../store/alertRow.js';
import { asBody, bool, onlyKeys, str, stringMap, strings } from '../body.js';
import type { UiContext } from '../context.js';
import { ExceptionRejected, createException, exceptionsText } from '../exceptionFile.js';
import { ParamError } from '../params.js';

const muteJson = (m: {
  id: number;
  rule: string;
  fields: Readonly<Record<string, string>>;
  comment: string;
  createdAt: number;
}) => ({
  id: m.id,
  rule: m.rule,
  fields: m.fields,
  comment: m.comment,
  created_at: new Date(m.createdAt).toISOString(),
});

function notConfigured(reply: FastifyReply) {
  return reply
    .code(409)
    .send({ error: 'exceptions: not configured; start `kestrel ui` with --rules and --exceptions-file' });
}

export function triageRoutes(app: FastifyInstance, ctx: UiContext): void {
  app.post('/api/v1/alerts/ack', async (request) => {
    const b = asBody(request.body);
    onlyKeys(b, ['ids', 'acknowledged']);
    const ids = strings(b, 'ids', 1, 1000);
    const acknowledged = bool(b, 'acknowledged', true);
    return { updated: await ctx.store.acknowledge(ids, acknowledged) };
  });

  app.get('/api/v1/mutes', async () => ({ mutes: (await ctx.store.listMutes()).map(muteJson) }));

  app.post('/api/v1/mutes', async (request, reply) => {
    const b = asBody(request.body);
    onlyKeys(b, ['alert', 'fields', 'rule', 'match', 'comment']);
    const comment = str(b, 'comment', { max: 1000 }) ?? '';
    let rule: string;
    let fields: Record<string, string>;
    const alertId = str(b, 'alert');
    if (alertId !== undefined) {
      if (b.rule !== undefined || b.match !== undefined)
        throw new ParamError('body.alert', 'give either alert and fields, or rule and match');
      const s = await ctx.store.get(alertId);
      if (!s) return reply.code(404).send({ error: `body.alert: no alert ${JSON.stringify(alertId)}` });
      rule = s.alert.rule;
      fields = {};
      for (const f of b.fields === undefined ? [] : strings(b, 'fields', 0, 20)) {
        const v = s.alert.output_fields[f];
        if (v === undefined)
          throw new ParamError('body.fields', `${JSON.stringify(f)} is not an output field of the alert`);
        fields[f] = fieldText(v);
      }
    } else {
      rule = str(b, 'rule', { required: true, max: 1000 })!;
      if (b.fields !== undefined) throw new ParamError('body.fields', 'goes with alert; with rule use match');
      fields = stringMap(b, 'match') ?? {};
      if (Object.keys(fields).length > 20) throw new ParamError('body.match', 'at most 20 fields');
    }
    const m = await ctx.store.addMute(rule, fields, comment);
    return reply.code(201).send(muteJson(m));
  });

  app.delete('/api/v1/mutes/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!/^\d{1,15}$/.test(id)) throw new ParamError('id', `${JSON.stringify(id)} is not a mute id`);
    if (!(await ctx.store.removeMute(Number(id)))) return reply.code(404).send({ error: `id: no mute ${id}` });
    return { deleted: Number(id) };
  });

  app.post('/api/v1/alerts/:id/exception', async (request, reply) => {
    const { id } = request.params as { id: string };
    const b = asBody(request.body);
    onlyKeys(b, ['fields', 'comment', 'dryRun']);
    const fields = strings(b, 'fields', 1, 20);
    const comment = str(b, 'comment', { max: 1000 }) ?? '';
    const dryRun = bool(b, 'dryRun', false);
    if (!ctx.exceptions) return notConfigured(reply);
    const s = await ctx.store.get(id);
    if (!s) return reply.code(404).send({ error: `id: no alert ${JSON.stringify(id)}` });
    try {
      const made = createException(ctx.exceptions, s.alert, fields, comment, dryRun);
      return reply.code(dryRun ? 200 : 201).send({ rule: s.alert.rule, ...made });
    } catch (e) {
      if (e instanceof ExceptionRejected) return reply.code(422).send({ error: `exception: ${e.message}` });
      throw e;
    }
  });

  app.get('/api/v1/exceptions', async (_request, reply) => {
    if (!ctx.exceptions) return notConfigured(reply);
    return { file: ctx.exceptions.file, text: exceptionsText(ctx.exceptions) };
  });
}
