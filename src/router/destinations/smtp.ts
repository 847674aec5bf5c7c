// SMTP: one mail per alert through nodemailer, HTML and plain text (or plain text only), to
// Falcosidekick's `smtp.*` options. `tls: true` (the default) requires STARTTLS, as Falcosidekick
// does; authentication is SASL PLAIN or LOGIN (whichever the server offers) or none.
// A 5xx answer (bad recipient, failed authentication) is not retried; 4xx and network errors are.

import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import {
  DeliveryError,
  type Delivery,
  type Destination,
  type DestinationType,
  type OptionValues,
} from './destination.js';
import { listOption, oneOfProblem, problems, stringOption } from './optionValues.js';
import { mailHtml, mailSubject, mailText } from './smtpBody.js';

const TYPE = 'smtp';
const TIMEOUT_MS = 10_000;
const AUTH_MECHANISMS = ['plain', 'login', 'none'];
/** Falcosidekick's other mechanisms, which nodemailer has no client for. */
const UNSUPPORTED_MECHANISMS = ['oauthbearer', 'external', 'anonymous'];
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

function hostPort(text: string): { host: string; port: number } | string {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65_535) return `${JSON.stringify(text)} is not host:port`;
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

function addressProblem(key: string, address: string): string | undefined {
  return ADDRESS.test(address) ? undefined : `${TYPE}.${key}: ${JSON.stringify(address)} is not an email address`;
}

function validate(options: OptionValues): string[] {
  const hostport = stringOption(options, 'hostport');
  const parsed = hostport === '' ? 'is required' : hostPort(hostport);
  const from = stringOption(options, 'from');
  const to = listOption(options, 'to');
  const mechanism = (stringOption(options, 'authmechanism') || 'plain').toLowerCase();
  const user = stringOption(options, 'user');
  return problems(
    typeof parsed === 'string' ? `${TYPE}.hostport: ${parsed}` : undefined,
    from === '' ? `${TYPE}.from: is required` : addressProblem('from', from),
    to.length === 0 ? `${TYPE}.to: is required (a comma-separated list of addresses)` : undefined,
    ...to.map((a) => addressProblem('to', a)),
    UNSUPPORTED_MECHANISMS.includes(mechanism)
      ? `${TYPE}.authmechanism: ${JSON.stringify(mechanism)} is not supported by Kestrel (use plain, login or none)`
      : options.authmechanism === undefined
        ? undefined
        : oneOfProblem(TYPE, options, 'authmechanism', AUTH_MECHANISMS),
    mechanism !== 'none' && user === '' && stringOption(options, 'password') !== ''
      ? `${TYPE}.password: is set but ${TYPE}.user is not`
      : undefined,
    options.outputformat === undefined ? undefined : oneOfProblem(TYPE, options, 'outputformat', ['html', 'text']),
  );
}

/** nodemailer's error → DeliveryError: SMTP 5xx answers are permanent, the rest is retried. */
function deliveryError(err: unknown, where: string): DeliveryError {
  const e = err as { message?: string; responseCode?: number; code?: string };
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const permanent = status !== undefined && status >= 500 && status <= 599;
  const text = (e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 300);
  return new DeliveryError(`${TYPE}: ${where}: ${e.code ? `${e.code}: ` : ''}${text}`, !permanent, status);
}

function create(options: OptionValues): Destination {
  const problemList = validate(options);
  if (problemList.length > 0) throw new Error(problemList.join('; '));
  const { host, port } = hostPort(stringOption(options, 'hostport')) as { host: string; port: number };
  const tls = options.tls === undefined ? true : options.tls === true;
  const checkCert = options.checkcert === undefined ? true : options.checkcert === true;
  const mechanism = (stringOption(options, 'authmechanism') || 'plain').toLowerCase();
  const user = stringOption(options, 'user');
  const transportOptions: SMTPTransport.Options = {
    host,
    port,
    secure: false,
    requireTLS: tls,
    ignoreTLS: !tls,
    // SNI carries host names only (RFC 6066).
    tls: { rejectUnauthorized: checkCert, ...(isIP(host) ? {} : { servername: host }) },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  };
  if (mechanism !== 'none' && user !== '') {
    transportOptions.auth = { user, pass: stringOption(options, 'password') };
    transportOptions.authMethod = mechanism.toUpperCase();
  }
  const transport = nodemailer.createTransport(transportOptions);
  const from = stringOption(options, 'from');
  const to = listOption(options, 'to');
  const html = (stringOption(options, 'outputformat') || 'html').toLowerCase() === 'html';
  const where = `${host}:${port}`;

  return {
    name: TYPE,
    maxBatch: 1,
    async send(batch: readonly Delivery[], signal: AbortSignal): Promise<void> {
      for (const { alert, count } of batch) {
        if (signal.aborted) throw new DeliveryError(`${TYPE}: aborted`, true);
        const mail = {
          from,
          to,
          subject: mailSubject(alert),
          date: Number.isNaN(Date.parse(alert.time)) ? new Date() : new Date(Date.parse(alert.time)),
          text: mailText(alert, count),
          ...(html ? { html: mailHtml(alert, count) } : {}),
        };
        try {
          await transport.sendMail(mail);
        } catch (err) {
          throw deliveryError(err, `sending to ${where}`);
        }
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}

export const smtpDestination: DestinationType = {
  type: TYPE,
  options: {
    hostport: { kind: 'string', enables: true, doc: 'host:port of the SMTP server; enables the destination' },
    tls: { kind: 'bool', default: true, doc: 'require STARTTLS (true) or send in clear without it (false)' },
    checkcert: { kind: 'bool', default: true, doc: "verify the server's TLS certificate" },
    authmechanism: { kind: 'string', default: 'plain', doc: 'SASL mechanism: plain, login or none' },
    user: { kind: 'string', default: '', doc: 'user name for authentication (none when empty)' },
    password: { kind: 'string', default: '', secret: true, doc: 'password of user' },
    from: { kind: 'string', default: '', doc: 'sender address (required)' },
    to: { kind: 'list', default: [], doc: 'recipient addresses, comma-separated (required)' },
    outputformat: { kind: 'string', default: 'html', doc: 'html (HTML and plain text) or text (plain text only)' },
  },
  validate,
  create,
};
