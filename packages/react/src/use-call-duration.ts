import { useEffect, useState } from 'react';
import { elapsedSeconds, msToNextSecond } from './logic/duration';

/** Seconds since `connectedAt`, re-rendering on each second boundary while connected. */
export function useCallDuration(connectedAt: number | null): number {
  const [seconds, setSeconds] = useState(() => elapsedSeconds(connectedAt, Date.now()));
  useEffect(() => {
    setSeconds(elapsedSeconds(connectedAt, Date.now()));
    if (connectedAt === null) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const now = Date.now();
      setSeconds(elapsedSeconds(connectedAt, now));
      timer = setTimeout(tick, msToNextSecond(connectedAt, now) + 5);
    };
    tick();
    return () => clearTimeout(timer);
  }, [connectedAt]);
  return seconds;
}
