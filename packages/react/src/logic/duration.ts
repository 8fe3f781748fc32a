/** Whole seconds of a call that connected at `connectedAt` (epoch ms), as of `now`; 0 before it connected. */
export function elapsedSeconds(connectedAt: number | null, now: number): number {
  if (connectedAt === null) return 0;
  return Math.max(0, Math.floor((now - connectedAt) / 1000));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 65 -> "01:05"; 3723 -> "1:02:03". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** Milliseconds until the displayed second changes, so a timer can tick on the second boundary. */
export function msToNextSecond(connectedAt: number, now: number): number {
  const into = (now - connectedAt) % 1000;
  return into < 0 ? -into : 1000 - into;
}
