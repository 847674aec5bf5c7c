// The TLS side of HTTP destinations, as Falcosidekick offers it: `checkcert: false` skips the
// server's certificate check, `mutualtls: true` presents the global client certificate
// (mutualtlsclient.*) and always checks the server, against mutualtlsclient.cacertfile when set;
// tlsclient.cacertfile adds a CA to the system ones for every https destination.
// Each destination keeps its own keep-alive agents, so these choices stay per destination.

import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { DestinationContext, OptionSpec, OptionValues } from './destination.js';

/** The client certificate a destination with `mutualtls: true` presents. */
export interface MutualTlsClient {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** CAs the server must chain to instead of the system ones (mutualtlsclient.cacertfile). */
  readonly ca?: Buffer;
}

/** The router's global client TLS settings, read and checked by the config loader. */
export interface ClientTls {
  /** tlsclient.cacertfile: trusted in addition to the system CAs. */
  readonly extraCa?: Buffer;
  readonly mutual?: MutualTlsClient;
}

export const mutualTlsOption: OptionSpec = {
  kind: 'bool',
  default: false,
  doc: 'present the mutualtlsclient certificate; the server certificate is then always checked',
};

export const checkCertOption: OptionSpec = {
  kind: 'bool',
  default: true,
  doc: 'verify the server’s TLS certificate (ignored with mutualtls)',
};

/** The https options of a destination's connections, from its options and the global settings. */
export function tlsOptionsOf(type: string, options: OptionValues, context: DestinationContext): https.AgentOptions {
  const tls = context.tls ?? {};
  const ca = tls.extraCa ? [...rootCertificates, tls.extraCa.toString('utf8')] : undefined;
  if (options.mutualtls === true) {
    // the config loader reports this with the option's name; this guards other callers
    if (!tls.mutual) throw new Error(`${type}.mutualtls: no mutualtlsclient certificate is configured`);
    const { cert, key } = tls.mutual;
    return { cert, key, rejectUnauthorized: true, ...(tls.mutual.ca ? { ca: tls.mutual.ca } : ca ? { ca } : {}) };
  }
  return { rejectUnauthorized: options.checkcert !== false, ...(ca ? { ca } : {}) };
}

/** Keep-alive agents of one destination, made on first use, the https one with its TLS options. */
export class HttpAgents {
  private plain: http.Agent | undefined;
  private secure: https.Agent | undefined;

  constructor(private readonly tls: https.AgentOptions) {}

  static of(type: string, options: OptionValues, context: DestinationContext): HttpAgents {
    return new HttpAgents(tlsOptionsOf(type, options, context));
  }

  for(url: URL): http.Agent {
    if (url.protocol === 'https:') return (this.secure ??= new https.Agent({ keepAlive: true, ...this.tls }));
    return (this.plain ??= new http.Agent({ keepAlive: true }));
  }

  destroy(): void {
    this.plain?.destroy();
    this.secure?.destroy();
  }
}
