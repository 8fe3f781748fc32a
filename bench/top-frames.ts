/**
 * Where a V8 CPU profile's time goes: the top 25 functions by self time (url:line); the top 15 packages by
 * owned time (each sample charged to the innermost package frame on its stack, so node: internals and natives
 * such as writev count for the package that called them); and the top 15 packages by total time (every sample
 * with one of its functions on the stack, once per sample; native frames count only where they are the leaf).
 * Packages: node_modules/<pkg>, packages/<pkg>/src/<file>, bench/<file>, node:<module>, or a V8 pseudo-frame
 * such as (garbage collector). Percentages are of the non-idle time.
 *
 *   npx tsx --conditions=@calling/source bench/top-frames.ts /tmp/call-load-prof-XXXX/postgres/CPU.*.0.001.cpuprofile [functions=25] [packages=15]
 *
 * Profiles come from `call-load.ts --profile` (node --cpu-prof: the whole life of the process, one file per
 * thread: *.0.001 is the main thread; start-up is a small share of a 20 s run). Samples are taken on a wall
 * clock while JS runs, so read shares, not absolute times.
 */

import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx --conditions=@calling/source bench/top-frames.ts <file.cpuprofile>');
  process.exit(2);
}
const topFunctions = Math.max(1, Number(process.argv[3] ?? 25) || 25);
const topPackages = Math.max(1, Number(process.argv[4] ?? 15) || 15);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const n of profile.nodes) {
  byId.set(n.id, n);
  for (const c of n.children ?? []) parent.set(c, n.id);
}

const PSEUDO = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

function packageOf(f: CallFrame): string {
  if (!f.url) return PSEUDO.has(f.functionName) ? f.functionName : '(V8 builtins and native)';
  const url = f.url.replace(/^file:\/\//, '');
  const nm = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].pop();
  if (nm) return `node_modules/${nm[1]}`;
  const ws = /\/packages\/([^/]+)\/src\/(.+)$/.exec(url);
  if (ws) return `packages/${ws[1]}/src/${ws[2]}`;
  const bench = /\/bench\/(.+)$/.exec(url);
  if (bench) return `bench/${bench[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  return url;
}

function shortUrl(f: CallFrame): string {
  if (!f.url) return '(native)';
  const url = f.url.replace(/^file:\/\//, '');
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm);
  const ws = url.search(/\/(packages|bench)\//);
  return ws >= 0 ? url.slice(ws + 1) : url;
}

// Sample i lasts until sample i+1 (the last one gets the mean).
const n = profile.samples.length;
const mean = n > 0 ? (profile.endTime - profile.startTime) / n : 0;
const duration = (i: number) => (i + 1 < n ? (profile.timeDeltas[i + 1] ?? 0) : mean);

const self = new Map<string, { us: number; name: string; where: string }>();
const pkgSelf = new Map<string, number>();
const pkgOwned = new Map<string, number>();
/** A package of the application's: a dependency, a workspace file, the bench; not node: internals or natives. */
const isApp = (pkg: string) => /^(node_modules|packages|bench)\//.test(pkg);
const pkgTotal = new Map<string, number>();
let total = 0;
let idle = 0;
for (let i = 0; i < n; i++) {
  const us = Math.max(0, duration(i));
  const leaf = byId.get(profile.samples[i] as number);
  if (!leaf) continue;
  total += us;
  if (leaf.callFrame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  const f = leaf.callFrame;
  const key = `${f.functionName}@${f.url}:${f.lineNumber}`;
  const entry = self.get(key) ?? {
    us: 0,
    name: f.functionName || '(anonymous)',
    where: `${shortUrl(f)}:${f.lineNumber + 1}`,
  };
  entry.us += us;
  self.set(key, entry);
  const leafPkg = packageOf(f);
  pkgSelf.set(leafPkg, (pkgSelf.get(leafPkg) ?? 0) + us);
  const seen = new Set<string>();
  let owner: string | null = null;
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(root)') continue;
    if (owner === null && node.callFrame.url && isApp(packageOf(node.callFrame))) owner = packageOf(node.callFrame);
    // Native frames (microtask runners, builtins) sit under nearly every stack: not a package.
    if (node.callFrame.url) seen.add(packageOf(node.callFrame));
  }
  if (!leaf.callFrame.url) seen.add(leafPkg);
  for (const p of seen) pkgTotal.set(p, (pkgTotal.get(p) ?? 0) + us);
  const charged = owner ?? (leafPkg.startsWith('node:') ? 'node: internals (no package on the stack)' : leafPkg);
  pkgOwned.set(charged, (pkgOwned.get(charged) ?? 0) + us);
}

const busy = total - idle;
const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
const pct = (us: number) => `${((100 * us) / (busy || 1)).toFixed(1).padStart(5)} %`;

console.log(`${file}`);
console.log(`sampled ${ms(total)} ms, idle ${ms(idle)} ms, busy ${ms(busy)} ms (percentages of busy)\n`);
console.log(`Top ${topFunctions} functions by self time`);
console.log('     ms  share  function  (url:line)');
for (const e of [...self.values()].sort((a, b) => b.us - a.us).slice(0, topFunctions)) {
  console.log(`${ms(e.us)} ${pct(e.us)}  ${e.name}  (${e.where})`);
}
console.log(`\nTop ${topPackages} packages by total time (self time beside it)`);
console.log('  total ms  share    self ms  share  package');
for (const [p, us] of [...pkgTotal.entries()].sort((a, b) => b[1] - a[1]).slice(0, topPackages)) {
  const s = pkgSelf.get(p) ?? 0;
  console.log(`  ${ms(us)} ${pct(us)}   ${ms(s)} ${pct(s)}  ${p}`);
}

console.log(`\nTop ${topPackages} packages by owned time (each sample charged to the innermost package on its stack,`);
console.log('so node: internals and native calls such as writev count for the package that made them)');
console.log('  owned ms  share  package');
for (const [p, us] of [...pkgOwned.entries()].sort((a, b) => b[1] - a[1]).slice(0, topPackages)) {
  console.log(`  ${ms(us)} ${pct(us)}  ${p}`);
}
