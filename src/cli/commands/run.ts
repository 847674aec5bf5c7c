// `kestrel run`: the long-running job. Today it takes Kubernetes audit events from the webhook
// and from audit log files (read once, or followed as they grow) and raises alerts until it is
// stopped with SIGINT or SIGTERM. SIGUSR1 reopens the outputs (after log rotation), as in Falco.
import { SYSCALL_SOURCE_NAME } from '../../app/captureReplay.js';
import { type LiveDetection, startLiveDetection } from '../../app/liveDetection.js';
import { Logger } from '../../app/logger.js';
import { KestrelMetrics } from '../../app/metrics.js';
import { LiveCaptureUnavailableError, openLiveCapture } from './liveCapture.js';
import { startWebserver, type Webserver } from '../../app/webserver.js';
import { ENGINE_VERSION, versionString } from '../../rules/index.js';
import {
  AuditFileFollower,
  type AuditWebhook,
  createAuditWebhook,
  type AuditFileFollower as Follower,
  K8S_AUDIT_SOURCE_NAME,
  readAuditFile,
} from '../../sources/k8saudit/index.js';
import { CliError, EXIT_ERROR, EXIT_OK } from '../exitCodes.js';
import type { PipelineOptions } from '../pipelineOptions.js';
import { pipelineFrom } from '../settings.js';
import { KESTREL_VERSION } from '../version.js';
import { expandInputPatterns } from './inputs.js';

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()}: ${line}\n`);
};

function waitForStop(onReopen: () => void): Promise<string> {
  return new Promise((resolveStop) => {
    const stop = (signal: string) => {
      process.off('SIGUSR1', onReopen);
      resolveStop(signal);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGUSR1', onReopen);
  });
}

export async function runCommand(opts: PipelineOptions): Promise<number> {
  const pipeline = pipelineFrom(opts);
  const { config } = pipeline;
  const audit = config.k8sAudit;
  const auditEnabled =
    pipeline.enabledSources.has(K8S_AUDIT_SOURCE_NAME) && (audit.webhook.enabled || audit.files.length > 0);
  // Live capture runs when the syscall source is on and some enabled rule is a syscall rule.
  const liveWanted =
    pipeline.enabledSources.has(SYSCALL_SOURCE_NAME) && pipeline.engine.enabledRuleCount(SYSCALL_SOURCE_NAME) > 0;
  if (!auditEnabled && !liveWanted) {
    throw new CliError(
      'nothing to run: load syscall rules for live capture, enable the audit webhook (k8s_audit.webhook.enabled) or give audit files (k8s_audit.files)',
    );
  }
  log(`Kestrel ${KESTREL_VERSION}: ${pipeline.engine.enabledRuleCount()} rules enabled`);
  const metrics = new KestrelMetrics(pipeline, () => live?.capture.counters());
  const logger = new Logger({ level: config.logLevel, stderr: true, iso8601: config.timeFormatIso8601 });
  let live: LiveDetection | undefined;
  if (liveWanted) {
    try {
      live = await startLiveDetection(pipeline, openLiveCapture, logger, (s) => metrics.observeBatch('syscall', s));
    } catch (err) {
      await pipeline.close();
      if (err instanceof LiveCaptureUnavailableError) {
        throw new CliError(
          `live capture is unavailable: ${err.message}\n(run without syscall capture with --disable-source syscall)`,
        );
      }
      throw err;
    }
    const what = live.syscalls === 'all' ? 'all syscalls' : `${live.syscalls.size} syscalls`;
    log(
      `capture started: modern eBPF sensor, ${what}, ${pipeline.engine.enabledRuleCount(SYSCALL_SOURCE_NAME)} syscall rules`,
    );
  }
  const onAuditEvent = (evt: unknown) => pipeline.process(K8S_AUDIT_SOURCE_NAME, evt);
  const onInputError = (err: Error) => log(`Error: ${err.message}`);

  let webserver: Webserver | undefined;
  let webhook: AuditWebhook | undefined;
  let follower: Follower | undefined;
  try {
    if (config.webserver.enabled) {
      webserver = await startWebserver(config.webserver, {
        kestrelVersion: KESTREL_VERSION,
        engineVersion: versionString(ENGINE_VERSION),
        metrics,
      });
      log(`webserver listening on ${webserver.url}${config.webserver.k8sHealthzEndpoint}`);
    }
    if (auditEnabled && audit.webhook.enabled) {
      webhook = await createAuditWebhook({
        host: audit.webhook.listenAddress,
        port: audit.webhook.listenPort,
        path: audit.webhook.path,
        onEvent: onAuditEvent,
        onError: onInputError,
      });
      log(`audit webhook listening on ${webhook.url}`);
    }
    if (auditEnabled && audit.files.length > 0 && audit.follow) {
      follower = new AuditFileFollower({
        paths: audit.files,
        startAt: 'end',
        onEvent: onAuditEvent,
        onError: onInputError,
      });
      await follower.start();
      log(`following audit files ${audit.files.join(', ')}`);
    } else if (auditEnabled) {
      for (const file of expandInputPatterns(audit.files)) {
        const summary = await readAuditFile(file, onAuditEvent, onInputError);
        log(`read ${summary.events} audit events from ${file}`);
      }
    }
  } catch (err) {
    await Promise.allSettled([webserver?.close(), webhook?.close(), follower?.stop(), live?.capture.close()]);
    await pipeline.close();
    const e = err as NodeJS.ErrnoException;
    throw new CliError(e.code === 'EADDRINUSE' ? `cannot listen: ${e.message}` : e.message);
  }

  const signal = await Promise.race([
    waitForStop(() => {
      pipeline.outputs.reopen().catch((e: unknown) => log(`Error: reopening outputs: ${String(e)}`));
    }),
    ...(live ? [live.stopped.then(() => 'drop-exit')] : []),
  ]);
  log(`${signal} received, stopping`);
  await Promise.allSettled([webhook?.close(), follower?.stop(), webserver?.close(), live?.capture.close()]);
  await pipeline.close();
  if (live) process.stderr.write(live.drops.statsText());
  process.stdout.write(pipeline.engine.formatStats());
  return signal === 'drop-exit' ? EXIT_ERROR : EXIT_OK;
}
