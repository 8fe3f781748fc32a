import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOURCE_CONDITION } from '../source-condition';
import { makeDir, type OwnedProcess, restartAndDispose } from './owned';
import { signal } from './pids';
import { type Child, freePort, GiveUp, spawnLogged, tail, terminate, waitFor } from './proc';

/**
 * One server node on http://127.0.0.1:<port> (direct, not through HAProxy). stop() is SIGTERM (the server's
 * graceful shutdown; SIGKILL after 15 s); restart() keeps port and env and resolves when /readyz answers 200;
 * the log gets stdout + stderr of every run.
 */
export interface ServerNode extends OwnedProcess {
  nodeId: string;
  running(): boolean;
}

export interface NodeOptions {
  nodeId: string;
  /** DATABASE_URL, REDIS_URL, JWT_SECRET, and anything else the server reads. PORT, HOST and NODE_ID are set here. */
  env: Record<string, string | undefined>;
  port?: number;
  dir?: string;
  /** How long to wait for /readyz: default 30 s. */
  readyTimeoutMs?: number;
}

const serverCli = fileURLToPath(new URL('../../cli.ts', import.meta.url));
// tsx (a development dependency) loads the sources; its ESM loader is resolved from here, not from the cwd.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const serverRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function readyz(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** One server node as a real process: `node --import tsx packages/server/src/cli.ts`. */
export async function startNode(opts: NodeOptions): Promise<ServerNode> {
  const port = opts.port ?? (await freePort());
  const dir = await makeDir(opts.nodeId, opts.dir);
  const logPath = join(dir, 'node.log');
  const url = `http://127.0.0.1:${port}`;
  // A plain record, not NodeJS.ProcessEnv: a program that also loads Expo's types (app-shell's) makes NODE_ENV
  // a required key of ProcessEnv.
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
    DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'info',
    ...opts.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ID: opts.nodeId,
  };
  const timeoutMs = opts.readyTimeoutMs ?? 30_000;
  let proc: Child | null = null;

  const start = async () => {
    const p = await spawnLogged(process.execPath, [SOURCE_CONDITION, '--import', tsxLoader, serverCli], {
      logPath,
      env,
      cwd: serverRoot,
    });
    proc = p;
    try {
      await waitFor(
        `${opts.nodeId} (${url}) to answer GET /readyz with 200`,
        async () => {
          if (!p.running()) throw new GiveUp(`${opts.nodeId} exited with ${p.child.exitCode ?? p.child.signalCode}`);
          return readyz(url);
        },
        { timeoutMs, everyMs: 100 },
      );
    } catch (err) {
      await terminate([p.pid], 'SIGKILL', 0);
      throw new Error(`${(err as Error).message}\n--- ${logPath} (tail) ---\n${await tail(logPath, 3000)}`);
    }
  };
  const stop = async () => {
    const p = proc as Child | null;
    if (!p?.running()) return;
    await terminate([p.pid], 'SIGTERM', 15_000);
    await p.exited;
  };

  await start();
  return {
    nodeId: opts.nodeId,
    url,
    port,
    get pid() {
      return (proc as Child | null)?.pid ?? -1;
    },
    running: () => (proc as Child | null)?.running() ?? false,
    dir,
    logPath,
    async kill() {
      const p = proc as Child | null;
      if (!p?.running()) return;
      signal(p.pid, 'SIGKILL');
      await p.exited;
    },
    stop,
    ...restartAndDispose(opts.nodeId, dir, start, stop),
  };
}
