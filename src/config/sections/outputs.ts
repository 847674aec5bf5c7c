// Output settings: the JSON shape, buffering, the queue, and each output channel. Messages for
// missing required values are Falco's.

import type { Section } from '../reader.js';
import type { FileOutputConfig, HttpOutputConfig, KestrelConfig, ProgramOutputConfig } from '../types.js';

type OutputSettings = Pick<
  KestrelConfig,
  | 'jsonOutput'
  | 'jsonIncludeOutputProperty'
  | 'jsonIncludeTagsProperty'
  | 'jsonIncludeMessageProperty'
  | 'jsonIncludeOutputFieldsProperty'
  | 'timeFormatIso8601'
  | 'bufferFormatBase64'
  | 'bufferedOutputs'
  | 'outputTimeout'
  | 'outputsQueueCapacity'
  | 'stdoutOutput'
  | 'syslogOutput'
  | 'fileOutput'
  | 'programOutput'
  | 'httpOutput'
  | 'staticFields'
>;

const UINT32_MAX = 4_294_967_295;

function readFileOutput(root: Section): FileOutputConfig {
  const s = root.section('file_output');
  s.warnUnknown(['enabled', 'keep_alive', 'filename']);
  const out = {
    enabled: s.bool('enabled', false),
    keepAlive: s.bool('keep_alive', false),
    filename: s.string('filename', ''),
  };
  if (out.enabled && out.filename === '') {
    throw s.error('filename', 'file output enabled but no filename in configuration block');
  }
  return out;
}

function readProgramOutput(root: Section): ProgramOutputConfig {
  const s = root.section('program_output');
  s.warnUnknown(['enabled', 'keep_alive', 'program']);
  const out = {
    enabled: s.bool('enabled', false),
    keepAlive: s.bool('keep_alive', false),
    program: s.string('program', ''),
  };
  if (out.enabled && out.program === '') {
    throw s.error('program', 'program output enabled but no program in configuration block');
  }
  return out;
}

function readHttpOutput(root: Section): HttpOutputConfig {
  const s = root.section('http_output');
  s.warnUnknown([
    'enabled',
    'url',
    'user_agent',
    'insecure',
    'echo',
    'ca_cert',
    'ca_bundle',
    'ca_path',
    'mtls',
    'client_cert',
    'client_key',
    'compress_uploads',
    'keep_alive',
    'max_consecutive_timeouts',
  ]);
  const out: HttpOutputConfig = {
    enabled: s.bool('enabled', false),
    url: s.string('url', ''),
    userAgent: s.string('user_agent', 'falcosecurity/falco'),
    insecure: s.bool('insecure', false),
    echo: s.bool('echo', false),
    caCert: s.string('ca_cert', ''),
    caBundle: s.string('ca_bundle', ''),
    caPath: s.string('ca_path', '/etc/ssl/certs'),
    mtls: s.bool('mtls', false),
    clientCert: s.string('client_cert', '/etc/ssl/certs/client.crt'),
    clientKey: s.string('client_key', '/etc/ssl/certs/client.key'),
    compressUploads: s.bool('compress_uploads', false),
    keepAlive: s.bool('keep_alive', false),
    maxConsecutiveTimeouts: s.int('max_consecutive_timeouts', 5, { min: 0, max: 255 }),
  };
  if (out.enabled && out.url === '') throw s.error('url', 'http output enabled but no url in configuration block');
  return out;
}

function readEnabledOnly(root: Section, key: string): { enabled: boolean } {
  const s = root.section(key);
  s.warnUnknown(['enabled']);
  return { enabled: s.bool('enabled', false) };
}

function readStaticFields(root: Section): Record<string, string> {
  const s = root.section('static_fields');
  const out: Record<string, string> = {};
  for (const key of s.keys()) out[key] = s.string(key, '');
  return out;
}

export function readOutputSettings(root: Section): OutputSettings {
  const queue = root.section('outputs_queue');
  queue.warnUnknown(['capacity']);
  return {
    jsonOutput: root.bool('json_output', false),
    jsonIncludeOutputProperty: root.bool('json_include_output_property', true),
    jsonIncludeTagsProperty: root.bool('json_include_tags_property', true),
    jsonIncludeMessageProperty: root.bool('json_include_message_property', false),
    jsonIncludeOutputFieldsProperty: root.bool('json_include_output_fields_property', true),
    timeFormatIso8601: root.bool('time_format_iso_8601', false),
    bufferFormatBase64: root.bool('buffer_format_base64', false),
    bufferedOutputs: root.bool('buffered_outputs', false),
    outputTimeout: root.int('output_timeout', 2000, { min: 0, max: UINT32_MAX }),
    outputsQueueCapacity: queue.int('capacity', 0, { min: 0 }),
    stdoutOutput: readEnabledOnly(root, 'stdout_output'),
    syslogOutput: readEnabledOnly(root, 'syslog_output'),
    fileOutput: readFileOutput(root),
    programOutput: readProgramOutput(root),
    httpOutput: readHttpOutput(root),
    staticFields: readStaticFields(root),
  };
}
