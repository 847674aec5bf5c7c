// Puts the router together: the queue, one delivery worker per enabled destination, the
// metrics and the intake; close() stops them in the order that loses nothing.

import os from 'node:os';
import path from 'node:path';
import type { RouterConfig } from './config/routerConfig.js';
import { DeadLetters } from './delivery/deadLetters.js';
import { DeliveryWorker } from './delivery/worker.js';
import type { Destination } from './destinations/destination.js';
import { buildIntake } from './intake/server.js';
import { RouterMetrics } from './metrics.js';
import type { AlertQueue } from './queue/alertQueue.js';
import { DurableQueue } from './queue/durableQueue.js';
import { MemoryQueue } from './queue/memoryQueue.js';
import { type RunningUi, startUi } from '../ui/server/start.js';

export interface RunningRouter {
  /** `http://127.0.0.1:2801` (or https). */
  readonly url: string;
  readonly port: number;
  /** The web UI this process serves (uiserver.enabled). */
  readonly ui?: RunningUi;
  close(): Promise<void>;
}

/** "" listens on every address: IPv6 and IPv4 where the host has IPv6, IPv4 only otherwise. */
async function listen(app: ReturnType<typeof buildIntake>, config: RouterConfig): Promise<void> {
  if (config.listenAddress !== '') {
    await app.listen({ host: config.listenAddress, port: config.listenPort });
    return;
  }
  try {
    await app.listen({ host: '::', port: config.listenPort });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT' && (e as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL')
      throw e;
    await app.listen({ host: '0.0.0.0', port: config.listenPort });
  }
}

export async function startRouter(config: RouterConfig, log: (line: string) => void): Promise<RunningRouter> {
  const names = config.destinations.map((d) => d.name);
  const queue: AlertQueue =
    config.queue.mode === 'durable'
      ? await DurableQueue.open({
          dir: config.queue.dir,
          segmentSize: config.queue.segmentSize,
          destinations: names,
          log,
        })
      : new MemoryQueue(names);
  const destinations: Destination[] = [];
  const workers: DeliveryWorker[] = [];
  const metrics = new RouterMetrics({
    backlog: () => {
      const now = Date.now();
      return workers.map((w) => ({ destination: w.destinationName, ...w.backlog(now) }));
    },
  });
  const context = { hostname: os.hostname(), tls: config.clientTls };
  for (const d of config.destinations) {
    const destination = d.type.create(d.options, context);
    destinations.push(destination);
    workers.push(
      new DeliveryWorker({
        destination,
        policy: d.policy,
        queue,
        metrics,
        deadLetters: new DeadLetters(path.join(config.queue.dir, 'deadletter'), d.name),
        log,
        debug: config.debug,
      }),
    );
  }
  const app = buildIntake({ config, queue, metrics, log });
  try {
    await listen(app, config);
  } catch (e) {
    await queue.close();
    for (const dest of destinations) await dest.close?.();
    throw e;
  }
  for (const w of workers) w.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.listenPort;
  const host = config.listenAddress === '' ? '127.0.0.1' : config.listenAddress;
  const url = `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const closeRouter = async () => {
    // intake first (no new alerts), then workers (their batch in flight stays queued)
    await app.close();
    await Promise.all(workers.map((w) => w.stop()));
    for (const dest of destinations) await dest.close?.();
    await queue.close();
  };
  let ui: RunningUi | undefined;
  if (config.uiServer) {
    try {
      ui = await startUi({ ...config.uiServer, routerUrl: url }, log);
    } catch (e) {
      await closeRouter();
      throw new Error(`uiserver: ${(e as Error).message}`);
    }
  }
  return {
    url,
    port,
    ...(ui ? { ui } : {}),
    async close() {
      await ui?.close();
      await closeRouter();
    },
  };
}
