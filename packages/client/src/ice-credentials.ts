import type { IceServer } from '@calling/protocol';

/** The background refresh runs this long before TURN credentials expire. */
const REFRESH_MARGIN_MS = 60_000;
/**
 * An ICE restart fetches new credentials first only when the current ones are this close to expiry: on a
 * flaky network the fetch itself may stall, and the restart should not wait on it while the old ones work.
 */
export const USABLE_MARGIN_MS = 15_000;

/**
 * TURN credentials in coturn's REST scheme carry their expiry in the username (`<unix-expiry>:<userId>`).
 * Returns the earliest expiry among the servers, in epoch ms, or null when none expires (STUN only).
 */
export function credentialsExpireAt(iceServers: IceServer[]): number | null {
  let earliest: number | null = null;
  for (const s of iceServers) {
    const expiry = Number(s.username?.split(':')[0]);
    if (!s.username || !Number.isFinite(expiry) || expiry <= 0) continue;
    const ms = expiry * 1000;
    earliest = earliest === null ? ms : Math.min(earliest, ms);
  }
  return earliest;
}

export type FetchIceServers = () => Promise<IceServer[]>;

/**
 * The ICE servers of one call: the ones that came with call setup, replaced with fresh ones from the server
 * before they expire (a long call's ICE restart still needs valid TURN credentials).
 */
export class IceServerSource {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private servers: IceServer[],
    private readonly fetchFresh: FetchIceServers,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): IceServer[] {
    return this.servers;
  }

  /** The current servers, refreshed first if their credentials are about to expire (USABLE_MARGIN_MS). */
  async fresh(): Promise<IceServer[]> {
    const expiresAt = credentialsExpireAt(this.servers);
    if (expiresAt !== null && expiresAt - this.now() < USABLE_MARGIN_MS) await this.refresh();
    return this.servers;
  }

  /** Calls onRefreshed with new servers shortly before each expiry, for as long as the call lasts. */
  keepFresh(onRefreshed: (servers: IceServer[]) => void): void {
    this.stop();
    const expiresAt = credentialsExpireAt(this.servers);
    if (expiresAt === null) return;
    const wait = Math.max(5000, expiresAt - REFRESH_MARGIN_MS - this.now());
    const timer = setTimeout(async () => {
      const refreshed = await this.refresh();
      // stop() or another keepFresh() while the fetch was out: this schedule is over, report nothing, re-arm nothing.
      if (this.timer !== timer) return;
      if (refreshed) onRefreshed(this.servers);
      this.keepFresh(onRefreshed);
    }, wait);
    this.timer = timer;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<boolean> {
    try {
      this.servers = await this.fetchFresh();
      return true;
    } catch {
      return false; // keep the old ones; the next attempt comes with the next restart or timer
    }
  }
}
