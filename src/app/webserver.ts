// Falco's embedded webserver: a health endpoint for Kubernetes probes and the versions.
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebserverConfig } from '../config/types.js';

export interface WebserverInfo {
  kestrelVersion: string;
  engineVersion: string;
  /** Serves Prometheus metrics at /metrics when given. */
  metrics?: { text(): Promise<string>; readonly contentType: string };
}

export interface Webserver {
  readonly url: string;
  close(): Promise<void>;
}

export async function startWebserver(config: WebserverConfig, info: WebserverInfo): Promise<Webserver> {
  const app: FastifyInstance = Fastify({ logger: false });
  app.get(config.k8sHealthzEndpoint, async () => ({ status: 'ok' }));
  app.get('/versions', async () => ({
    kestrel_version: info.kestrelVersion,
    engine_version: info.engineVersion,
  }));
  const metrics = info.metrics;
  if (metrics) {
    app.get('/metrics', async (_req, reply) => {
      reply.header('content-type', metrics.contentType);
      return metrics.text();
    });
  }
  const url = await app.listen({ host: config.listenAddress, port: config.listenPort });
  return { url, close: () => app.close() };
}
