// The router's Prometheus metrics, in a registry of its own (served at /metrics).

import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface QueueView {
  /** Per destination: records waiting, and the age in seconds of the oldest one. */
  backlog(): Array<{ destination: string; depth: number; oldestAgeSeconds: number }>;
}

export class RouterMetrics {
  readonly registry = new Registry();
  readonly alertsIn = new Counter({
    name: 'kestrel_router_alerts_in_total',
    help: 'Alerts received by the intake, by status (accepted, rejected).',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly alertsOut = new Counter({
    name: 'kestrel_router_alerts_out_total',
    help: 'Alerts handled per destination, by status (delivered, filtered, deduplicated, deadlettered).',
    labelNames: ['destination', 'status'] as const,
    registers: [this.registry],
  });
  readonly sendFailures = new Counter({
    name: 'kestrel_router_send_failures_total',
    help: 'Failed sends per destination (each one retried or dead-lettered).',
    labelNames: ['destination'] as const,
    registers: [this.registry],
  });
  readonly retries = new Counter({
    name: 'kestrel_router_retries_total',
    help: 'Retried sends per destination.',
    labelNames: ['destination'] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'kestrel_router_dead_letters_total',
    help: 'Alerts written to the dead-letter file per destination.',
    labelNames: ['destination'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'kestrel_router_delivery_latency_seconds',
    help: 'Time from intake to successful delivery, per destination.',
    labelNames: ['destination'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  constructor(view: QueueView) {
    new Gauge({
      name: 'kestrel_router_queue_depth',
      help: 'Alerts in the queue not yet handled, per destination.',
      labelNames: ['destination'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const b of view.backlog()) this.set({ destination: b.destination }, b.depth);
      },
    });
    new Gauge({
      name: 'kestrel_router_queue_oldest_age_seconds',
      help: 'Age of the oldest alert not yet handled, per destination (0 when none waits).',
      labelNames: ['destination'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const b of view.backlog()) this.set({ destination: b.destination }, b.oldestAgeSeconds);
      },
    });
  }
}
