import { chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from './chromium';

/**
 * Debian's Chromium inside a network namespace (`ip netns exec` execs it in place, so Playwright's pipe and
 * PID are Chromium's own): one browser per namespace is one person on their own network, which the test can
 * take away from that person alone. `origin` (the server, not on loopback) is treated as secure, so the page
 * may open the microphone.
 */
export async function chromiumIn(ns: string, origin: string): Promise<Browser> {
  const wrapper = join(tmpdir(), `calling-chromium-in-${ns}.sh`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec '${ns}' '${CHROMIUM}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const host = new URL(origin).hostname;
  const args = chromiumArgs([`--unsafely-treat-insecure-origin-as-secure=${origin}`]).map((a) =>
    a.startsWith('--host-resolver-rules=') ? `${a}, EXCLUDE ${host}` : a,
  );
  return chromium.launch({ executablePath: wrapper, headless: true, args });
}
