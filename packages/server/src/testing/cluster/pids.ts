import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Processes by PID, from /proc (Linux). */

/** /proc/<pid>/stat as [state, ppid], or null when there is no such process. */
function stat(pid: number): [string, number] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return [rest[0] ?? '?', Number(rest[1])];
  } catch {
    return null;
  }
}

/** Is the process there (a zombie, exited but not yet reaped by its parent, counts as gone)? */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const s = stat(pid);
  return s === null ? existsSync(`/proc/${pid}`) : s[0] !== 'Z' && s[0] !== 'X';
}

/** Every process below `pid` (children, their children, ...), from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (!s) continue;
    children.set(s[1], [...(children.get(s[1]) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const todo = [pid];
  while (todo.length) {
    for (const c of children.get(todo.pop() as number) ?? []) {
      out.push(c);
      todo.push(c);
    }
  }
  return out;
}

export function signal(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
