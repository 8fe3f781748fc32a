import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';

export interface Coturn {
  port: number;
  secret: string;
  realm: string;
  url: string;
  stop(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Debian's coturn on loopback with the shared-secret (TURN REST API) scheme, as TESTING-FACTS describes.
 * Stopped by its PID only.
 */
export async function startCoturn(secret = 'coturn-test-secret'): Promise<Coturn> {
  const port = await freeUdpPort();
  const minPort = 40000 + Math.floor(Math.random() * 20000);
  const realm = 'calling.test';
  const child: ChildProcess = spawn(
    'turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + 200}`,
      '--allow-loopback-peers',
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
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const deadline = Date.now() + 10_000;
  while (!/listener opened on|Total General servers|relay.*127\.0\.0\.1/i.test(log)) {
    if (child.exitCode !== null) throw new Error(`turnserver exited: ${log.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`turnserver did not start: ${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300));
  return {
    port,
    secret,
    realm,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
