// A one-node Kafka broker on 127.0.0.1 that speaks just enough of the wire protocol for a
// producer: ApiVersions (v0–2), Metadata (v0), Produce (v3–v7, record batches of magic 2) and SASL
// PLAIN (SaslHandshake v0–1, SaslAuthenticate v0). Kafka is not packaged in Debian; this checks
// what a real broker would refuse (API versions, record-batch CRC-32C, magic, varint framing, ZSTD
// below Produce v7) and keeps every record produced, so a test can compare the exact records.
// ZSTD record sets are decoded by the reference `zstd` command, not by the producer's codec.

import { spawnSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import lz4 from 'lz4js';
import snappy from 'snappyjs';

export interface ProducedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly acks: number;
  /** Produce request version the record came in. */
  readonly version: number;
  readonly compression: number;
  readonly timestamp: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface KafkaBroker {
  readonly port: number;
  readonly hostport: string;
  readonly records: ProducedRecord[];
  /** Client ids seen in request headers. */
  readonly clientIds: Set<string>;
  /** Protocol violations seen; a real broker would close the connection or refuse. */
  readonly problems: string[];
  /** Error codes for the next Produce requests' partitions (e.g. 6 NOT_LEADER, 10 MESSAGE_TOO_LARGE). */
  failNextProduce(...codes: number[]): void;
  close(): Promise<void>;
}

export interface KafkaBrokerOptions {
  /** Topic → partition count. */
  readonly topics: Readonly<Record<string, number>>;
  /** When set, clients must authenticate with SASL PLAIN as this user. */
  readonly plain?: { readonly username: string; readonly password: string };
  /** Highest Produce version offered (7 by default; Kafka before 2.1 offers at most 6, and no ZSTD). */
  readonly maxProduceVersion?: number;
}

const api = { produce: 0, metadata: 3, saslHandshake: 17, apiVersions: 18, saslAuthenticate: 36 };
/** Produce v7 is the first that may carry ZSTD record batches (KIP-110). */
const zstdProduceVersion = 7;
const zstdCodec = 4;
const errors = {
  unknownTopic: 3,
  unsupportedVersion: 35,
  saslAuthFailed: 58,
  illegalSaslState: 34,
  unsupportedMechanism: 33,
  unsupportedCompression: 76,
};
export const zstdCli = '/usr/bin/zstd';

export async function startKafkaBroker(options: KafkaBrokerOptions): Promise<KafkaBroker> {
  const records: ProducedRecord[] = [];
  const clientIds = new Set<string>();
  const problems: string[] = [];
  const produceFailures: number[] = [];
  const sockets = new Set<Socket>();
  let port = 0;
  const supported: [number, number, number][] = [
    [api.produce, 3, options.maxProduceVersion ?? zstdProduceVersion],
    [api.metadata, 0, 0],
    [api.saslHandshake, 0, 1],
    [api.apiVersions, 0, 2],
    [api.saslAuthenticate, 0, 0],
  ];

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    let authenticated = !options.plain;
    let handshook = false;
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (size < 0 || size > 64 * 1024 * 1024) {
          problems.push(`frame size ${size}`);
          socket.destroy();
          return;
        }
        if (pending.length < 4 + size) break;
        const frame = pending.subarray(4, 4 + size);
        pending = pending.subarray(4 + size);
        try {
          const reply = handle(new Reader(frame));
          if (reply) socket.write(reply);
        } catch (err) {
          problems.push(`request failed to decode: ${(err as Error).message}`);
          socket.destroy();
          return;
        }
      }
    });

    function handle(r: Reader): Buffer | undefined {
      const apiKey = r.int16();
      const version = r.int16();
      const correlationId = r.int32();
      const clientId = r.nullableString();
      if (clientId !== null) clientIds.add(clientId);
      const range = supported.find(([k]) => k === apiKey);
      if (!range) {
        problems.push(`API key ${apiKey} is not supported by this broker`);
        socket.destroy();
        return undefined;
      }
      if (version < range[1] || version > range[2]) {
        if (apiKey === api.apiVersions)
          return frame(correlationId, new Writer().int16(errors.unsupportedVersion).int32(0));
        problems.push(`API ${apiKey} version ${version} was not offered`);
        socket.destroy();
        return undefined;
      }
      if (
        !authenticated &&
        apiKey !== api.apiVersions &&
        apiKey !== api.saslHandshake &&
        apiKey !== api.saslAuthenticate
      ) {
        problems.push(`API ${apiKey} before SASL authentication`);
        socket.destroy();
        return undefined;
      }
      switch (apiKey) {
        case api.apiVersions: {
          const w = new Writer().int16(0).int32(supported.length);
          for (const [k, min, max] of supported) w.int16(k).int16(min).int16(max);
          if (version >= 1) w.int32(0);
          return frame(correlationId, w);
        }
        case api.saslHandshake: {
          const mechanism = r.string();
          handshook = mechanism === 'PLAIN';
          return frame(
            correlationId,
            new Writer()
              .int16(handshook ? 0 : errors.unsupportedMechanism)
              .int32(1)
              .string('PLAIN'),
          );
        }
        case api.saslAuthenticate: {
          const bytes = r.bytes() ?? Buffer.alloc(0);
          const [, user, password] = bytes.toString('utf8').split('\0');
          const ok =
            handshook && !!options.plain && user === options.plain.username && password === options.plain.password;
          if (ok) authenticated = true;
          const w = new Writer().int16(ok ? 0 : errors.saslAuthFailed);
          w.nullableString(ok ? null : `Authentication failed: Invalid username or password`).bytes(Buffer.alloc(0));
          return frame(correlationId, w);
        }
        case api.metadata:
          return frame(correlationId, metadata(r));
        case api.produce:
          return produce(r, version, correlationId);
      }
      return undefined;
    }
  });

  function metadata(r: Reader): Writer {
    const count = r.int32();
    const wanted: string[] = [];
    for (let i = 0; i < count; i++) wanted.push(r.string());
    const topics = count <= 0 ? Object.keys(options.topics) : wanted;
    const w = new Writer().int32(1).int32(0).string('127.0.0.1').int32(port).int32(topics.length);
    for (const topic of topics) {
      const partitions = options.topics[topic];
      if (partitions === undefined) {
        w.int16(errors.unknownTopic).string(topic).int32(0);
        continue;
      }
      w.int16(0).string(topic).int32(partitions);
      for (let p = 0; p < partitions; p++) w.int16(0).int32(p).int32(0).int32(1).int32(0).int32(1).int32(0);
    }
    return w;
  }

  function produce(r: Reader, version: number, correlationId: number): Buffer | undefined {
    const transactionalId = r.nullableString();
    if (transactionalId !== null) problems.push('transactional produce was not expected');
    const acks = r.int16();
    if (![0, 1, -1].includes(acks)) problems.push(`acks ${acks} is invalid`);
    r.int32(); // timeout
    const out = new Writer();
    const topicCount = r.int32();
    out.int32(topicCount);
    for (let t = 0; t < topicCount; t++) {
      const topic = r.string();
      const partitionCount = r.int32();
      out.string(topic).int32(partitionCount);
      for (let p = 0; p < partitionCount; p++) {
        const partition = r.int32();
        const recordSet = r.bytes() ?? Buffer.alloc(0);
        const failure = produceFailures.shift() ?? 0;
        const known = options.topics[topic] !== undefined && partition < options.topics[topic];
        let code = failure || (known ? 0 : errors.unknownTopic);
        const base = records.filter((x) => x.topic === topic && x.partition === partition).length;
        const decoded = code === 0 ? decodeRecordBatches(recordSet, problems) : [];
        if (version < zstdProduceVersion && decoded.some((x) => x.compression === zstdCodec))
          code = errors.unsupportedCompression;
        if (code === 0) for (const rec of decoded) records.push({ topic, partition, acks, version, ...rec });
        out
          .int32(partition)
          .int16(code)
          .int64(code === 0 ? BigInt(base) : -1n)
          .int64(-1n); // log append time
        if (version >= 5) out.int64(0n); // log start offset
      }
    }
    out.int32(0);
    return acks === 0 ? undefined : frame(correlationId, out);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    hostport: `127.0.0.1:${port}`,
    records,
    clientIds,
    problems,
    failNextProduce: (...codes) => produceFailures.push(...codes),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function frame(correlationId: number, body: Writer): Buffer {
  const payload = Buffer.concat([new Writer().int32(correlationId).buffer(), body.buffer()]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

type Decoded = Omit<ProducedRecord, 'topic' | 'partition' | 'acks' | 'version'>;

/** Record batches (magic 2): checks the CRC-32C and framing, returns the records. */
export function decodeRecordBatches(set: Buffer, problems: string[]): Decoded[] {
  const out: Decoded[] = [];
  const r = new Reader(set);
  while (r.remaining() > 0) {
    r.int64(); // base offset
    const length = r.int32();
    const batch = new Reader(r.take(length));
    batch.int32(); // partition leader epoch
    const magic = batch.int8();
    if (magic !== 2) {
      problems.push(`record batch magic ${magic}, want 2`);
      return out;
    }
    const crc = batch.uint32();
    const rest = batch.peekRest();
    if (crc32c(rest) !== crc) problems.push('record batch CRC-32C mismatch');
    const attributes = batch.int16();
    batch.int32(); // last offset delta
    const firstTimestamp = batch.int64();
    batch.int64(); // max timestamp
    batch.int64(); // producer id
    batch.int16(); // producer epoch
    batch.int32(); // base sequence
    const count = batch.int32();
    const compression = attributes & 7;
    let body = batch.take(batch.remaining());
    if (compression === 1) body = gunzipSync(body);
    else if (compression === 2) body = snappyDecode(body);
    else if (compression === 3) body = lz4Decode(body, problems);
    else if (compression === zstdCodec) {
      const decoded = zstdDecode(body, problems);
      if (!decoded) return out;
      body = decoded;
    } else if (compression !== 0) {
      problems.push(`compression codec ${compression} not expected`);
      return out;
    }
    const recs = new Reader(body);
    for (let i = 0; i < count; i++) {
      const len = recs.varint();
      const rec = new Reader(recs.take(len));
      rec.int8(); // attributes
      const timestampDelta = rec.varlong();
      rec.varint(); // offset delta
      const key = rec.varBytes();
      const value = rec.varBytes();
      const headers: Record<string, string> = {};
      const headerCount = rec.varint();
      for (let h = 0; h < headerCount; h++)
        headers[rec.varBytes()?.toString('utf8') ?? ''] = rec.varBytes()?.toString('utf8') ?? '';
      if (rec.remaining() !== 0) problems.push(`record ${i} has ${rec.remaining()} trailing bytes`);
      out.push({ compression, timestamp: firstTimestamp + timestampDelta, key, value, headers });
    }
    if (recs.remaining() !== 0) problems.push(`record batch has ${recs.remaining()} bytes after ${count} records`);
  }
  return out;
}

const xerialMagic = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0]);

/**
 * Kafka's Snappy: the xerial framing Java clients write (magic, two int32 versions, then
 * int32-length-prefixed raw Snappy chunks), or one raw Snappy block, which kafkajs-snappy writes
 * and Kafka's decoder also accepts.
 */
export function snappyDecode(body: Buffer): Buffer {
  if (body.length < 16 || !body.subarray(0, 8).equals(xerialMagic)) return Buffer.from(snappy.uncompress(body));
  const chunks: Buffer[] = [];
  const r = new Reader(body.subarray(16));
  while (r.remaining() > 0) chunks.push(Buffer.from(snappy.uncompress(r.take(r.int32()))));
  return Buffer.concat(chunks);
}

/** Kafka's LZ4 is the frame format; Kafka decodes the blocks one by one, so they must be independent. */
function lz4Decode(body: Buffer, problems: string[]): Buffer {
  if (body.length > 4 && (body[4] & 0x20) === 0) problems.push('LZ4 frame blocks are not independent');
  return Buffer.from(lz4.decompress(body));
}

/** Kafka's ZSTD is plain zstd frames; the reference decoder says whether they are. */
function zstdDecode(body: Buffer, problems: string[]): Buffer | undefined {
  const r = spawnSync(zstdCli, ['-d', '-c', '-q'], { input: body, maxBuffer: 256 * 1024 * 1024, timeout: 30_000 });
  if (r.status === 0) return r.stdout;
  problems.push(`zstd -d refused the record set: ${r.error?.message ?? r.stderr.toString().trim()}`);
  return undefined;
}

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli), the checksum of Kafka record batches. */
export function crc32c(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}
  remaining(): number {
    return this.buf.length - this.offset;
  }
  private need(n: number): void {
    if (n < 0 || this.offset + n > this.buf.length) throw new Error(`read of ${n} bytes past the end`);
  }
  take(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }
  peekRest(): Buffer {
    return this.buf.subarray(this.offset);
  }
  int8(): number {
    return this.take(1).readInt8(0);
  }
  int16(): number {
    return this.take(2).readInt16BE(0);
  }
  int32(): number {
    return this.take(4).readInt32BE(0);
  }
  uint32(): number {
    return this.take(4).readUInt32BE(0);
  }
  int64(): bigint {
    return this.take(8).readBigInt64BE(0);
  }
  string(): string {
    const s = this.nullableString();
    if (s === null) throw new Error('null where a string is required');
    return s;
  }
  nullableString(): string | null {
    const n = this.int16();
    return n < 0 ? null : this.take(n).toString('utf8');
  }
  bytes(): Buffer | null {
    const n = this.int32();
    return n < 0 ? null : this.take(n);
  }
  private uvarlong(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.take(1)[0];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new Error('varint too long');
  }
  varlong(): bigint {
    const u = this.uvarlong();
    return (u >> 1n) ^ -(u & 1n);
  }
  varint(): number {
    return Number(this.varlong());
  }
  varBytes(): Buffer | null {
    const n = this.varint();
    return n < 0 ? null : this.take(n);
  }
}

class Writer {
  private readonly parts: Buffer[] = [];
  private put(size: number, write: (b: Buffer) => void): this {
    const b = Buffer.alloc(size);
    write(b);
    this.parts.push(b);
    return this;
  }
  int16(v: number): this {
    return this.put(2, (b) => b.writeInt16BE(v));
  }
  int32(v: number): this {
    return this.put(4, (b) => b.writeInt32BE(v));
  }
  int64(v: bigint): this {
    return this.put(8, (b) => b.writeBigInt64BE(v));
  }
  string(s: string): this {
    const data = Buffer.from(s, 'utf8');
    this.int16(data.length);
    this.parts.push(data);
    return this;
  }
  nullableString(s: string | null): this {
    return s === null ? this.int16(-1) : this.string(s);
  }
  bytes(data: Buffer): this {
    this.int32(data.length);
    this.parts.push(data);
    return this;
  }
  buffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}
