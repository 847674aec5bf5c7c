// Debian's Chromium driven by playwright-core (no browser download): headless, no sandbox (the
// tests run as root), and without the background connections a closed network refuses.

import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.KESTREL_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      // a container's /dev/shm may be tiny: keep shared memory in /tmp
      '--disable-dev-shm-usage',
    ],
  });
}

/** Where screenshots go, to be looked at by eye (KESTREL_SCREENSHOTS, else a temp folder). */
export function screenshotDir(): string {
  const d = process.env.KESTREL_SCREENSHOTS ?? join(tmpdir(), 'kestrel-ui-screenshots');
  mkdirSync(d, { recursive: true });
  return d;
}
