// The scap capture-file reader and writer.

export * from './blockTypes.js';
export { CaptureFormatError } from './errors.js';
export { captureInfo, readCapture, readCaptureBuffer, type ReadCaptureOptions } from './reader.js';
export type { CaptureHandler, CaptureMachineInfo, CaptureSummary, NetInterface } from './sink.js';
export { MemorySink, FileSink, type ByteSink } from './byteSink.js';
export { CaptureWriter, createCaptureWriter, type CaptureWriteSummary, type CaptureWriterOptions } from './writer.js';
export type { ProcListLayout } from './procListEncode.js';
