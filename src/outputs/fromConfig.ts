// Builds the alert formatter, the enabled output channels and their dispatcher from the loaded
// configuration. `unbuffered` is the -U command line switch, which overrides buffered_outputs.

import type { KestrelConfig } from '../config/types.js';
import { AlertFormatter } from './alert.js';
import type { OutputChannel } from './channels/channel.js';
import { FileChannel } from './channels/file.js';
import { HttpChannel } from './channels/http.js';
import { ProgramChannel } from './channels/program.js';
import { type LineSink, StdoutChannel } from './channels/stdout.js';
import { OutputDispatcher, type OutputErrorHandler } from './dispatcher.js';

export interface OutputSetupOptions {
  /** -U: never buffer, whatever buffered_outputs says. */
  unbuffered?: boolean;
  onError?: OutputErrorHandler;
  /** Where stdout_output writes (process.stdout by default). */
  stdoutSink?: LineSink;
}

export function alertFormatterFor(config: KestrelConfig): AlertFormatter {
  return new AlertFormatter({
    jsonOutput: config.jsonOutput,
    timeFormatIso8601: config.timeFormatIso8601,
    jsonIncludeOutputProperty: config.jsonIncludeOutputProperty,
    jsonIncludeTagsProperty: config.jsonIncludeTagsProperty,
    jsonIncludeMessageProperty: config.jsonIncludeMessageProperty,
    jsonIncludeOutputFieldsProperty: config.jsonIncludeOutputFieldsProperty,
    staticFields: config.staticFields,
  });
}

/**
 * The channels the configuration enables, in Falco's order (file, stdout, program, http), and
 * warnings for enabled outputs Kestrel does not have (syslog).
 */
export function createOutputChannels(
  config: KestrelConfig,
  options: OutputSetupOptions = {},
): { channels: OutputChannel[]; warnings: string[] } {
  const buffered = config.bufferedOutputs && !options.unbuffered;
  const channels: OutputChannel[] = [];
  const warnings: string[] = [];
  if (config.fileOutput.enabled) {
    channels.push(
      new FileChannel({ filename: config.fileOutput.filename, keepAlive: config.fileOutput.keepAlive, buffered }),
    );
  }
  if (config.stdoutOutput.enabled) channels.push(new StdoutChannel({ buffered, sink: options.stdoutSink }));
  if (config.syslogOutput.enabled) {
    warnings.push('syslog_output: Kestrel has no syslog output; alerts are not sent to syslog');
  }
  if (config.programOutput.enabled) {
    channels.push(
      new ProgramChannel({
        program: config.programOutput.program,
        keepAlive: config.programOutput.keepAlive,
        buffered,
      }),
    );
  }
  if (config.httpOutput.enabled) {
    const h = config.httpOutput;
    channels.push(
      new HttpChannel({
        url: h.url,
        userAgent: h.userAgent,
        jsonOutput: config.jsonOutput,
        insecure: h.insecure,
        caCert: h.caCert,
        caBundle: h.caBundle,
        caPath: h.caPath,
        mtls: h.mtls,
        clientCert: h.clientCert,
        clientKey: h.clientKey,
        compressUploads: h.compressUploads,
        keepAlive: h.keepAlive,
        echo: h.echo,
        maxConsecutiveTimeouts: h.maxConsecutiveTimeouts,
        timeoutMs: config.outputTimeout > 0 ? config.outputTimeout : 2000,
      }),
    );
  }
  return { channels, warnings };
}

export function createOutputDispatcher(
  config: KestrelConfig,
  options: OutputSetupOptions = {},
): { dispatcher: OutputDispatcher; warnings: string[] } {
  const { channels, warnings } = createOutputChannels(config, options);
  const dispatcher = new OutputDispatcher({
    channels,
    formatter: alertFormatterFor(config),
    onError: options.onError,
    queueCapacity: config.outputsQueueCapacity,
    outputTimeoutMs: config.outputTimeout,
  });
  return { dispatcher, warnings };
}
