import { join } from 'node:path';

/** Where the bench writes: .ci/out of this repository, or BENCH_OUT. */
export const ROOT = join(import.meta.dirname, '..', '..');
export const BENCH_OUT = process.env.BENCH_OUT ?? join(ROOT, '.ci', 'out');
/** One mode's calls, written by the bench, read by the merge (afterAll) and the server report (teardown). */
export const modeFile = (mode: string) => join(BENCH_OUT, `accept-bench-${mode}.json`);
/** The modes to run (BENCH_MODES, default both). */
export const benchModes = () => (process.env.BENCH_MODES ?? 'direct,relay-only').split(',').map((m) => m.trim());
