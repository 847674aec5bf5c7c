// The UI's one password, kept only as a scrypt hash: `scrypt$N$r$p$SALT$HASH` (salt and hash in
// base64url). With no hash configured, the first start makes a random password, prints it once
// and stores its hash in the data folder.

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
export const PASSWORD_FILE = 'ui-password.scrypt';

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export interface PasswordHash {
  readonly n: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** Parses a stored hash; throws naming `where` when it is not one. */
export function parseHash(text: string, where: string): PasswordHash {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/.exec(text.trim());
  const n = Number(m?.[1]);
  if (!m || n < 1024 || (n & (n - 1)) !== 0 || Number(m[2]) < 1 || Number(m[3]) < 1)
    throw new Error(
      `${where}: not a password hash of the form scrypt$N$r$p$SALT$HASH (see \`kestrel ui --hash-password\`)`,
    );
  return {
    n,
    r: Number(m[2]),
    p: Number(m[3]),
    salt: Buffer.from(m[4]!, 'base64url'),
    key: Buffer.from(m[5]!, 'base64url'),
  };
}

export async function verifyPassword(password: string, hash: PasswordHash): Promise<boolean> {
  const key = await derive(password, hash.salt, hash.n, hash.r, hash.p);
  return key.length === hash.key.length && timingSafeEqual(key, hash.key);
}

/**
 * The configured hash, else the one stored in `dataDir`, else a new random password whose hash
 * is stored there (mode 0600) and which `announce` prints once.
 */
export async function loadOrCreatePassword(
  configured: string | undefined,
  dataDir: string,
  announce: (password: string, file: string) => void,
): Promise<PasswordHash> {
  if (configured !== undefined && configured !== '') return parseHash(configured, 'KESTREL_UI_PASSWORD_HASH');
  const file = path.join(dataDir, PASSWORD_FILE);
  if (existsSync(file)) return parseHash(readFileSync(file, 'utf8'), file);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  const text = await hashPassword(password);
  // wx: two first starts at once must not both believe they made the password
  writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
  announce(password, file);
  return parseHash(text, file);
}
