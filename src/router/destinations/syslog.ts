// Syslog: RFC 5424 messages over TCP (RFC 6587 octet-counting framing, one connection kept open
// and reopened after it drops) or UDP (one datagram per alert), the body Falco's JSON or
// Falcosidekick's CEF line. TCP has no acknowledgement: a send resolves once the kernel took it.

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import {
  DeliveryError,
  type Delivery,
  type Destination,
  type DestinationContext,
  type DestinationType,
  type OptionValues,
} from './destination.js';
import { intOption, oneOfProblem, problems, stringOption } from './optionValues.js';
import { FACILITIES, syslogMessage, type SyslogFormat } from './syslogMessage.js';

const TYPE = 'syslog';
const TIMEOUT_MS = 10_000;
/** The largest UDP payload over IPv4. */
const MAX_DATAGRAM = 65_507;

function validate(options: OptionValues): string[] {
  const port = options.port;
  return problems(
    stringOption(options, 'host') === '' ? `${TYPE}.host: is required` : undefined,
    /\s/.test(stringOption(options, 'host'))
      ? `${TYPE}.host: ${JSON.stringify(stringOption(options, 'host'))} contains whitespace`
      : undefined,
    port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535)
      ? `${TYPE}.port: ${JSON.stringify(port)} is not a port (1-65535)`
      : undefined,
    options.protocol === undefined ? undefined : oneOfProblem(TYPE, options, 'protocol', ['tcp', 'udp']),
    options.format === undefined ? undefined : oneOfProblem(TYPE, options, 'format', ['json', 'cef']),
    options.facility === undefined ? undefined : oneOfProblem(TYPE, options, 'facility', FACILITIES),
  );
}

function failure(what: string, err: unknown, retryable = true): DeliveryError {
  return new DeliveryError(`${TYPE}: ${what}: ${err instanceof Error ? err.message : String(err)}`, retryable);
}

/** Runs `work(done)` until it calls done, the signal aborts, or TIMEOUT_MS passes. */
function bounded(signal: AbortSignal, what: string, work: (done: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const both = AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]);
    const onAbort = () => reject(failure(what, new Error(`not done within ${TIMEOUT_MS} ms, or aborted`)));
    if (both.aborted) return onAbort();
    both.addEventListener('abort', onAbort, { once: true });
    work((err) => {
      both.removeEventListener('abort', onAbort);
      if (err) reject(failure(what, err));
      else resolve();
    });
  });
}

interface Transport {
  send(message: string, signal: AbortSignal): Promise<void>;
  close(): void;
}

function tcpTransport(host: string, port: number): Transport {
  let socket: Socket | undefined;
  const where = `tcp ${host}:${port}`;
  function open(signal: AbortSignal): Promise<Socket> {
    if (socket && !socket.destroyed && socket.writable) return Promise.resolve(socket);
    socket?.destroy();
    socket = undefined;
    const s = connect({ host, port });
    s.setNoDelay(true);
    return bounded(signal, `cannot connect to ${where}`, (done) => {
      s.once('connect', () => {
        s.removeAllListeners('error');
        // A receiver never writes to us; reading keeps 'end' and 'close' observable.
        s.on('data', () => undefined);
        s.on('error', () => s.destroy());
        s.on('close', () => (socket === s ? (socket = undefined) : undefined));
        s.on('end', () => s.destroy());
        done();
      });
      s.once('error', (err) => {
        s.destroy();
        done(err);
      });
    }).then(() => {
      socket = s;
      return s;
    });
  }
  return {
    async send(message, signal) {
      const s = await open(signal);
      const frame = Buffer.from(message, 'utf8');
      await bounded(signal, `write to ${where}`, (done) => {
        s.write(`${frame.length} `);
        s.write(frame, (err) => done(err));
      }).catch((err: unknown) => {
        s.destroy();
        throw err;
      });
    },
    close() {
      socket?.end();
      socket = undefined;
    },
  };
}

function udpTransport(host: string, port: number): Transport {
  let socket: UdpSocket | undefined;
  const where = `udp ${host}:${port}`;
  return {
    async send(message, signal) {
      const datagram = Buffer.from(message, 'utf8');
      if (datagram.length > MAX_DATAGRAM)
        throw new DeliveryError(
          `${TYPE}: a message of ${datagram.length} bytes does not fit in one UDP datagram (at most ${MAX_DATAGRAM}); use syslog.protocol tcp`,
          false,
        );
      if (!socket) {
        socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
        socket.on('error', () => undefined);
      }
      const s = socket;
      await bounded(signal, `send to ${where}`, (done) => s.send(datagram, port, host, (err) => done(err)));
    },
    close() {
      socket?.close();
      socket = undefined;
    },
  };
}

function create(options: OptionValues, context: DestinationContext): Destination {
  const problemList = validate(options);
  if (problemList.length > 0) throw new Error(problemList.join('; '));
  const host = stringOption(options, 'host');
  const port = intOption(options, 'port', 514);
  const protocol = (stringOption(options, 'protocol') || 'tcp').toLowerCase();
  const format = (stringOption(options, 'format') || 'json').toLowerCase() as SyslogFormat;
  const facility = FACILITIES.indexOf((stringOption(options, 'facility') || 'kern').toLowerCase());
  const transport = protocol === 'udp' ? udpTransport(host, port) : tcpTransport(host, port);
  return {
    name: TYPE,
    maxBatch: 1,
    async send(batch: readonly Delivery[], signal: AbortSignal): Promise<void> {
      for (const d of batch) await transport.send(syslogMessage(d, facility, format, context.hostname), signal);
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}

export const syslogDestination: DestinationType = {
  type: TYPE,
  options: {
    host: { kind: 'string', enables: true, doc: 'syslog server host; enables the destination' },
    port: { kind: 'int', default: 514, doc: 'syslog server port' },
    protocol: { kind: 'string', default: 'tcp', doc: 'tcp (octet-counting framing) or udp' },
    format: { kind: 'string', default: 'json', doc: "message body: json (Falco's alert) or cef" },
    facility: {
      kind: 'string',
      default: 'kern',
      doc: "syslog facility (kern, user, daemon, local0...local7...); kern is Falcosidekick's PRI",
    },
  },
  validate,
  create,
};
