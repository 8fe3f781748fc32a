import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A steady 440 Hz tone as the fake microphone (the default fake mic beeps, so its level jumps). */
export function toneFile(): string {
  const file = join(tmpdir(), 'calling-e2e-tone-440.wav');
  if (!existsSync(file)) {
    execFileSync('sox', [
      '-n',
      '-r',
      '48000',
      '-c',
      '1',
      '-b',
      '16',
      file,
      'synth',
      '120',
      'sine',
      '440',
      'vol',
      '0.5',
    ]);
  }
  return file;
}

/** Debian's Chromium with the flags that make real audio calls work on loopback (TESTING-FACTS). */
export function chromiumArgs(extra: string[] = []): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${toneFile()}`,
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ...extra,
  ];
}
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
