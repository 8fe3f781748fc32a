import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';

export interface Coturn {
  port: number;
  secret: string;
  realm: string;
  url: string;
  pid: number | undefined;
  log(): string;
  stop(): Promise<void>;
}

export interface CoturnOptions {
  secret?: string;
  /** Address to listen and relay on. Default 127.0.0.1 (then loopback peers are allowed). */
  address?: string;
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string;
  /** UDP port; default a free one on loopback, or 3478 inside a namespace. */
  port?: number;
}

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Debian's coturn with the shared-secret (TURN REST API) scheme, for tests: the flags TESTING-FACTS found to
 * work, started as a child and stopped by its PID only.
 */
export async function startCoturn(opts: CoturnOptions = {}): Promise<Coturn> {
  const secret = opts.secret ?? 'coturn-test-secret';
  const address = opts.address ?? '127.0.0.1';
  const loopback = address.startsWith('127.');
  const port = opts.port ?? (opts.netns ? 3478 : await freeUdpPort());
  const minPort = 40000 + Math.floor(Math.random() * 20000);
  const realm = 'calling.test';
  const args = [
    '-n',
    `--listening-ip=${address}`,
    `--relay-ip=${address}`,
    `--listening-port=${port}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + 200}`,
    ...(loopback ? ['--allow-loopback-peers'] : []),
    '--no-cli',
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    '--no-tls',
    '--no-dtls',
    '--fingerprint',
    '--log-file=stdout',
    '--simple-log',
    '--pidfile=/dev/null',
    '-v', // without it coturn never logs that its listeners are open
  ];
  // `ip netns exec` execs in place, so the PID is coturn's own.
  const child: ChildProcess = opts.netns
    ? spawn('ip', ['netns', 'exec', opts.netns, 'turnserver', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (d: unknown) => {
    log = (log + String(d)).slice(-50_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (gone()) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (!gone()) child.kill('SIGKILL');
  };
  const spawnFailed = new Promise<Error>((r) => child.once('error', r));
  const deadline = Date.now() + 10_000;
  while (!/UDP listener opened on/i.test(log)) {
    const failed = await Promise.race([spawnFailed, sleep(100).then(() => null)]);
    if (failed) throw new Error(`turnserver could not start (is Debian's coturn installed?): ${failed.message}`);
    if (gone()) throw new Error(`turnserver exited: ${log.slice(-2000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`turnserver did not start: ${log.slice(-2000)}`);
    }
  }
  await sleep(300);
  return { port, secret, realm, url: `turn:${address}:${port}?transport=udp`, pid: child.pid, log: () => log, stop };
}
