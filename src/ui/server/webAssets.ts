// The web pages: the front end Vite built at install (dist/web), read into memory once at start
// and served by the not-found handler, so the API's routes stay the only registered ones. Only
// files of that build are served (no path from a request reaches the file system); hashed
// assets are cached for a year; index.html, served for every page path, is not cached.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebFile {
  readonly body: Buffer;
  readonly type: string;
  readonly immutable: boolean;
}

export interface WebAssets {
  /** The file for a URL path, or index.html for a page path; undefined for neither. */
  lookup(path: string): WebFile | undefined;
  readonly files: number;
}

/** Where `npm run build:web` writes the pages (dist/web, beside dist/src). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** The built pages in `dir`, or undefined when they were not built (no index.html). */
export function loadWebAssets(dir: string = DEFAULT_WEB_DIR): WebAssets | undefined {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return undefined;
  const files = new Map<string, WebFile>();
  const paths: string[] = [];
  walk(dir, paths);
  for (const p of paths) {
    const type = TYPES[extname(p).toLowerCase()];
    if (!type) continue;
    const url = `/${relative(dir, p).split(sep).join('/')}`;
    files.set(url, { body: readFileSync(p), type, immutable: url.startsWith('/assets/') });
  }
  const index = files.get('/index.html')!;
  return {
    files: files.size,
    lookup(path) {
      const f = files.get(path);
      if (f) return f;
      // a page path (no extension, not the API): the single-page app routes it
      if (path.startsWith('/api/') || path === '/api' || extname(path) !== '') return undefined;
      return index;
    },
  };
}
