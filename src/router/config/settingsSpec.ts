// The router's own settings and the options the core reads for every destination, declared
// with the same OptionSpec as destination options so YAML and env vars are read one way.

import type { OptionSpec } from '../destinations/destination.js';

/** Top-level settings, by dotted path (`tlsserver.certfile` ↔ TLSSERVER_CERTFILE). */
export const ROUTER_SETTINGS: Readonly<Record<string, OptionSpec>> = {
  listenaddress: { kind: 'string', default: '', doc: 'address to listen on ("" for all addresses)' },
  listenport: { kind: 'int', default: 2801, doc: 'port of the intake' },
  debug: { kind: 'bool', default: false, doc: 'log each accepted alert and each delivery on stderr' },
  bodylimit: { kind: 'int', default: 1048576, doc: 'largest request body accepted, in bytes (larger: 413)' },
  bearertoken: {
    kind: 'string',
    default: '',
    secret: true,
    doc: 'when set, POST / and /test need `Authorization: Bearer <token>`',
  },
  customfields: { kind: 'map', default: {}, doc: 'fields added to every alert’s output_fields' },
  customtags: { kind: 'list', default: [], doc: 'tags added to every alert' },
  templatedfields: {
    kind: 'map',
    default: {},
    doc: 'fields added to output_fields, rendered from a template over the alert: {{ .output_fields.x }}',
  },
  'tlsserver.deploy': { kind: 'bool', default: false, doc: 'serve the intake over TLS' },
  'tlsserver.certfile': { kind: 'string', default: '', doc: 'PEM certificate of the intake' },
  'tlsserver.keyfile': { kind: 'string', default: '', doc: 'PEM private key of the intake' },
  'tlsserver.mutualtls': { kind: 'bool', default: false, doc: 'require a client certificate signed by cafile' },
  'tlsserver.cafile': { kind: 'string', default: '', doc: 'PEM CA bundle that client certificates must chain to' },
  'mutualtlsclient.certfile': {
    kind: 'string',
    default: '',
    doc: 'PEM client certificate presented by destinations with mutualtls: true',
  },
  'mutualtlsclient.keyfile': { kind: 'string', default: '', doc: 'PEM private key of mutualtlsclient.certfile' },
  'mutualtlsclient.cacertfile': {
    kind: 'string',
    default: '',
    doc: 'PEM CAs that mutualtls destinations’ servers must chain to; "" for the system CAs',
  },
  'tlsclient.cacertfile': {
    kind: 'string',
    default: '',
    doc: 'PEM CA trusted, besides the system CAs, by every https destination',
  },
  'queue.mode': { kind: 'string', default: 'durable', doc: 'durable (fsync’d files) or memory (lost on restart)' },
  'queue.dir': {
    kind: 'string',
    default: '/var/lib/kestrel/router',
    doc: 'folder of the queue, cursors and dead letters',
  },
  'queue.segmentsize': { kind: 'int', default: 16777216, doc: 'bytes after which a queue segment file is closed' },
  'uiserver.enabled': {
    kind: 'bool',
    default: false,
    doc: 'serve the web UI from this process (as `kestrel ui` does), over the ui destination’s store',
  },
  'uiserver.listenaddress': { kind: 'string', default: '127.0.0.1', doc: 'address the web UI listens on' },
  'uiserver.listenport': { kind: 'int', default: 2802, doc: 'port of the web UI (0 picks a free one)' },
  'uiserver.datadir': {
    kind: 'string',
    default: '/var/lib/kestrel/ui',
    doc: 'where the generated password’s hash is kept',
  },
  'uiserver.passwordhash': {
    kind: 'string',
    default: '',
    secret: true,
    doc: 'scrypt hash of the password (`kestrel ui --hash-password`); "" generates one at the first start',
  },
  'uiserver.tlscertfile': { kind: 'string', default: '', doc: 'PEM certificate: the web UI speaks HTTPS' },
  'uiserver.tlskeyfile': { kind: 'string', default: '', doc: 'PEM private key of uiserver.tlscertfile' },
  'uiserver.trustproxy': {
    kind: 'list',
    default: [],
    doc: 'reverse proxies (IP addresses or CIDRs) whose X-Forwarded-For gives the client address',
  },
  'uiserver.rules': {
    kind: 'list',
    default: [],
    doc: 'rules files or folders the exceptions made from alerts are checked against',
  },
  'uiserver.exceptionsfile': {
    kind: 'string',
    default: '',
    doc: 'rules file the exceptions made from alerts are appended to',
  },
};

/** Options every destination has, read by the core (queue, filters, retries, dedup). */
export const COMMON_DESTINATION_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  minimumpriority: {
    kind: 'string',
    default: '',
    doc: 'least severe priority delivered (emergency … debug); "" delivers every alert',
  },
  filter: { kind: 'string', default: '', doc: 'Kestrel condition an alert must match, e.g. k8s.ns.name in (prod)' },
  dedupwindow: {
    kind: 'duration',
    default: 0,
    doc: 'identical alerts (rule and output_fields) within this window are delivered once with a count; 0 = off',
  },
  maxretryage: { kind: 'duration', default: 3_600_000, doc: 'an alert still failing after this long is dead-lettered' },
  maxbacklog: {
    kind: 'int',
    default: 100000,
    doc: 'while failing, alerts beyond this many waiting go to the dead-letter file, oldest first',
  },
  maxretrydelay: { kind: 'duration', default: 30_000, doc: 'longest wait between two retries' },
  timeout: { kind: 'duration', default: 10_000, doc: 'time allowed to one send' },
};
