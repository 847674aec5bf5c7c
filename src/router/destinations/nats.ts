// NATS: each alert published as Falco's JSON to a subject from Falcosidekick's template
// (`falco.<priority>.<rule>`). One connection, opened on first use; a flush after each publish
// makes the server's PONG the delivery acknowledgement. A lost connection is dropped and the
// next send reconnects, so the router's retries (not the client's buffer) own the backoff.
// TLS as Falcosidekick has it: `checkcert` for a tls:// hostport, and `mutualtls`, which presents
// the global mutualtlsclient certificate (TLS required, the server always checked, against
// mutualtlsclient.cacertfile when set); tlsclient.cacertfile is trusted for tls:// too.

import { connect, type NatsConnection } from 'nats';
import { alertBody } from './alertBody.js';
import {
  DeliveryError,
  type Delivery,
  type Destination,
  type DestinationContext,
  type DestinationType,
  type OptionValues,
} from './destination.js';
import { DEFAULT_SUBJECT_TEMPLATE, natsSubject, subjectTemplateProblem } from './natsSubject.js';
import { problems, stringOption } from './optionValues.js';
import { checkCertOption, mutualTlsOption, tlsOptionsOf } from './tlsClient.js';

const TYPE = 'nats';
const TIMEOUT_MS = 10_000;

interface NatsServer {
  readonly servers: string;
  readonly user?: string;
  readonly pass?: string;
}

/** `nats://user:pass@host:4222` → the server URL without credentials, and the credentials. */
function parseHostport(text: string): NatsServer | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${JSON.stringify(text)} is not a URL (nats://host:port)`;
  }
  if (url.protocol !== 'nats:' && url.protocol !== 'tls:')
    return `${JSON.stringify(text)} must be a nats:// or tls:// URL`;
  if (url.hostname === '') return `${JSON.stringify(text)} has no host`;
  const port = url.port === '' ? '4222' : url.port;
  const server: NatsServer = {
    servers: `${url.protocol}//${url.host.includes(':') ? url.host : `${url.hostname}:${port}`}`,
  };
  if (url.username === '') return server;
  return { ...server, user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
}

function validate(options: OptionValues): string[] {
  const hostport = stringOption(options, 'hostport');
  const parsed = hostport === '' ? 'is required' : parseHostport(hostport);
  const templateProblem = subjectTemplateProblem(stringOption(options, 'subjecttemplate') || DEFAULT_SUBJECT_TEMPLATE);
  return problems(
    typeof parsed === 'string' ? `${TYPE}.hostport: ${parsed}` : undefined,
    templateProblem ? `${TYPE}.subjecttemplate: ${templateProblem}` : undefined,
  );
}

function failure(what: string, err: unknown): DeliveryError {
  return new DeliveryError(`${TYPE}: ${what}: ${err instanceof Error ? err.message : String(err)}`, true);
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new DeliveryError(`${TYPE}: no answer within ${TIMEOUT_MS} ms, or aborted`, true));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function create(options: OptionValues, context: DestinationContext): Destination {
  const problemList = validate(options);
  if (problemList.length > 0) throw new Error(problemList.join('; '));
  const server = parseHostport(stringOption(options, 'hostport')) as NatsServer;
  const template = stringOption(options, 'subjecttemplate') || DEFAULT_SUBJECT_TEMPLATE;
  // tls:// and mutualtls require TLS with these options; plain nats:// still upgrades (verifying
  // against the system CAs) when the server requires TLS.
  const secure = server.servers.startsWith('tls://') || options.mutualtls === true;
  // nats.js names no host for an IP address, so Node would check the certificate for
  // "localhost": the host to check is given explicitly.
  const host = new URL(server.servers).hostname.replace(/^\[|\]$/g, '');
  const tls = secure ? { tls: { ...tlsOptionsOf(TYPE, options, context), host } as object } : {};
  let connection: Promise<NatsConnection> | undefined;

  function connected(): Promise<NatsConnection> {
    if (!connection) {
      const opening = connect({ ...server, ...tls, name: 'kestrel-router', reconnect: false, timeout: TIMEOUT_MS });
      connection = opening;
      opening.then(
        (nc) => void nc.closed().then(() => (connection === opening ? (connection = undefined) : undefined)),
        () => (connection === opening ? (connection = undefined) : undefined),
      );
    }
    return connection;
  }

  return {
    name: TYPE,
    maxBatch: 1,
    async send(batch: readonly Delivery[], outer: AbortSignal): Promise<void> {
      const signal = AbortSignal.any([outer, AbortSignal.timeout(TIMEOUT_MS)]);
      let nc: NatsConnection;
      try {
        nc = await abortable(connected(), signal);
      } catch (err) {
        throw err instanceof DeliveryError ? err : failure(`cannot connect to ${server.servers}`, err);
      }
      try {
        for (const d of batch) nc.publish(natsSubject(template, d.alert), alertBody(d));
        await abortable(nc.flush(), signal);
      } catch (err) {
        // A connection that failed mid-publish is not reused.
        connection = undefined;
        void nc.close().catch(() => undefined);
        throw err instanceof DeliveryError ? err : failure(`publish to ${server.servers}`, err);
      }
    },
    async close(): Promise<void> {
      const open = connection;
      connection = undefined;
      if (open) await (await open.catch(() => undefined))?.drain().catch(() => undefined);
    },
  };
}

export const natsDestination: DestinationType = {
  type: TYPE,
  options: {
    hostport: {
      kind: 'string',
      enables: true,
      secret: true,
      doc: 'nats://{domain or ip}:{port} (credentials as nats://user:password@host:port); enables the destination',
    },
    checkcert: {
      ...checkCertOption,
      doc: 'verify the server’s TLS certificate (tls:// hostport; ignored with mutualtls)',
    },
    mutualtls: {
      ...mutualTlsOption,
      doc: 'present the mutualtlsclient certificate (TLS required; the server is always checked)',
    },
    subjecttemplate: {
      kind: 'string',
      default: DEFAULT_SUBJECT_TEMPLATE,
      doc: 'subject; <priority> and <rule> are replaced by the lower-case priority and the slugged rule',
    },
  },
  validate,
  create,
};
