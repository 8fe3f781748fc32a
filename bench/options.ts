/** A number option of a bench: the value clamped to [lo, hi], or def when it is not a number. */
export const clamp = (v: string | undefined, lo: number, hi: number, def: number): number => {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : def;
};
