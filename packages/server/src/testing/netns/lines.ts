import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SOURCE_CONDITION } from '../source-condition';

/**
 * A tiny JSON-lines protocol between the test (in its own namespace) and the processes it starts inside
 * `ip netns exec`: requests `{id, cmd, args}` on the child's stdin, answers `{id, ok, result | error}` on its
 * stdout. Only lines that start with PREFIX count, so stray output (library logs) is kept as log, not parsed.
 */
const PREFIX = '@@ ';

type Handler = (args: Record<string, unknown>) => unknown;

// --- child side ---

export function emit(message: Record<string, unknown>): void {
  process.stdout.write(`${PREFIX}${JSON.stringify(message)}\n`);
}

/** Answers the parent's requests until stdin closes (the parent is gone), then exits. */
export function serve(handlers: Record<string, Handler>, onClose: () => Promise<void>): void {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    let req: { id: number; cmd: string; args?: Record<string, unknown> };
    try {
      req = JSON.parse(line);
    } catch {
      return;
    }
    const handler = handlers[req.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${req.cmd}`);
        return handler(req.args ?? {});
      })
      .then(
        (result) => emit({ id: req.id, ok: true, result: result ?? null }),
        (err: unknown) => emit({ id: req.id, ok: false, error: err instanceof Error ? err.stack : String(err) }),
      );
  });
  rl.on('close', () => {
    void onClose().finally(() => process.exit(0));
  });
}

/** Reports a fatal start-up error to the parent and exits. */
export function fatal(err: unknown): never {
  emit({ fatal: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
}

// --- parent side ---

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/** A Node script (TypeScript, through tsx) running inside a network namespace, driven over JSON lines. */
export class NsProcess<Ready = unknown> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private log = '';
  readonly exited: Promise<void>;
  ready!: Ready;

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((r) => child.once('exit', () => r()));
    child.once('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`${label} exited (${code ?? signal})\n${this.tail()}`));
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * `ip netns exec <ns> node --import tsx <script> <config-json>`: `ip` execs node in place, so the PID is the
   * script's own. Resolves once the script emits `{ready}`.
   */
  static async start<R>(label: string, ns: string, script: URL, config: unknown, timeoutMs = 30_000) {
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns,
        process.execPath,
        SOURCE_CONDITION,
        '--import',
        'tsx',
        fileURLToPath(script),
        JSON.stringify(config),
      ],
      { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
    );
    const proc = new NsProcess<R>(label, child);
    const ready = new Promise<R>((resolve, reject) => {
      proc.onMessage = (m) => {
        if ('ready' in m) resolve(m.ready as R);
        else if ('fatal' in m) reject(new Error(`${label} failed to start: ${m.fatal}`));
      };
      child.once('exit', (code) => reject(new Error(`${label} exited (${code}) before ready\n${proc.tail()}`)));
    });
    child.stderr?.on('data', (d) => proc.append(String(d)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => proc.onLine(line));
    try {
      proc.ready = await withTimeout(ready, timeoutMs, `${label} ready`);
    } catch (err) {
      await proc.stop();
      throw err;
    }
    return proc;
  }

  private onMessage: (m: Record<string, unknown>) => void = () => {};

  private onLine(line: string) {
    if (!line.startsWith(PREFIX)) return this.append(`${line}\n`);
    const m = JSON.parse(line.slice(PREFIX.length)) as Record<string, unknown>;
    if (typeof m.id !== 'number') return this.onMessage(m);
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${this.label}: ${m.error}`));
  }

  private append(s: string) {
    this.log = (this.log + s).slice(-20_000);
  }

  tail(chars = 3000): string {
    return this.log.slice(-chars);
  }

  request<T = unknown>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 15_000): Promise<T> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.reject(new Error(`${this.label} is not running\n${this.tail()}`));
    }
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    this.child.stdin?.write(`${JSON.stringify({ id, cmd, args })}\n`);
    return withTimeout(answer, timeoutMs, `${this.label} ${cmd}`).finally(() => this.pending.delete(id));
  }

  /** Closes stdin (the script cleans up and exits), then SIGTERM, then SIGKILL: by this PID only. */
  async stop(graceMs = 5000): Promise<void> {
    const gone = () => this.child.exitCode !== null || this.child.signalCode !== null;
    if (gone()) return;
    this.child.stdin?.end();
    await Promise.race([this.exited, sleep(graceMs)]);
    if (gone()) return;
    this.child.kill('SIGTERM');
    await Promise.race([this.exited, sleep(2000)]);
    if (!gone()) this.child.kill('SIGKILL');
    await Promise.race([this.exited, sleep(2000)]);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
