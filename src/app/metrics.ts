// Prometheus metrics of a running Kestrel (`/metrics` of the webserver), in the spirit of Falco's
// metrics: events per source, kernel drops per CPU, alerts by rule and priority, time spent
// evaluating rules, and the process's memory and CPU (prom-client's default collectors).
// Counters are read from the pipeline and the sensor when scraped, so the hot path pays nothing.

import os from 'node:os';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { falcoMetricsText } from './falcoMetrics.js';
import { PRIORITY_NAMES } from '../engine/priority.js';
import type { Pipeline } from './pipeline.js';

export interface CaptureCounters {
  /** Events the kernel sensor saw and dropped, per CPU. */
  eventsPerCpu: number[];
  dropsPerCpu: number[];
  /** Drops by the kind of event lost, like Falco's n_drops_buffer_* (live sensor only). */
  dropsByCategory?: Readonly<Record<string, number>>;
  /** Syscalls seen and ignored because they have no x86_64 event (live sensor only). */
  ignored?: { ia32Unmapped: number; socketcallUnconverted: number };
}

export class KestrelMetrics {
  readonly registry = new Registry();
  private readonly evalSeconds: Histogram<'source'>;
  private readonly startNs = BigInt(Date.now()) * 1_000_000n;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly capture: () => CaptureCounters | undefined = () => undefined,
  ) {
    const r = this.registry;
    collectDefaultMetrics({ register: r, prefix: 'kestrel_' });
    new Gauge({
      name: 'kestrel_events_total',
      help: 'Events processed by the rules, per source.',
      labelNames: ['source'],
      registers: [r],
      collect() {
        this.reset();
        for (const [source, n] of pipeline.eventCounts) this.set({ source }, n);
      },
    });
    new Gauge({
      name: 'kestrel_alerts_total',
      help: 'Alerts raised, per rule.',
      labelNames: ['rule'],
      registers: [r],
      collect() {
        this.reset();
        for (const { rule, count } of pipeline.engine.stats.byRule) if (count > 0) this.inc({ rule }, count);
      },
    });
    new Gauge({
      name: 'kestrel_alerts_by_priority_total',
      help: 'Alerts raised, per priority.',
      labelNames: ['priority'],
      registers: [r],
      collect() {
        this.reset();
        pipeline.engine.stats.byPriority.forEach((n, i) => {
          if (n > 0) this.set({ priority: PRIORITY_NAMES[i] }, n);
        });
      },
    });
    new Gauge({
      name: 'kestrel_rules_enabled',
      help: 'Rules enabled.',
      registers: [r],
      collect() {
        this.set(pipeline.engine.enabledRuleCount());
      },
    });
    new Gauge({
      name: 'kestrel_outputs_dropped_total',
      help: 'Alerts dropped because the outputs queue was full.',
      registers: [r],
      collect() {
        this.set(pipeline.outputs.dropped);
      },
    });
    new Gauge({
      name: 'kestrel_kernel_events_total',
      help: 'Events the kernel sensor produced, per CPU.',
      labelNames: ['cpu'],
      registers: [r],
      collect() {
        this.reset();
        capture()?.eventsPerCpu.forEach((n, cpu) => this.set({ cpu: String(cpu) }, n));
      },
    });
    new Gauge({
      name: 'kestrel_kernel_drops_total',
      help: 'Events the kernel sensor dropped (ring buffer full), per CPU.',
      labelNames: ['cpu'],
      registers: [r],
      collect() {
        this.reset();
        capture()?.dropsPerCpu.forEach((n, cpu) => this.set({ cpu: String(cpu) }, n));
      },
    });
    new Gauge({
      name: 'kestrel_kernel_drops_by_category_total',
      help: 'Events the kernel sensor dropped, by the kind of event lost.',
      labelNames: ['category'],
      registers: [r],
      collect() {
        this.reset();
        for (const [category, n] of Object.entries(capture()?.dropsByCategory ?? {})) this.set({ category }, n);
      },
    });
    new Gauge({
      name: 'kestrel_kernel_ignored_syscalls_total',
      help: '32-bit syscalls the sensor saw and ignored: no x86_64 equivalent (ia32_unmapped), or a socketcall it could not convert (socketcall_unconverted).',
      labelNames: ['reason'],
      registers: [r],
      collect() {
        this.reset();
        const ignored = capture()?.ignored;
        if (!ignored) return;
        this.set({ reason: 'ia32_unmapped' }, ignored.ia32Unmapped);
        this.set({ reason: 'socketcall_unconverted' }, ignored.socketcallUnconverted);
      },
    });
    this.evalSeconds = new Histogram({
      name: 'kestrel_rule_evaluation_seconds',
      help: 'Time spent running a batch of events through state and rules, per source.',
      labelNames: ['source'],
      buckets: [0.00001, 0.0001, 0.001, 0.01, 0.1, 1],
      registers: [r],
    });
  }

  /** Records the time one batch of events took through the rules. */
  observeBatch(source: string, seconds: number): void {
    this.evalSeconds.observe({ source }, seconds);
  }

  /** Kestrel's series, then Falco's (falcoMetrics.ts). */
  async text(): Promise<string> {
    const own = await this.registry.metrics();
    const capture = this.capture();
    const falco = falcoMetricsText({
      startNs: this.startNs,
      nowMs: Date.now(),
      hostname: os.hostname(),
      cpus: os.availableParallelism(),
      eventCounts: this.pipeline.eventCounts,
      outputsDropped: this.pipeline.outputs.dropped,
      matches: this.pipeline.engine.ruleMatches(),
      ...(capture ? { capture } : {}),
    });
    return `${own}${own.endsWith('\n') ? '' : '\n'}${falco}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
