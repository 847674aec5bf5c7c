// Just enough of RFC 5322/2045/2047 to read back a delivered mail in a test: unfolded headers
// (encoded words decoded), and the text parts of a multipart body with their transfer
// encoding (7bit, 8bit, quoted-printable, base64) undone.

export interface MimePart {
  readonly headers: Map<string, string>;
  readonly body: string;
}

export interface MimeMessage extends MimePart {
  /** Leaf parts by content type (`text/plain`, `text/html`). */
  readonly parts: Map<string, string>;
}

function decodeQ(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      (enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQ(text)).toString('utf8'),
    );
}

function splitHead(raw: string): MimePart {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable')
    return decodeQ(part.body.replace(/=\n/g, '').replace(/_/g, '=5F')).toString('utf8');
  return part.body;
}

function collect(part: MimePart, into: Map<string, string>): void {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const sections = part.body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      collect(splitHead(section.replace(/^\n/, '').replace(/\n$/, '')), into);
    }
    return;
  }
  into.set(type.split(';')[0].trim().toLowerCase(), decodeBody(part));
}

export function parseMime(raw: string): MimeMessage {
  const top = splitHead(raw);
  const parts = new Map<string, string>();
  collect(top, parts);
  return { ...top, parts };
}
