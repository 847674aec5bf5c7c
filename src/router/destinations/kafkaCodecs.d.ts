// Types for the untyped pure-JS codec packages the Kafka destination (and its test broker) use.

declare module 'lz4js' {
  /** Worst-case compressed size of n bytes. */
  export function compressBound(n: number): number;
  /** Compresses src[sIndex, sIndex+sLength) as one raw LZ4 block into dst; 0 if not compressible. */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  /** LZ4 frame format. */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  const lz4: {
    compressBound: typeof compressBound;
    compressBlock: typeof compressBlock;
    compress: typeof compress;
    decompress: typeof decompress;
  };
  export default lz4;
}

declare module 'lz4js/xxh32.js' {
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
  const xxh32: { hash: typeof hash };
  export default xxh32;
}

declare module 'kafkajs-snappy' {
  const snappyCodec: () => {
    compress(encoder: { buffer: Buffer }): Promise<Buffer>;
    decompress(buffer: Buffer): Promise<Buffer>;
  };
  export default snappyCodec;
}

declare module 'snappyjs' {
  /** Raw Snappy block format (no framing). */
  export function uncompress(compressed: Uint8Array): Uint8Array;
  export function compress(uncompressed: Uint8Array): Uint8Array;
  const snappy: { uncompress: typeof uncompress; compress: typeof compress };
  export default snappy;
}
