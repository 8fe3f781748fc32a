import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { BACKEND, type HaproxyBackend, renderConfig, SERVER_CHECK } from './haproxy-config';
import { makeDir, removeDir } from './owned';
import { type Child, freePort, GiveUp, spawnLogged, tail, terminate, waitFor } from './proc';

export type { HaproxyBackend } from './haproxy-config';

/** One server as HAProxy sees it (`show stat`). */
export interface ServerState {
  name: string;
  /** HAProxy's status: UP, DOWN, DRAIN, MAINT, ... */
  status: string;
  /** Gets new traffic: status UP. */
  up: boolean;
  /** Last health check: L7OK, L7STS (wrong status), L4CON (refused), L4TOUT, ... */
  checkStatus: string;
  /** Open connections (WebSocket tunnels count until they close). */
  sessions: number;
}

export interface Haproxy {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  readonly pid: number;
  dir: string;
  logPath: string;
  configPath: string;
  socketPath: string;
  /** One runtime API command, its reply. */
  command(cmd: string): Promise<string>;
  serverStates(): Promise<ServerState[]>;
  /** ready: back in rotation; drain: keeps its connections, gets no new ones; maint: out (checks stop). */
  setServerState(name: string, state: 'ready' | 'drain' | 'maint'): Promise<void>;
  /** Adds a server at runtime (same checks as the others) and puts it in rotation. */
  addServer(backend: HaproxyBackend): Promise<void>;
  /** Waits until HAProxy reports `name` up (UP after a passed check, L7OK) or down (DOWN: its check failed). */
  waitForServer(name: string, want: 'up' | 'down', timeoutMs?: number): Promise<ServerState>;
  stop(): Promise<void>;
  /** Stops and removes the dir. Safe to call twice. */
  dispose(): Promise<void>;
}

const BIN = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';

/** Sends one command over the runtime API socket (non-interactive: HAProxy answers and closes). */
function runtimeCommand(socketPath: string, cmd: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let out = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`HAProxy runtime API did not answer "${cmd}" within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => socket.write(`${cmd}\n`));
    socket.on('data', (d) => {
      out += String(d);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** `show stat` CSV -> the servers of the nodes backend. */
export function parseStat(csv: string): ServerState[] {
  const lines = csv.split('\n').filter(Boolean);
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const col = (name: string) => header.indexOf(name);
  const [px, sv, st, chk, scur] = ['pxname', 'svname', 'status', 'check_status', 'scur'].map(col);
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[px as number] === BACKEND && f[sv as number] !== 'BACKEND' && f[sv as number] !== 'FRONTEND')
    .map((f) => {
      const status = f[st as number] ?? '';
      return {
        name: f[sv as number] ?? '',
        status,
        up: status === 'UP',
        checkStatus: (f[chk as number] ?? '').replace(/^\* /, ''),
        sessions: Number(f[scur as number] ?? 0),
      };
    });
}

/** Debian's HAProxy in the foreground (-db) in front of the nodes, with the runtime API on a unix socket. */
export async function startHaproxy(opts: {
  backends: HaproxyBackend[];
  port?: number;
  dir?: string;
}): Promise<Haproxy> {
  const port = opts.port ?? (await freePort());
  const dir = await makeDir('haproxy', opts.dir);
  const logPath = join(dir, 'haproxy.log');
  const configPath = join(dir, 'haproxy.cfg');
  const socketPath = join(dir, 'admin.sock');
  await writeFile(configPath, renderConfig({ port, socketPath, backends: opts.backends }));

  const proc: Child = await spawnLogged(BIN, ['-db', '-f', configPath], { logPath });
  const command = async (cmd: string) => {
    if (!proc.running()) throw new Error(`haproxy is not running:\n${await tail(logPath, 2000)}`);
    return runtimeCommand(socketPath, cmd);
  };
  const serverStates = async () => parseStat(await command('show stat'));
  const expectEmpty = async (cmd: string) => {
    const reply = (await command(cmd)).trim();
    if (reply && !/^New server registered/.test(reply)) throw new Error(`HAProxy "${cmd}": ${reply}`);
  };
  const stop = async () => {
    if (proc.running()) await terminate([proc.pid], 'SIGTERM', 5000);
    await proc.exited;
  };
  try {
    await waitFor(
      'haproxy to answer on its runtime API',
      async () => {
        if (!proc.running()) throw new GiveUp('haproxy exited');
        return (await serverStates()).length === opts.backends.length;
      },
      { timeoutMs: 10_000 },
    );
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- ${logPath} ---\n${await tail(logPath, 3000)}`);
  }

  let disposed = false;
  const haproxy: Haproxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: proc.pid,
    dir,
    logPath,
    configPath,
    socketPath,
    command,
    serverStates,
    setServerState: (name, state) => expectEmpty(`set server ${BACKEND}/${name} state ${state}`),
    async addServer(b) {
      // Servers added at runtime start in maintenance with checks off.
      await expectEmpty(`add server ${BACKEND}/${b.name} ${b.host}:${b.port} ${SERVER_CHECK}`);
      await expectEmpty(`enable health ${BACKEND}/${b.name}`);
      await expectEmpty(`enable server ${BACKEND}/${b.name}`);
    },
    async waitForServer(name, want, timeoutMs = 10_000) {
      let last: ServerState | undefined;
      try {
        return await waitFor(
          `HAProxy to see ${name} ${want}`,
          async () => {
            last = (await serverStates()).find((s) => s.name === name);
            const ok = want === 'up' ? last?.up && last.checkStatus === 'L7OK' : last?.status.startsWith('DOWN');
            return ok ? last : undefined;
          },
          { timeoutMs, everyMs: 25 },
        );
      } catch (err) {
        throw new Error(`${(err as Error).message} (last: ${JSON.stringify(last)})`);
      }
    },
    stop,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await stop();
      removeDir(dir);
    },
  };
  return haproxy;
}
