// Reads the global client TLS settings (mutualtlsclient.*, tlsclient.cacertfile): each file is
// read and parsed as PEM here, so a missing, unreadable or wrong file is a config error that
// names its option, rather than a failed TLS handshake at the first alert.

import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClientTls } from '../destinations/tlsClient.js';
import type { ParsedValue } from './optionValue.js';

interface Section {
  readonly values: Record<string, ParsedValue>;
  readonly where: Record<string, string>;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PEM_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;

function readFile(where: string, path: string, problems: string[]): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    problems.push(`${where}: cannot read ${JSON.stringify(path)}: ${(e as Error).message}`);
    return undefined;
  }
}

/** The file's certificates (a bundle may hold several), or undefined with the problem noted. */
function readCerts(where: string, path: string, problems: string[]): X509Certificate[] | undefined {
  const data = readFile(where, path, problems);
  if (data === undefined) return undefined;
  const blocks = data.toString('utf8').match(PEM_CERT) ?? [];
  if (blocks.length === 0) {
    problems.push(`${where}: ${JSON.stringify(path)} holds no PEM certificate`);
    return undefined;
  }
  try {
    return blocks.map((b) => new X509Certificate(b));
  } catch (e) {
    problems.push(`${where}: ${JSON.stringify(path)} holds a certificate that does not parse: ${(e as Error).message}`);
    return undefined;
  }
}

function readKey(where: string, path: string, problems: string[]): { pem: Buffer; key: KeyObject } | undefined {
  const pem = readFile(where, path, problems);
  if (pem === undefined) return undefined;
  if (!PEM_KEY.test(pem.toString('utf8'))) {
    problems.push(`${where}: ${JSON.stringify(path)} holds no PEM private key`);
    return undefined;
  }
  try {
    return { pem, key: createPrivateKey(pem) };
  } catch (e) {
    // an encrypted key lands here too: the router has no passphrase to open it
    problems.push(`${where}: ${JSON.stringify(path)} holds a private key that does not parse: ${(e as Error).message}`);
    return undefined;
  }
}

const pemOf = (certs: readonly X509Certificate[]): Buffer => Buffer.from(certs.map((c) => c.toString()).join(''));

export function readClientTls(mutual: Section, client: Section, problems: string[]): ClientTls {
  const path = (s: Section, name: string) => (s.values[name] as string).trim();
  const certFile = path(mutual, 'certfile');
  const keyFile = path(mutual, 'keyfile');
  const caFile = path(mutual, 'cacertfile');
  const extraFile = path(client, 'cacertfile');

  const extra = extraFile === '' ? undefined : readCerts(client.where.cacertfile, extraFile, problems);
  const result: { extraCa?: Buffer; mutual?: ClientTls['mutual'] } = extra ? { extraCa: pemOf(extra) } : {};

  if (certFile === '' && keyFile === '') {
    if (caFile !== '')
      problems.push(`${mutual.where.cacertfile}: needs mutualtlsclient.certfile and mutualtlsclient.keyfile too`);
    return result;
  }
  if (certFile === '') problems.push(`${mutual.where.certfile}: required with mutualtlsclient.keyfile`);
  if (keyFile === '') problems.push(`${mutual.where.keyfile}: required with mutualtlsclient.certfile`);
  const certs = certFile === '' ? undefined : readCerts(mutual.where.certfile, certFile, problems);
  const key = keyFile === '' ? undefined : readKey(mutual.where.keyfile, keyFile, problems);
  const ca = caFile === '' ? undefined : readCerts(mutual.where.cacertfile, caFile, problems);
  if (!certs || !key || (caFile !== '' && !ca)) return result;
  if (!certs[0].checkPrivateKey(key.key)) {
    problems.push(`${mutual.where.keyfile}: ${JSON.stringify(keyFile)} is not the key of mutualtlsclient.certfile`);
    return result;
  }
  result.mutual = { cert: pemOf(certs), key: key.pem, ...(ca ? { ca: pemOf(ca) } : {}) };
  return result;
}
