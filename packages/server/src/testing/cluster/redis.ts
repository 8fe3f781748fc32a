import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { makeDir, type OwnedProcess, restartAndDispose } from './owned';
import { signal } from './pids';
import { type Child, freePort, GiveUp, spawnLogged, tail, terminate, waitFor } from './proc';

/** redis-server on redis://127.0.0.1:<port>; stop() is SIGTERM (the append-only file is flushed). */
export type RedisServer = OwnedProcess;

export interface RedisOptions {
  port?: number;
  /** Directory for the log and the append-only file. Default: a fresh temp dir. */
  dir?: string;
}

const BIN = existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server';

/** One raw `PING`: true when the server at 127.0.0.1:port answers `+PONG` within timeoutMs. */
export function redisPing(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += String(d);
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** Debian's redis-server in the foreground on 127.0.0.1, with an append-only file, stopped by its PID. */
export async function startRedis(opts: RedisOptions = {}): Promise<RedisServer> {
  const port = opts.port ?? (await freePort());
  const dir = await makeDir('redis', opts.dir);
  const logPath = join(dir, 'redis.log');
  let proc: Child | null = null;

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
    // Append-only file on: live calls are in Redis, so a restart must keep them (as production Redis should).
    args.push('--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--daemonize', 'no', '--logfile', '');
    const p = await spawnLogged(BIN, args, { logPath });
    proc = p;
    try {
      await waitFor(
        `redis-server on port ${port} to answer PING`,
        async () => {
          if (!p.running()) throw new GiveUp('redis-server exited');
          return redisPing(port, 500);
        },
        { timeoutMs: 10_000 },
      );
    } catch (err) {
      await terminate([p.pid], 'SIGKILL', 1000);
      throw new Error(`${(err as Error).message}\n--- ${logPath} ---\n${await tail(logPath, 2000)}`);
    }
  };
  const stop = async () => {
    const p = proc;
    if (!p?.running()) return;
    await terminate([p.pid], 'SIGTERM', 5000);
    await p.exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return (proc as Child | null)?.pid ?? -1;
    },
    dir,
    logPath,
    stop,
    async kill() {
      const p = proc;
      if (!p?.running()) return;
      signal(p.pid, 'SIGKILL');
      await p.exited;
    },
    ...restartAndDispose('redis', dir, start, stop),
  };
}
