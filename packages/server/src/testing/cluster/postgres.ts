import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { disown, makeDir, type OwnedProcess, own, removeDir, restartAndDispose } from './owned';
import { descendants, isAlive, signal } from './pids';
import { type Child, exitsWithin, freePort, GiveUp, spawnLogged, tail, terminate, waitFor, waitGone } from './proc';

/**
 * PostgreSQL on postgres://postgres@127.0.0.1:<port>/postgres (trust auth). `pid` is the postmaster's own (not
 * runuser's); stop() is a fast shutdown (SIGINT), kill() takes its children too; the data stays until dispose().
 */
export interface PostgresServer extends OwnedProcess {
  /** Every PID this server runs as now: runuser (when root), the postmaster and its children. */
  pids(): number[];
  dataDir: string;
}

/** /usr/lib/postgresql/<newest version>/bin */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`no PostgreSQL under ${root} (Debian: apt-get install postgresql)`);
  return join(root, versions[0], 'bin');
}

/** postgres refuses to run as root: as root, run it as the `postgres` OS user. */
const asRoot = process.getuid?.() === 0;
const asPostgres = (cmd: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('no `postgres` OS user (Debian: apt-get install postgresql)');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A throwaway PostgreSQL cluster of its own (initdb in a temp dir), on 127.0.0.1 and its own port. */
export async function startPostgres(opts: { port?: number; dir?: string } = {}): Promise<PostgresServer> {
  const bin = binDir();
  const port = opts.port ?? (await freePort());
  const dir = await makeDir('postgres', opts.dir);
  const dataDir = join(dir, 'data');
  const logPath = join(dir, 'postgres.log');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    await chown(dir, uid, gid);
  }
  const [initCmd, initArgs] = asPostgres(join(bin, 'initdb'), [
    ...['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
  ]);
  // A child like the others (owned, so the exit hook reaches it and its bootstrap backend), logged to logPath.
  const init = await spawnLogged(initCmd, initArgs, { logPath });
  const initDone = await exitsWithin(init, 60_000);
  if (!initDone) await terminate([init.pid, ...descendants(init.pid)], 'SIGKILL', 0);
  if (!initDone || init.child.exitCode !== 0) {
    const log = await tail(logPath, 2000);
    removeDir(dir);
    throw new Error(`initdb failed (${initDone ? `exit ${init.child.exitCode}` : 'timed out'}):\n${log}`);
  }

  let launcher: Child | null = null; // runuser (as root) or the postmaster itself
  let postmaster = -1;
  const pids = () => (postmaster > 0 && isAlive(postmaster) ? [postmaster, ...descendants(postmaster)] : []);

  const start = async () => {
    const [cmd, args] = asPostgres(join(bin, 'postgres'), [
      ...['-D', dataDir, '-p', String(port), '-k', dir],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    ]);
    const l = await spawnLogged(cmd, args, { logPath });
    launcher = l;
    try {
      // The postmaster writes its own PID as the first line of postmaster.pid; under runuser it is runuser's child.
      postmaster = await waitFor(
        'postmaster.pid',
        async () => {
          if (!l.running()) throw new GiveUp('postgres exited');
          const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
          return pid > 0 && isAlive(pid) && (pid === l.pid || descendants(l.pid).includes(pid)) ? pid : undefined;
        },
        { timeoutMs: 30_000 },
      );
      own(postmaster); // the exit hook must reach it: SIGKILL to runuser does not
      await waitFor(
        `PostgreSQL on port ${port} to accept connections`,
        async () => {
          if (!l.running()) throw new GiveUp('postgres exited');
          const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
          try {
            await c.connect();
            await c.query('select 1');
            return true;
          } finally {
            await c.end().catch(() => {});
          }
        },
        { timeoutMs: 30_000, everyMs: 100 },
      );
    } catch (err) {
      await terminate(
        [postmaster, l.pid].filter((p) => p > 0),
        'SIGKILL',
        1000,
      );
      throw new Error(`${(err as Error).message}\n--- ${logPath} ---\n${await tail(logPath, 2000)}`);
    }
  };

  const stop = async () => {
    const l = launcher as Child | null;
    const all = pids();
    if (all.length) {
      // SIGINT = fast shutdown: the postmaster ends its children, checkpoints, then exits.
      signal(postmaster, 'SIGINT');
      if (!(await waitGone(all, 20_000))) await terminate(all, 'SIGKILL', 0);
    }
    if (l?.running()) await terminate([l.pid], 'SIGTERM', 5000);
    await l?.exited;
    disown(postmaster);
  };

  await start();
  return {
    url,
    port,
    get pid() {
      return postmaster;
    },
    pids: () => {
      const l = launcher as Child | null;
      return [...(l?.running() && l.pid !== postmaster ? [l.pid] : []), ...pids()];
    },
    dir,
    dataDir,
    logPath,
    stop,
    async kill() {
      const l = launcher as Child | null;
      const all = pids();
      for (const pid of all) signal(pid, 'SIGKILL');
      await waitGone(all, 5000);
      await l?.exited;
      disown(postmaster);
    },
    ...restartAndDispose('postgres', dir, start, stop),
  };
}
