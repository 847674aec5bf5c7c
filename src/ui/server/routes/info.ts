// GET /api/v1/router (destinations, queue depth, errors from the router's metrics) and
// GET /api/v1/versions.

import type { FastifyInstance } from 'fastify';
import { ENGINE_VERSION, KESTREL_VERSION } from '../../../cli/version.js';
import type { UiContext } from '../context.js';
import { fetchRouterStatus } from '../routerStatus.js';

export function infoRoutes(app: FastifyInstance, ctx: UiContext): void {
  app.get('/api/v1/router', async () => fetchRouterStatus(ctx.routerUrl, 3000));

  app.get('/api/v1/versions', async () => {
    const size = await ctx.store.size();
    return {
      kestrel: KESTREL_VERSION,
      engine: ENGINE_VERSION,
      node: process.versions.node,
      api: 'v1',
      store: { kind: ctx.store.kind, version: await ctx.store.version(), alerts: size.rows, bytes: size.bytes },
    };
  });
}
