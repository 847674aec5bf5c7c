// SMTP: one mail per alert through nodemailer, HTML and plain text (or plain text only), to
// Falcosidekick's `smtp.*` options. `tls: true` (the default) requires STARTTLS, as Falcosidekick
// does. Authentication is Falcosidekick's SASL mechanisms — plain (with its optional identity),
// oauthbearer (RFC 7628, the initial response go-sasl sends), external (identity) and anonymous
// (trace) — plus login, or none. nodemailer itself has PLAIN without an authorization identity,
// LOGIN, CRAM-MD5 and XOAUTH2 (Google's, not OAUTHBEARER); the others are nodemailer customAuth
// handlers here, each sending its one initial response.
// A 5xx answer (bad recipient, failed authentication) is not retried; 4xx and network errors are.

import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
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
const AUTH_MECHANISMS = ['plain', 'login', 'oauthbearer', 'external', 'anonymous', 'none'];
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
  const only = (key: string, mechanisms: string[]) =>
    stringOption(options, key) !== '' &&
    AUTH_MECHANISMS.includes(mechanism) &&
    mechanism !== 'none' &&
    !mechanisms.includes(mechanism)
      ? `${TYPE}.${key}: is only used with ${TYPE}.authmechanism ${mechanisms.join(' or ')}, not ${mechanism}`
      : undefined;
  return problems(
    typeof parsed === 'string' ? `${TYPE}.hostport: ${parsed}` : undefined,
    from === '' ? `${TYPE}.from: is required` : addressProblem('from', from),
    to.length === 0 ? `${TYPE}.to: is required (a comma-separated list of addresses)` : undefined,
    ...to.map((a) => addressProblem('to', a)),
    options.authmechanism === undefined ? undefined : oneOfProblem(TYPE, options, 'authmechanism', AUTH_MECHANISMS),
    (mechanism === 'plain' || mechanism === 'login') && user === '' && stringOption(options, 'password') !== ''
      ? `${TYPE}.password: is set but ${TYPE}.user is not`
      : undefined,
    mechanism === 'oauthbearer' && stringOption(options, 'token') === ''
      ? `${TYPE}.token: is required with ${TYPE}.authmechanism oauthbearer`
      : undefined,
    only('password', ['plain', 'login']),
    only('token', ['oauthbearer']),
    only('identity', ['plain', 'external']),
    only('trace', ['anonymous']),
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

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** RFC 7628's client initial response, as go-sasl (Falcosidekick's client) writes it. */
export function oauthBearerResponse(user: string, token: string, host: string, port: number): string {
  // with no user go-sasl writes `n,a=,`; an empty authzid is left out, as the RFC's gs2 header has it
  const gs2 = user === '' ? 'n,,' : `n,a=${user},`;
  return `${gs2}\x01host=${host}\x01port=${port}\x01auth=Bearer ${token}\x01\x01`;
}

/** A nodemailer custom mechanism sending one initial response; `=` is the empty one (RFC 4954). */
function initialResponseAuth(
  method: string,
  response: string,
  oauth: boolean,
): SMTPConnection.CustomAuthenticationHandlers {
  return {
    [method]: async (ctx: SMTPConnection.CustomAuthenticationContext) => {
      const answer = await ctx.sendCommand(`AUTH ${method} ${response === '' ? '=' : base64(response)}`);
      if (answer.status === 235) return true;
      if (oauth && answer.status === 334) {
        // RFC 7628: the server's JSON error is acknowledged with a lone 0x01, then it answers 535
        const final = await ctx.sendCommand(base64('\x01'));
        throw new Error(`${final.response} (${Buffer.from(answer.text, 'base64').toString('utf8')})`);
      }
      throw new Error(answer.response);
    },
  };
}

/** The transport's auth options for the mechanism, or undefined for none. */
function saslAuth(
  mechanism: string,
  options: OptionValues,
  host: string,
  port: number,
): Pick<SMTPTransport.Options, 'auth' | 'authMethod' | 'customAuth'> | undefined {
  const user = stringOption(options, 'user');
  const identity = stringOption(options, 'identity');
  const password = stringOption(options, 'password');
  switch (mechanism) {
    case 'plain':
    case 'login':
      if (user === '') return undefined;
      if (mechanism === 'plain' && identity !== '')
        // nodemailer's PLAIN leaves the authorization identity out
        return {
          auth: { type: 'custom', method: 'PLAIN', user, pass: '' },
          customAuth: initialResponseAuth('PLAIN', `${identity}\0${user}\0${password}`, false),
        };
      return { auth: { user, pass: password }, authMethod: mechanism.toUpperCase() };
    case 'oauthbearer': {
      const response = oauthBearerResponse(user, stringOption(options, 'token'), host, port);
      return {
        auth: { type: 'custom', method: 'OAUTHBEARER', user, pass: '' },
        customAuth: initialResponseAuth('OAUTHBEARER', response, true),
      };
    }
    case 'external':
      return {
        auth: { type: 'custom', method: 'EXTERNAL', user: identity, pass: '' },
        customAuth: initialResponseAuth('EXTERNAL', identity, false),
      };
    case 'anonymous':
      return {
        auth: { type: 'custom', method: 'ANONYMOUS', user: '', pass: '' },
        customAuth: initialResponseAuth('ANONYMOUS', stringOption(options, 'trace'), false),
      };
    default:
      return undefined;
  }
}

function create(options: OptionValues): Destination {
  const problemList = validate(options);
  if (problemList.length > 0) throw new Error(problemList.join('; '));
  const { host, port } = hostPort(stringOption(options, 'hostport')) as { host: string; port: number };
  const tls = options.tls === undefined ? true : options.tls === true;
  const checkCert = options.checkcert === undefined ? true : options.checkcert === true;
  const mechanism = (stringOption(options, 'authmechanism') || 'plain').toLowerCase();
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
  const auth = saslAuth(mechanism, options, host, port);
  if (auth) Object.assign(transportOptions, auth);
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
    authmechanism: {
      kind: 'string',
      default: 'plain',
      doc: 'SASL mechanism: plain, login, oauthbearer, external, anonymous or none',
    },
    user: {
      kind: 'string',
      default: '',
      doc: 'user for plain and login (no authentication when empty); the authzid of oauthbearer',
    },
    password: { kind: 'string', default: '', secret: true, doc: 'password of user (plain, login)' },
    token: { kind: 'string', default: '', secret: true, doc: 'OAuth 2.0 bearer token (oauthbearer)' },
    identity: { kind: 'string', default: '', doc: 'authorization identity (plain, external)' },
    trace: { kind: 'string', default: '', doc: 'trace string (anonymous)' },
    from: { kind: 'string', default: '', doc: 'sender address (required)' },
    to: { kind: 'list', default: [], doc: 'recipient addresses, comma-separated (required)' },
    outputformat: { kind: 'string', default: 'html', doc: 'html (HTML and plain text) or text (plain text only)' },
  },
  validate,
  create,
};
