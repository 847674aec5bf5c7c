// Parameter decoders shared by the state parsers and the field extractors.
export * from './sockaddr.js';
export * from './strings.js';
