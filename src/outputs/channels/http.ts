// http_output: POSTs each alert to a URL, one request per alert, as Falco's libcurl output does:
// the body is the alert line (JSON with json_output, which is what Falcosidekick expects, text
// otherwise) with Content-Type application/json or text/plain, and the configured User-Agent.
// Connections are reused between requests (libcurl reuses its handle's connection); keep_alive
// additionally turns on TCP keep-alive probes. TLS follows the options: insecure skips
// verification, ca_cert / ca_bundle / ca_path choose the trusted CAs (Node's bundled CAs when none
// is given or ca_path is the default directory), mtls presents client_cert and client_key.
// compress_uploads asks the server for a compressed transfer coding of its answers, which is
// what the option does in Falco (the request body itself is sent as is). A request that times out
// is retried up to max_consecutive_timeouts times. Failures and HTTP error statuses are reported.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Alert } from '../../engine/types.js';
import { type OutputChannel, OutputChannelError } from './channel.js';
import type { LineSink } from './stdout.js';

export interface HttpChannelOptions {
  /** `http_output.url` (surrounding quotes are dropped, as Falco does). */
  url: string;
  /** `http_output.user_agent` */
  userAgent: string;
  /** `json_output`: sets the Content-Type. */
  jsonOutput: boolean;
  insecure: boolean;
  caCert: string;
  caBundle: string;
  caPath: string;
  mtls: boolean;
  clientCert: string;
  clientKey: string;
  compressUploads: boolean;
  keepAlive: boolean;
  /** Echo the server's answers to stdout. */
  echo: boolean;
  /** How many times a timed-out request is retried. */
  maxConsecutiveTimeouts: number;
  /** Milliseconds a request may take before it counts as timed out. */
  timeoutMs: number;
  /** Where echoed answers go; process.stdout unless given. */
  echoSink?: LineSink;
}

/** The CA directory Falco uses by default; Node's bundled CA store stands in for it. */
export const DEFAULT_CA_PATH = '/etc/ssl/certs';

class RequestTimeout extends Error {}

function unquote(url: string): string {
  if (url.length >= 2 && ((url[0] === '"' && url.at(-1) === '"') || (url[0] === "'" && url.at(-1) === "'"))) {
    return url.slice(1, -1);
  }
  return url;
}

function readPem(channel: string, what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new OutputChannelError(channel, `cannot read ${what} ${path}: ${reason}`, { cause: e });
  }
}

/** Every certificate file (PEM) in a CA directory. */
function readCaDirectory(channel: string, dir: string): Buffer[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new OutputChannelError(channel, `cannot read ca_path ${dir}: ${reason}`, { cause: e });
  }
  const out: Buffer[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const content = readFileSync(path);
    if (content.includes('-----BEGIN CERTIFICATE-----')) out.push(content);
  }
  return out;
}

export class HttpChannel implements OutputChannel {
  readonly name = 'http';
  readonly #options: HttpChannelOptions;
  readonly #url: URL;
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;

  constructor(options: HttpChannelOptions) {
    this.#options = options;
    const text = unquote(options.url);
    try {
      this.#url = new URL(text);
    } catch {
      throw new OutputChannelError(this.name, `invalid http_output.url "${text}"`);
    }
    if (this.#url.protocol === 'https:') {
      const tls: https.AgentOptions = { keepAlive: true, rejectUnauthorized: !options.insecure };
      if (options.caCert !== '') tls.ca = readPem(this.name, 'ca_cert', options.caCert);
      else if (options.caBundle !== '') tls.ca = readPem(this.name, 'ca_bundle', options.caBundle);
      else if (options.caPath !== '' && options.caPath !== DEFAULT_CA_PATH) {
        tls.ca = readCaDirectory(this.name, options.caPath);
      }
      if (options.mtls) {
        tls.cert = readPem(this.name, 'client_cert', options.clientCert);
        tls.key = readPem(this.name, 'client_key', options.clientKey);
      }
      this.#agent = new https.Agent(tls);
      this.#request = https.request;
    } else if (this.#url.protocol === 'http:') {
      this.#agent = new http.Agent({ keepAlive: true });
      this.#request = http.request;
    } else {
      throw new OutputChannelError(this.name, `unsupported protocol in http_output.url "${text}"`);
    }
  }

  #post(body: string): Promise<void> {
    const o = this.#options;
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': o.jsonOutput ? 'application/json' : 'text/plain',
      'User-Agent': o.userAgent,
      'Content-Length': Buffer.byteLength(body, 'utf8'),
      Accept: '*/*',
    };
    if (o.compressUploads) headers.TE = 'gzip';
    return new Promise((resolve, reject) => {
      const req = this.#request(this.#url, { method: 'POST', agent: this.#agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (o.echo) chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (o.echo && chunks.length > 0) this.#echo(Buffer.concat(chunks), res.headers['transfer-encoding']);
          if (status >= 400) reject(new Error(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`));
          else resolve();
        });
      });
      req.setTimeout(o.timeoutMs, () => req.destroy(new RequestTimeout(`timed out after ${o.timeoutMs} ms`)));
      if (o.keepAlive) req.on('socket', (socket) => socket.setKeepAlive(true));
      req.on('error', reject);
      req.end(body, 'utf8');
    });
  }

  #echo(body: Buffer, transferEncoding: string | undefined): void {
    let out = body;
    if (transferEncoding?.includes('gzip')) {
      try {
        out = gunzipSync(body);
      } catch {
        // Not actually compressed; echo it as received.
      }
    }
    const sink = this.#options.echoSink ?? process.stdout;
    sink.write(out.toString('utf8'), () => {});
  }

  async write(_alert: Alert, formatted: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#post(formatted);
        return;
      } catch (e) {
        if (e instanceof RequestTimeout && attempt < this.#options.maxConsecutiveTimeouts) continue;
        const reason = e instanceof Error ? e.message : String(e);
        throw new OutputChannelError(this.name, `POST ${this.#url.href} failed: ${reason}`, { cause: e });
      }
    }
  }

  close(): void {
    this.#agent.destroy();
  }
}
